package com.tradeul.metasync.devtools.bench;

import com.tradeul.metasync.Pipeline;
import com.tradeul.metasync.devtools.bench.BenchReport.Repetition;
import com.tradeul.metasync.devtools.bench.BenchReport.Resources;
import com.tradeul.metasync.devtools.bench.BenchReport.ScenarioResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The highest change rate metasync sustains with bounded lag ({@link ThroughputSearch}), offered as
 * UPDATE transactions of {@value #ROWS_PER_TRANSACTION} rows. Baseline: the change rate the same
 * load generator reaches unthrottled, while metasync runs, which is the most this machine's
 * PostgreSQL produces here.
 */
final class ThroughputScenario {

    static final Summary.Kind KIND = new Summary.Kind("throughput", "changes/s", true, "unthrottled UPDATE rate");
    static final int ROWS_PER_TRANSACTION = 50;
    private static final double START_RATE = 1_000;
    private static final double MAX_RATE = 256_000;
    private static final Duration DRAIN = Duration.ofSeconds(120);

    private ThroughputScenario() {}

    static ScenarioResult run(BenchContext ctx, int rows) throws Exception {
        Pipeline live = ctx.live(rows);
        UpdateLoad load = new UpdateLoad(ctx.services.postgres, rows);
        Duration step = ctx.options.throughputStep();
        List<Repetition> repetitions = new ArrayList<>();
        for (int rep = 1; rep <= ctx.options.repetitions(); rep++) {
            double baseline = load.batched(1e12, step, ROWS_PER_TRANSACTION, new AtomicLong()).changesPerSecond();
            drain(live, ctx);
            ThroughputSearch search = new ThroughputSearch(START_RATE, MAX_RATE);
            ProcessMeter.Mark mark = ctx.meter.start();
            for (var rate = search.nextRate(); rate.isPresent(); rate = search.nextRate()) {
                search.record(step(live, load, rate.get(), step));
                drain(live, ctx);
            }
            Resources resources = mark.stop();
            double best = search.best().map(ThroughputSearch.Step::achievedPerSecond).orElse(0.0);
            ctx.progress("%s %,d rows, repetition %d: %,.0f changes/s with bounded lag (%s); unthrottled generator %,.0f changes/s",
                    ctx.kind(KIND).scenario(), rows, rep, best, search.stopReason(), baseline);
            repetitions.add(new Repetition(best, baseline, resources, null, Map.of(
                    "stopReason", search.stopReason(), "steps", describe(search.steps()),
                    "stepSeconds", step.toMillis() / 1000.0, "peakRssReset", mark.rssReset())));
        }
        return Summary.of(ctx.kind(KIND), rows, repetitions);
    }

    /** Offers {@code rate} for {@code length}, sampling the lag in the middle and at the end. */
    private static ThroughputSearch.Step step(Pipeline live, UpdateLoad load, double rate, Duration length) throws Exception {
        AtomicLong committed = new AtomicLong();
        long appliedBefore = live.applyStats().records();
        AtomicLong lagAtMiddle = new AtomicLong(-1);
        Thread sampler = new Thread(() -> {
            try {
                Thread.sleep(length.toMillis() / 2);
                lagAtMiddle.set(committed.get() - (live.applyStats().records() - appliedBefore));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "bench-lag-sampler");
        sampler.start();
        UpdateLoad.Outcome outcome = load.batched(rate, length, ROWS_PER_TRANSACTION, committed);
        long lagAtEnd = committed.get() - (live.applyStats().records() - appliedBefore);
        sampler.join();
        return new ThroughputSearch.Step(rate, outcome.changesPerSecond(), Math.max(0, lagAtMiddle.get()), Math.max(0, lagAtEnd),
                outcome.seconds());
    }

    /** Waits until apply has caught up with every committed change (nothing new arrives for a moment). */
    private static void drain(Pipeline live, BenchContext ctx) throws InterruptedException {
        long deadline = System.nanoTime() + DRAIN.toNanos();
        long last = -1;
        while (System.nanoTime() < deadline) {
            BenchPipelines.failIfStopped(live);
            long now = live.applyStats().records();
            if (now == last) {
                return;
            }
            last = now;
            TimeUnit.MILLISECONDS.sleep(500);
        }
        ctx.progress("WARNING: apply still busy %d s after the load stopped", DRAIN.toSeconds());
    }

    private static String describe(List<ThroughputSearch.Step> steps) {
        List<String> parts = new ArrayList<>();
        for (ThroughputSearch.Step s : steps) {
            parts.add(String.format(Locale.ROOT, "%.0f->%.0f/s lag %d->%d", s.offeredPerSecond(), s.achievedPerSecond(),
                    s.lagAtMiddle(), s.lagAtEnd()));
        }
        return String.join("; ", parts);
    }
}
