package com.tradeul.metasync.devtools.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Time this JVM's threads of one name spent runnable but waiting for a core, from Linux's
 * {@code /proc/self/task/<tid>/schedstat} (its second field): on a machine whose cores are all busy,
 * a stage slows down by this much without using more CPU. Zero where {@code /proc} has no such
 * file (another OS, or a kernel without schedstats).
 */
final class RunQueueWait {

    private static final Path TASKS = Path.of("/proc/self/task");

    private final String threadName;
    private final Map<String, Long> atMark;

    private RunQueueWait(String threadName) {
        this.threadName = threadName;
        this.atMark = waitByTask(threadName);
    }

    /** @param threadName as Linux shows it: the thread's name cut to 15 characters */
    static RunQueueWait mark(String threadName) {
        return new RunQueueWait(threadName.length() > 15 ? threadName.substring(0, 15) : threadName);
    }

    long nanosSinceMark() {
        long total = 0;
        for (Map.Entry<String, Long> now : waitByTask(threadName).entrySet()) {
            total += now.getValue() - atMark.getOrDefault(now.getKey(), 0L);
        }
        return total;
    }

    /** {@code "1234 5678 9"} (on CPU, waiting, timeslices; nanoseconds) -> 5678. */
    static long waitingNanos(String schedstat) {
        String[] fields = schedstat.trim().split("\\s+");
        return fields.length < 2 ? 0 : Long.parseLong(fields[1]);
    }

    private static Map<String, Long> waitByTask(String threadName) {
        Map<String, Long> waits = new HashMap<>();
        if (!Files.isDirectory(TASKS)) {
            return waits;
        }
        try (Stream<Path> tasks = Files.list(TASKS)) {
            tasks.forEach(task -> {
                try {
                    if (Files.readString(task.resolve("comm")).strip().equals(threadName)) {
                        waits.put(task.getFileName().toString(), waitingNanos(Files.readString(task.resolve("schedstat"))));
                    }
                } catch (IOException | RuntimeException e) {
                    // the thread ended between listing and reading, or no schedstat: it counts as no wait
                }
            });
        } catch (IOException e) {
            return waits;
        }
        return waits;
    }
}
