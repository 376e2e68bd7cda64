package com.tradeul.metasync.devtools.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How busy the whole machine was over a window, from Linux's {@code /proc/stat} (its first line,
 * all cores): the share of the cores' time not idle, and the share the hypervisor gave to other
 * guests (steal). A latency measured while the machine is busy near 100 % is queueing for a core,
 * in PostgreSQL, the broker, capture, apply and Redis alike, not the limit of one stage. Empty where
 * there is no {@code /proc/stat}.
 */
final class MachineCpu {

    private static final Path STAT = Path.of("/proc/stat");

    /** Jiffies since boot: idle (idle + iowait), steal, and all. */
    record Ticks(long idle, long steal, long total) {

        /** {@code "cpu  user nice system idle iowait irq softirq steal guest guest_nice"} -> ticks; guest time is already in user. */
        static Ticks parse(String cpuLine) {
            String[] f = cpuLine.trim().split("\\s+");
            if (f.length < 9 || !f[0].equals("cpu")) {
                throw new IllegalArgumentException("not the all-cores line of /proc/stat: " + cpuLine);
            }
            long total = 0;
            for (int i = 1; i <= 8; i++) {
                total += Long.parseLong(f[i]);
            }
            return new Ticks(Long.parseLong(f[4]) + Long.parseLong(f[5]), Long.parseLong(f[8]), total);
        }

        /** {@code machineBusyShare} and {@code machineStealShare} from this mark to {@code later}. */
        Map<String, Object> sharesUntil(Ticks later) {
            long total = later.total - this.total;
            Map<String, Object> shares = new LinkedHashMap<>();
            if (total > 0) {
                shares.put("machineBusyShare", round(1 - (double) (later.idle - idle) / total));
                shares.put("machineStealShare", round((double) (later.steal - steal) / total));
            }
            return shares;
        }

        private static double round(double share) {
            return Math.round(share * 1000) / 1000.0;
        }
    }

    private MachineCpu() {}

    /** Now; null where /proc/stat cannot be read. */
    static Ticks mark() {
        try {
            return Ticks.parse(Files.readAllLines(STAT).get(0));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The shares from {@code start} to now; empty when either end could not be read. */
    static Map<String, Object> sharesSince(Ticks start) {
        Ticks now = mark();
        return start == null || now == null ? Map.of() : start.sharesUntil(now);
    }
}
