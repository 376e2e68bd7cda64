package com.tradeul.metasync.apply;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Times one stage of apply's thread on the wall clock and on the thread's CPU clock: a stage whose
 * wall time far exceeds its CPU time waits (for Kafka, for Redis, or for a core on a busy machine).
 * Reading the thread's CPU clock costs about a microsecond, a few per batch.
 */
final class StageTimer {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final boolean CPU_CLOCK = THREADS.isCurrentThreadCpuTimeSupported() && THREADS.isThreadCpuTimeEnabled();

    private final long wallStart = System.nanoTime();
    private final long cpuStart = cpuNanos();

    private StageTimer() {}

    static StageTimer start() {
        return new StageTimer();
    }

    void stop(ApplyStats stats, ApplyStats.Stage stage) {
        stats.spent(stage, System.nanoTime() - wallStart, cpuNanos() - cpuStart);
    }

    private static long cpuNanos() {
        return CPU_CLOCK ? THREADS.getCurrentThreadCpuTime() : 0;
    }
}
