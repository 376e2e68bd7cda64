package com.tradeul.metasync.devtools.bench;

import com.tradeul.metasync.devtools.bench.BenchReport.Latency;
import java.util.Arrays;

/** Turns commit and arrival times of numbered changes into latency percentiles. Pure. */
final class LatencySamples {

    private static final String VOLUME = "\"volume\":";

    private LatencySamples() {}

    /** The {@code volume} member of a row's JSON, which carries a change's number; -1 when absent or null. */
    static long volumeOf(String json) {
        if (json == null) {
            return -1;
        }
        int at = json.indexOf(VOLUME);
        if (at < 0) {
            return -1;
        }
        int start = at + VOLUME.length();
        int end = start;
        while (end < json.length() && (Character.isDigit(json.charAt(end)) || (end == start && json.charAt(end) == '-'))) {
            end++;
        }
        return end == start ? -1 : Long.parseLong(json.substring(start, end));
    }

    /**
     * Latency of each change seen both committed and arrived (0 where either is missing). An arrival
     * a hair before the committing thread noted its commit counts as 0, not negative.
     */
    static Latency of(long[] commitNanos, long[] arrivalNanos) {
        int n = Math.min(commitNanos.length, arrivalNanos.length);
        long[] latencies = new long[n];
        int count = 0;
        for (int i = 0; i < n; i++) {
            if (commitNanos[i] != 0 && arrivalNanos[i] != 0) {
                latencies[count++] = Math.max(0, arrivalNanos[i] - commitNanos[i]);
            }
        }
        return ofNanos(Arrays.copyOf(latencies, count));
    }

    static Latency ofNanos(long[] nanos) {
        return new Latency(Stats.percentile(nanos, 50) / 1e6, Stats.percentile(nanos, 99) / 1e6, Stats.max(nanos) / 1e6, nanos.length);
    }
}
