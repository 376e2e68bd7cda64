package com.tradeul.metasync.guard;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** When to force a save and how. Pure. */
public final class SavePolicy {

    private SavePolicy() {}

    /**
     * Save when Redis has unsaved changes and either the interval has passed since the last good
     * save, or enough changes were applied since and {@code changesGap} has passed too (Redis's
     * {@code save 60 10000}: a bulk load gets a save a minute, not one after another).
     */
    public static boolean due(RedisInfo info, Instant lastGoodSave, Instant now, Duration interval,
                              long appliedSinceSave, long changesThreshold, Duration changesGap) {
        if (info.number("rdb_changes_since_last_save", 0) == 0) {
            return false;
        }
        boolean intervalPassed = lastGoodSave == null || !now.isBefore(lastGoodSave.plus(interval));
        boolean gapPassed = lastGoodSave == null || !now.isBefore(lastGoodSave.plus(changesGap));
        return intervalPassed || (appliedSinceSave >= changesThreshold && gapPassed);
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
