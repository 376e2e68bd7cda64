package com.tradeul.metasync.devtools.bench;

import com.tradeul.metasync.apply.ApplyStats;
import com.tradeul.metasync.devtools.bench.BenchReport.Latency;
import com.tradeul.metasync.devtools.bench.BenchReport.Repetition;
import com.tradeul.metasync.devtools.bench.BenchReport.Resources;
import com.tradeul.metasync.devtools.bench.BenchReport.ScenarioResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Single-row UPDATE transactions at a fixed rate for a fixed time; latency from the commit's return
 * to the keyspace notification of the key's SET in Redis. Baseline: the round trip of one SET from
 * this JVM. The figure compared is p99. Each rate is first offered for a warm-up that is not
 * measured: right after start (or a change of rate) the JIT is still compiling the streaming path
 * on these two cores, and the first seconds measured that, not the steady state (p99 of 0.4-1.7 s
 * in the first repetition, 35-55 ms in the next two). Each repetition also records where the time
 * went inside metasync ({@link HopSamples}: capture, kafka, apply), to tell the hop that limits,
 * and how busy the whole machine was ({@link MachineCpu}): near 100 %, every hop queues for a core.
 */
final class LatencyScenario {

    private static final int BASELINE_ROUND_TRIPS = 2_000;
    private static final long GRACE_MILLIS = 5_000;
    /** How long the warm-up's changes may take to drain: measuring starts from an empty pipeline. */
    private static final long WARM_UP_DRAIN_MILLIS = 120_000;
    /** Longest warm-up; never longer than the measured time (--duration). */
    static final Duration WARM_UP = Duration.ofSeconds(5);

    private LatencyScenario() {}

    static Summary.Kind kind(int rate) {
        return new Summary.Kind("latency@" + rate + "/s", "ms p99", false, "one SET round trip");
    }

    static ScenarioResult run(BenchContext ctx, int rows, int rate, long runNumber) throws Exception {
        ApplyStats applyStats = ctx.live(rows).applyStats();
        warmUp(ctx, rows, rate, (runNumber * 100 + 99) * 1_000_000_000_000L);
        List<Repetition> repetitions = new ArrayList<>();
        for (int rep = 1; rep <= ctx.options.repetitions(); rep++) {
            Latency baseline = LatencySamples.ofNanos(ctx.redis.setRoundTrips(BASELINE_ROUND_TRIPS));
            // Numbers above every generated volume, distinct per run, so an old value is never taken for a new change.
            long base = (runNumber * 100 + rep) * 1_000_000_000_000L;
            int capacity = (int) Math.min(Integer.MAX_VALUE - 8, new RatePacer(0, rate).operationsWithin(ctx.options.streaming().toNanos()) + 16);
            AtomicLongArray commits = new AtomicLongArray(capacity);
            AtomicLongArray arrivals = new AtomicLongArray(capacity);
            ProcessMeter.Mark mark = ctx.meter.start();
            MachineCpu.Ticks machine = MachineCpu.mark();
            UpdateLoad.Outcome load;
            long notifications;
            HopSamples hops = HopSamples.listen(applyStats);
            try (hops; ArrivalWatcher watcher = new ArrivalWatcher(ctx.redis.client(), base, arrivals)) {
                load = new UpdateLoad(ctx.services.postgres, rows).numbered(rate, ctx.options.streaming(), base, commits);
                awaitArrivals(commits, arrivals, load.transactions(), GRACE_MILLIS);
                notifications = watcher.notifications();
            }
            Resources resources = mark.stop();
            Map<String, Object> machineShares = MachineCpu.sharesSince(machine);
            Latency latency = LatencySamples.of(toArray(commits), toArray(arrivals));
            ctx.progress("%s, %,d rows, repetition %d: p50 %.1f ms, p99 %.1f ms, max %.1f ms (%,d of %,d changes seen); "
                    + "SET round trip p99 %.2f ms; hops to Redis's answer: %s; machine busy %s, steal %s", ctx.kind(kind(rate)).scenario(),
                    rows, rep, latency.p50Ms(), latency.p99Ms(), latency.maxMs(), latency.samples(), load.transactions(), baseline.p99Ms(),
                    hops.describe(), machineShares.getOrDefault("machineBusyShare", "n/a"), machineShares.getOrDefault("machineStealShare", "n/a"));
            Map<String, Object> checks = new LinkedHashMap<>(Map.of(
                    "offeredPerSecond", rate, "achievedPerSecond", load.changesPerSecond(), "changes", load.changes(),
                    "changesSeen", latency.samples(), "notifications", notifications,
                    "baselineP50Ms", baseline.p50Ms(), "peakRssReset", mark.rssReset()));
            checks.putAll(hops.checks());
            checks.putAll(machineShares);
            repetitions.add(new Repetition(latency.p99Ms(), baseline.p99Ms(), resources, latency, checks));
        }
        return Summary.of(ctx.kind(kind(rate)), rows, repetitions);
    }

    /** The same load for {@link #WARM_UP} at most, not measured; returns once its changes are in Redis. */
    private static void warmUp(BenchContext ctx, int rows, int rate, long base) throws Exception {
        Duration warmUp = ctx.options.streaming().compareTo(WARM_UP) < 0 ? ctx.options.streaming() : WARM_UP;
        int capacity = (int) new RatePacer(0, rate).operationsWithin(warmUp.toNanos()) + 16;
        AtomicLongArray commits = new AtomicLongArray(capacity);
        AtomicLongArray arrivals = new AtomicLongArray(capacity);
        try (ArrivalWatcher watcher = new ArrivalWatcher(ctx.redis.client(), base, arrivals)) {
            UpdateLoad.Outcome load = new UpdateLoad(ctx.services.postgres, rows).numbered(rate, warmUp, base, commits);
            awaitArrivals(commits, arrivals, load.transactions(), WARM_UP_DRAIN_MILLIS);
        }
        ctx.progress("latency at %,d/s, %,d rows: warmed up for %d s (not measured)", rate, rows, warmUp.toSeconds());
    }

    /** Waits until every committed change was seen, or for {@code graceMillis} after the load ends. */
    private static void awaitArrivals(AtomicLongArray commits, AtomicLongArray arrivals, long sent, long graceMillis)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(graceMillis);
        while (System.nanoTime() < deadline && seen(commits, arrivals) < sent) {
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }

    private static long seen(AtomicLongArray commits, AtomicLongArray arrivals) {
        long seen = 0;
        for (int i = 0; i < commits.length(); i++) {
            if (commits.get(i) != 0 && arrivals.get(i) != 0) {
                seen++;
            }
        }
        return seen;
    }

    private static long[] toArray(AtomicLongArray array) {
        long[] copy = new long[array.length()];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = array.get(i);
        }
        return copy;
    }
}
