package com.tradeul.metasync.apply;

import com.tradeul.metasync.replay.RedisPositionPolicy;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Running totals of apply, read by progress displays, health and metrics; listeners see every
 * applied batch (for histograms). Thread safe.
 */
public final class ApplyStats {

    /**
     * One batch Redis acknowledged.
     *
     * @param records Kafka records in it
     * @param writes Redis writes it made (changes of one key collapse to one)
     * @param writeNanos how long Redis took to accept it, retries while it refused writes included
     * @param acknowledgedMillis when Redis acknowledged it
     * @param committed the changes PostgreSQL committed (snapshot reads excluded)
     */
    public record AppliedBatch(int records, int writes, long writeNanos, long acknowledgedMillis,
                               List<BatchPlan.CommittedChange> committed) {}

    private final List<java.util.function.Consumer<AppliedBatch>> listeners = new CopyOnWriteArrayList<>();
    private final Map<RedisPositionPolicy.ReplayCause, AtomicLong> replaysByCause = new ConcurrentHashMap<>();
    private final AtomicLong records = new AtomicLong();
    private final AtomicLong upserts = new AtomicLong();
    private final AtomicLong deletes = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private final AtomicLong lastAppliedMillis = new AtomicLong();
    private volatile String waitingFor = null;

    private final AtomicLong fenced = new AtomicLong();
    private final AtomicLong replays = new AtomicLong();
    private volatile String lastReplayReason;

    public void listen(java.util.function.Consumer<AppliedBatch> listener) {
        listeners.add(listener);
    }

    void batchApplied(BatchPlan plan, int deadLetteredRecords, long fencedWrites, long nowMillis, long writeNanos) {
        fenced.addAndGet(fencedWrites);
        records.addAndGet(plan.changes());
        for (RedisWrite w : plan.writes()) {
            (w instanceof RedisWrite.Delete || w instanceof RedisWrite.DeleteMatching ? deletes : upserts).incrementAndGet();
        }
        deadLettered.addAndGet(deadLetteredRecords);
        lastAppliedMillis.set(nowMillis);
        waitingFor = null;
        AppliedBatch batch = new AppliedBatch((int) plan.changes(), plan.writes().size(), writeNanos, nowMillis, plan.committed());
        listeners.forEach(l -> l.accept(batch));
    }

    void replayStarted(String reason, RedisPositionPolicy.ReplayCause cause) {
        replays.incrementAndGet();
        replaysByCause.computeIfAbsent(cause, c -> new AtomicLong()).incrementAndGet();
        lastReplayReason = reason;
    }

    /** Replays of one cause since start. */
    public long replays(RedisPositionPolicy.ReplayCause cause) {
        AtomicLong count = replaysByCause.get(cause);
        return count == null ? 0 : count.get();
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
