package com.tradeul.metasync.devtools.bench;

import com.sun.management.OperatingSystemMXBean;
import com.tradeul.metasync.devtools.bench.BenchReport.Resources;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * CPU time, peak RSS and peak heap of this JVM over a measured part: {@link #start} resets the
 * peaks (RSS through {@code /proc/self/clear_refs}, heap through each pool's peak), {@link Mark#stop}
 * reads them. Not thread safe: one measured part at a time.
 */
final class ProcessMeter {

    private static final Path STATUS = Path.of("/proc/self/status");
    private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");

    private final OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP).toList();

    /** A started measurement. */
    final class Mark {
        private final long cpuNanos = os.getProcessCpuTime();
        private final boolean rssReset;

        private Mark(boolean rssReset) {
            this.rssReset = rssReset;
        }

        /** Whether peak RSS was reset at start; if not, it is the peak since the JVM started. */
        boolean rssReset() {
            return rssReset;
        }

        Resources stop() {
            long heap = heapPools.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
            return new Resources((os.getProcessCpuTime() - cpuNanos) / 1e9, peakRssBytes(), heap);
        }
    }

    Mark start() {
        heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);
        return new Mark(resetPeakRss());
    }

    /** Writing 5 to clear_refs resets VmHWM to the current RSS (Linux 4.0+). */
    private static boolean resetPeakRss() {
        try {
            Files.writeString(CLEAR_REFS, "5");
            return true;
        } catch (IOException | SecurityException e) {
            return false;
        }
    }

    /** VmHWM of /proc/self/status, in bytes; 0 where there is no /proc. */
    static long peakRssBytes() {
        try {
            return parseKiloBytes(Files.readAllLines(STATUS), "VmHWM:") * 1024;
        } catch (IOException e) {
            return 0;
        }
    }

    static long parseKiloBytes(List<String> statusLines, String field) {
        for (String line : statusLines) {
            if (line.startsWith(field)) {
                return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
            }
        }
        return 0;
    }
}
