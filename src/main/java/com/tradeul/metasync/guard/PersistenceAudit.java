package com.tradeul.metasync.guard;

import com.tradeul.metasync.guard.Finding.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Decides which Redis settings and states lose data, from INFO and CONFIG GET. Pure: the same
 * answers for canned INFO texts of any Redis version as for a live server.
 */
public final class PersistenceAudit {

    /** Below this share of maxmemory left free, a burst of changes can make Redis refuse writes. */
    public static final double MIN_HEADROOM = 0.20;

    private PersistenceAudit() {}

    /**
     * @param config CONFIG GET values (maxmemory-policy, appendonly, appendfsync, maxmemory,
     *     stop-writes-on-bgsave-error); a missing one is not judged (CONFIG may be renamed)
     * @param evictedAtStart evicted_keys when metasync started watching
     */
    public static List<Finding> audit(RedisInfo info, Map<String, String> config, long evictedAtStart) {
        List<Finding> findings = new ArrayList<>();
        String policy = config.get("maxmemory-policy");
        if (policy != null && !policy.equals("noeviction")) {
            findings.add(new Finding(Severity.ERROR, "maxmemory-policy", "is " + policy + ": Redis evicts keys when memory is full,"
                    + " silently dropping rows", "CONFIG SET maxmemory-policy noeviction (and set it in redis.conf)", "noeviction"));
        }
        if ("no".equals(config.get("appendonly"))) {
            findings.add(new Finding(Severity.WARNING, "appendonly", "is no: a restart loses every change since the last RDB save",
                    "CONFIG SET appendonly yes (and in redis.conf)", "yes"));
        }
        if ("no".equals(config.get("appendfsync"))) {
            findings.add(new Finding(Severity.WARNING, "appendfsync", "is no: the OS decides when the AOF reaches disk",
                    "CONFIG SET appendfsync everysec", "everysec"));
        }
        findings.addAll(memory(info, config));
        long evicted = info.number("evicted_keys", 0);
        if (evicted > evictedAtStart) {
            findings.add(new Finding(Severity.ERROR, "evicted_keys", (evicted - evictedAtStart) + " keys evicted since metasync started:"
                    + " rows were lost from Redis", "set maxmemory-policy noeviction and enough maxmemory; metasync replays the tables", null));
        }
        if ("err".equals(info.get("rdb_last_bgsave_status").orElse("ok"))) {
            findings.add(new Finding(Severity.ERROR, "rdb_last_bgsave_status", "the last background save failed",
                    "read the Redis log (disk full? dir not writable?) and fix it; metasync retries the save", null));
        }
        if ("err".equals(info.get("aof_last_write_status").orElse("ok"))) {
            findings.add(new Finding(Severity.ERROR, "aof_last_write_status", "the last AOF write failed",
                    "read the Redis log (disk full?) and fix it", null));
        }
        if ("no".equals(config.get("stop-writes-on-bgsave-error"))) {
            findings.add(new Finding(Severity.WARNING, "stop-writes-on-bgsave-error", "is no: Redis keeps accepting writes it cannot save",
                    "CONFIG SET stop-writes-on-bgsave-error yes (metasync waits while Redis refuses writes, losing nothing)", "yes"));
        }
        return findings;
    }

    private static List<Finding> memory(RedisInfo info, Map<String, String> config) {
        String max = config.get("maxmemory");
        if (max == null) {
            return List.of();
        }
        long limit = Long.parseLong(max);
        if (limit == 0) {
            return List.of(new Finding(Severity.WARNING, "maxmemory", "is 0 (no limit): when the machine runs out of memory the OS kills Redis",
                    "CONFIG SET maxmemory to what this Redis may use, with noeviction", null));
        }
        long used = info.number("used_memory", 0);
        double free = 1.0 - (double) used / limit;
        if (free < MIN_HEADROOM) {
            return List.of(new Finding(free <= 0 ? Severity.ERROR : Severity.WARNING, "maxmemory",
                    String.format("only %.0f%% free (%,d of %,d bytes used): writes will be refused (OOM) soon", Math.max(0, free) * 100, used, limit),
                    "raise maxmemory (CONFIG SET maxmemory ...) or give Redis more memory", null));
        }
        return List.of();
    }
}
