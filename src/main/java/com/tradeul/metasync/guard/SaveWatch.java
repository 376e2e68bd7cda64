package com.tradeul.metasync.guard;

/**
 * Follows one forced save, INFO after INFO, and decides what the guard does next. Pure.
 *
 * <p>Redis counts a background save in {@code rdb_saves} when it forks the child, not when the
 * child has written the file. A save already running when the guard is asked was forked before,
 * so it may lack the latest writes, and it is already counted: waiting for it and then looking for
 * a grown count would wait forever (seen when the running service's guard and {@code metasync
 * guard --save} saved at the same moment). So the watch lets such a save end, and only then takes
 * the count and asks for a save of its own. A save another client forks after that moment (BGSAVE
 * then answers "already in progress") holds every write made before the ask, and counts.
 *
 * <p>Redis before 7.0 has no {@code rdb_saves}; the caller passes LASTSAVE instead, which moves
 * when a save ends, and only when it succeeded.
 */
final class SaveWatch {

    enum Step {
        /** Nothing to do yet: read INFO again shortly. */
        WAIT,
        /** Send BGSAVE. */
        ASK,
        /** Send BGSAVE SCHEDULE: an AOF rewrite is running and a plain BGSAVE would be refused. */
        ASK_SCHEDULED,
        SAVED,
        FAILED
    }

    private long savesBefore = -1;
    private boolean scheduled;
    private boolean waitedForEarlierSave;

    /**
     * @param saves {@code rdb_saves}, or LASTSAVE's seconds on Redis before 7.0
     */
    Step next(RedisInfo info, long saves) {
        boolean saving = info.flag("rdb_bgsave_in_progress");
        if (!asked()) {
            if (saving) {
                waitedForEarlierSave = true;
                return Step.WAIT;
            }
            savesBefore = saves;
            scheduled = SavePolicy.mustSchedule(info);
            return scheduled ? Step.ASK_SCHEDULED : Step.ASK;
        }
        if (saving || scheduled && info.flag("aof_rewrite_in_progress")) {
            return Step.WAIT;
        }
        boolean failed = info.get("rdb_last_bgsave_status").orElse("ok").equals("err");
        if (saves > savesBefore) {
            return failed ? Step.FAILED : Step.SAVED;
        }
        // Counted at the fork, so with rdb_saves a save that has not grown it has not begun (a
        // scheduled one waits for Redis's next cron tick) and an "err" is an earlier save's. LASTSAVE
        // never moves for a failed save: there the "err" is this one's.
        boolean countsForks = info.number("rdb_saves", -1) >= 0;
        return failed && !countsForks ? Step.FAILED : Step.WAIT;
    }

    private boolean asked() {
        return savesBefore >= 0;
    }

    /** Why the save failed, for {@link Step#FAILED}. */
    String failure() {
        return "BGSAVE failed: rdb_last_bgsave_status:err (Redis logs the cause: disk full, or dir not writable)";
    }

    /** What the guard was waiting for when its time ran out. */
    String timedOut(long seconds) {
        if (!asked()) {
            return "no save finished within " + seconds + " s: a save started before the guard asked was still running";
        }
        return "no save finished within " + seconds + " s" + (waitedForEarlierSave ? " (after waiting for a save started earlier)" : "")
                + (scheduled ? " (BGSAVE SCHEDULE: it runs once the AOF rewrite ends)" : "");
    }
}
