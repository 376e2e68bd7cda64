package com.tradeul.metasync.guard;

import java.time.Duration;
import java.time.Instant;

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

    /** BGSAVE, or BGSAVE SCHEDULE while an AOF rewrite runs (a plain BGSAVE would be refused). */
    public static boolean mustSchedule(RedisInfo info) {
        return info.flag("aof_rewrite_in_progress");
    }
}
