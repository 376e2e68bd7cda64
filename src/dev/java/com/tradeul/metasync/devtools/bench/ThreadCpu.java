package com.tradeul.metasync.devtools.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;

/**
 * CPU time of this JVM's threads whose names start with a prefix ({@code metasync-apply},
 * {@code lettuce-}): the bench runs metasync in its own JVM, so a stage's threads can be read
 * directly. Threads started after {@link #mark} count from zero; threads that ended are lost.
 */
final class ThreadCpu {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final String prefix;
    private final Map<Long, Long> atMark;

    private ThreadCpu(String prefix) {
        this.prefix = prefix;
        this.atMark = cpuByThread(prefix);
    }

    static ThreadCpu mark(String prefix) {
        return new ThreadCpu(prefix);
    }

    /** CPU nanoseconds the matching threads used since {@link #mark}. */
    long nanosSinceMark() {
        long total = 0;
        for (Map.Entry<Long, Long> now : cpuByThread(prefix).entrySet()) {
            total += now.getValue() - atMark.getOrDefault(now.getKey(), 0L);
        }
        return total;
    }

    private static Map<Long, Long> cpuByThread(String prefix) {
        Map<Long, Long> cpu = new HashMap<>();
        if (!THREADS.isThreadCpuTimeSupported()) {
            return cpu;
        }
        for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith(prefix)) {
                long nanos = THREADS.getThreadCpuTime(info.getThreadId());
                if (nanos >= 0) {
                    cpu.put(info.getThreadId(), nanos);
                }
            }
        }
        return cpu;
    }
}
