package com.tradeul.metasync.devtools.bench;

import com.tradeul.metasync.devtools.bench.BenchReport.Header;
import com.tradeul.metasync.devtools.bench.BenchReport.Latency;
import com.tradeul.metasync.devtools.bench.BenchReport.Repetition;
import com.tradeul.metasync.devtools.bench.BenchReport.Resources;
import java.util.List;
import java.util.Map;

/** Reports with made-up figures, for the rendering tests. */
final class ReportFixtures {

    static final long MB = 1024L * 1024L;

    private ReportFixtures() {}

    static Header header() {
        return new Header("2026-01-02T03:04:05Z", 2, "17.0.9 (OpenJDK)", "15.10", "7.0.15", "4.3.0", "3.6.1.Final",
                List.of(2000), 1, 3, 2048 * MB, "what is measured", null);
    }

    static Repetition repetition(double metasync, double baseline, double cpu, long rssMb, long heapMb, Map<String, Object> checks) {
        return new Repetition(metasync, baseline, new Resources(cpu, rssMb * MB, heapMb * MB), null, checks);
    }

    static Repetition latencyRepetition(double p99, double baseline, Latency latency, Map<String, Object> checks) {
        return new Repetition(p99, baseline, new Resources(1.5, 700 * MB, 300 * MB), latency, checks);
    }
}
