package com.tradeul.metasync.apply;

import java.util.concurrent.atomic.AtomicLong;

/** Running totals of apply, read by progress displays. Thread safe. */
public final class ApplyStats {
    private final AtomicLong records = new AtomicLong();
    private final AtomicLong upserts = new AtomicLong();
    private final AtomicLong deletes = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private final AtomicLong lastAppliedMillis = new AtomicLong();
    private volatile String waitingFor = null;

    private final AtomicLong fenced = new AtomicLong();
    private final AtomicLong replays = new AtomicLong();
    private volatile String lastReplayReason;

    void batchApplied(BatchPlan plan, int deadLetteredRecords, long fencedWrites, long nowMillis) {
        fenced.addAndGet(fencedWrites);
        records.addAndGet(plan.changes());
        for (RedisWrite w : plan.writes()) {
            (w instanceof RedisWrite.Delete || w instanceof RedisWrite.DeleteMatching ? deletes : upserts).incrementAndGet();
        }
        deadLettered.addAndGet(deadLetteredRecords);
        lastAppliedMillis.set(nowMillis);
        waitingFor = null;
    }

    void replayStarted(String reason) {
        replays.incrementAndGet();
        lastReplayReason = reason;
    }

    /** Writes skipped because Redis held a newer change of the key. */
    public long fenced() {
        return fenced.get();
    }

    /** Times apply went back in the topic because Redis lost data (wipe, rollback, replay request). */
    public long replays() {
        return replays.get();
    }

    public String lastReplayReason() {
        return lastReplayReason;
    }

    void waiting(String reason) {
        waitingFor = reason;
    }

    public long records() {
        return records.get();
    }

    public long upserts() {
        return upserts.get();
    }

    public long deletes() {
        return deletes.get();
    }

    public long deadLettered() {
        return deadLettered.get();
    }

    /** Why apply is waiting (Redis refusing writes), or null when it is not. */
    public String waitingFor() {
        return waitingFor;
    }
}
