package com.tradeul.metasync.devtools.bench;

import com.tradeul.metasync.apply.ApplyStats;
import com.tradeul.metasync.apply.ApplyStats.AppliedBatch;
import com.tradeul.metasync.apply.BatchPlan.CommittedChange;
import com.tradeul.metasync.apply.FreshnessHops;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Where the latency of the changes applied while it listens went, hop by hop ({@link FreshnessHops}:
 * capture, kafka, apply), so a latency repetition says which hop holds changes back, not only how
 * long they took. The hops are apply's view, from PostgreSQL's commit to Redis's acknowledgement;
 * the scenario's own latency ends later, at the keyspace notification. Thread safe.
 */
final class HopSamples implements Consumer<AppliedBatch>, AutoCloseable {

    private static final String[] HOPS = {FreshnessHops.CAPTURE, FreshnessHops.KAFKA, FreshnessHops.APPLY};

    private final ApplyStats stats;
    private final long[][] millis = new long[HOPS.length][1024];
    private int count;

    private HopSamples(ApplyStats stats) {
        this.stats = stats;
    }

    /** Collects from now until closed. */
    static HopSamples listen(ApplyStats stats) {
        HopSamples samples = new HopSamples(stats);
        stats.listen(samples);
        return samples;
    }

    @Override
    public synchronized void accept(AppliedBatch batch) {
        for (CommittedChange change : batch.committed()) {
            FreshnessHops hops = batch.hops(change);
            if (hops == null) {
                continue;
            }
            if (count == millis[0].length) {
                for (int h = 0; h < HOPS.length; h++) {
                    millis[h] = Arrays.copyOf(millis[h], count * 2);
                }
            }
            millis[0][count] = hops.captureMillis();
            millis[1][count] = hops.kafkaMillis();
            millis[2][count] = hops.applyMillis();
            count++;
        }
    }

    /** {@code hop.<name>.p50Ms} and {@code .p99Ms} per hop, and {@code hop.samples}: the repetition's checks. */
    synchronized Map<String, Object> checks() {
        Map<String, Object> checks = new LinkedHashMap<>();
        for (int h = 0; h < HOPS.length; h++) {
            long[] values = Arrays.copyOf(millis[h], count);
            checks.put("hop." + HOPS[h] + ".p50Ms", Stats.percentile(values, 50));
            checks.put("hop." + HOPS[h] + ".p99Ms", Stats.percentile(values, 99));
        }
        checks.put("hop.samples", count);
        return checks;
    }

    /** For the progress line: "capture p50 3 / p99 12 ms, kafka ..., apply ...". */
    synchronized String describe() {
        StringBuilder text = new StringBuilder();
        for (int h = 0; h < HOPS.length; h++) {
            long[] values = Arrays.copyOf(millis[h], count);
            text.append(h == 0 ? "" : ", ").append(HOPS[h]).append(String.format(" p50 %.0f / p99 %.0f ms", Stats.percentile(values, 50),
                    Stats.percentile(values, 99)));
        }
        return text.toString();
    }

    @Override
    public void close() {
        stats.unlisten(this);
    }
}
