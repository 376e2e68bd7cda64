package com.tradeul.metasync.devtools.bench;

import java.util.List;
import java.util.Map;

/**
 * One run of {@code metasync bench}: where it ran and, per scenario and table size, the median of
 * the repetitions next to the baseline measured in the same run. Written as JSON and as a
 * Markdown table. Immutable values; nulls only where documented.
 */
public record BenchReport(Header header, List<ScenarioResult> results) {

    public BenchReport {
        results = List.copyOf(results);
    }

    /**
     * The machine and versions.
     *
     * @param measured what the CPU, RSS and heap figures include
     * @param redisCluster the local Redis Cluster of the {@code @cluster} rows, e.g. "3 masters + 3 replicas";
     *                     null when none ran
     */
    public record Header(String date, int cores, String java, String postgres, String redis, String kafka,
                         String debezium, List<Integer> rows, int repetitions, int streamingSeconds,
                         long maxHeapBytes, String measured, String redisCluster) {
        public Header {
            rows = List.copyOf(rows);
        }
    }

    /**
     * One scenario at one table size.
     *
     * @param unit          unit of {@code metasync} and {@code baseline}, e.g. "rows/s" or "ms p99"
     * @param higherIsBetter whether a larger figure is better (rows/s) or worse (latency)
     * @param baselineName  what the baseline measures
     * @param ratio         median over repetitions of metasync ÷ baseline
     * @param latency       median latency over repetitions; null for scenarios that measure none
     * @param checks        non-timing facts a reader (and CI) can hold the run to, e.g. keys found
     */
    public record ScenarioResult(String scenario, int rows, String unit, boolean higherIsBetter, double metasync,
                                 String baselineName, double baseline, double ratio, Resources resources,
                                 Latency latency, Map<String, Object> checks, List<Repetition> repetitions) {
        public ScenarioResult {
            checks = Map.copyOf(checks);
            repetitions = List.copyOf(repetitions);
        }

        /** This result with one more check (a figure of the scenario as a whole). */
        public ScenarioResult withCheck(String name, Object value) {
            return withChecks(Map.of(name, value));
        }

        /** This result with more checks (figures of the scenario as a whole); a name already there is replaced. */
        public ScenarioResult withChecks(Map<String, Object> added) {
            Map<String, Object> more = new java.util.TreeMap<>(checks);
            more.putAll(added);
            return new ScenarioResult(scenario, rows, unit, higherIsBetter, metasync, baselineName, baseline, ratio, resources,
                    latency, more, repetitions);
        }
    }

    /** One repetition; {@code latency} null when the scenario measures none. */
    public record Repetition(double metasync, double baseline, Resources resources, Latency latency,
                             Map<String, Object> checks) {
        public Repetition {
            checks = Map.copyOf(checks);
        }
    }

    /**
     * Cost of the measured part in the bench JVM.
     *
     * @param peakRssBytes  VmHWM after resetting it (or since JVM start when the reset is refused: see checks)
     * @param peakHeapBytes sum of the peak usage of each heap pool since the reset (an upper bound of the real peak)
     */
    public record Resources(double cpuSeconds, long peakRssBytes, long peakHeapBytes) {}

    /** Commit-to-Redis latency (or the baseline's round trip), in milliseconds. */
    public record Latency(double p50Ms, double p99Ms, double maxMs, long samples) {}
}
