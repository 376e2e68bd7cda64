package com.tradeul.metasync.guard;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** When to force a save and how. Pure. */
public final class SavePolicy {

    private SavePolicy() {}

    /**
     * Save when Redis has unsaved changes and either the interval has passed since the last good
     * save or enough changes were applied since.
     */
    public static boolean due(RedisInfo info, Instant lastGoodSave, Instant now, Duration interval,
                              long appliedSinceSave, long changesThreshold) {
        if (info.number("rdb_changes_since_last_save", 0) == 0) {
            return false;
        }
        boolean intervalPassed = lastGoodSave == null || !now.isBefore(lastGoodSave.plus(interval));
        return intervalPassed || appliedSinceSave >= changesThreshold;
    }

    /**
     * Whether the provider keeps persistence to itself, as managed services do (ElastiCache,
     * MemoryDB): this user may not run BGSAVE, or CONFIG. metasync then forces no saves, and a
     * save age is no longer its concern; wipes, rollbacks and evictions are still watched.
     *
     * @param settings the last audit's settings, or null before the first
     * @param lastSave the last forced save, or null before the first
     * @return why, in words; empty when metasync forces saves
     */
    public static Optional<String> providerManaged(AuditedSettings settings, RedisGuard.SaveResult lastSave) {
        if (lastSave != null && lastSave.refusal() != null) {
            Optional<String> bgsave = CommandAccess.unavailable("BGSAVE", lastSave.refusal());
            if (bgsave.isPresent()) {
                return bgsave;
            }
        }
        return settings == null ? Optional.empty() : Optional.ofNullable(settings.unreadable());
    }

    /** BGSAVE, or BGSAVE SCHEDULE while an AOF rewrite runs (a plain BGSAVE would be refused). */
    public static boolean mustSchedule(RedisInfo info) {
        return info.flag("aof_rewrite_in_progress");
    }
}
