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
     * @param polledMillis when Kafka's poll returned its records
     * @param acknowledgedMillis when Redis acknowledged it
     * @param committed the changes PostgreSQL committed (snapshot reads excluded)
     */
    public record AppliedBatch(int records, int writes, long writeNanos, long polledMillis, long acknowledgedMillis,
                               List<BatchPlan.CommittedChange> committed) {

        /** Where a change of {@link #committed()} spent its freshness; null when its Kafka timestamp is unknown. */
        public FreshnessHops hops(BatchPlan.CommittedChange change) {
            return FreshnessHops.of(change, polledMillis, acknowledgedMillis);
        }
    }

    /**
     * Where apply's thread spends its time, to tell which stage limits it: the one whose share of
     * the wall time nears 1. With one batch in flight, Redis applies a batch while the next is
     * polled and planned; the shares of a busy apply add up to about 1.
     */
    public enum Stage {
        /** In the Kafka consumer's poll: fetching, or waiting for records when there are none. */
        POLL("poll"),
        /** Decoding records and rendering the batch's Redis writes. */
        PLAN("plan"),
        /** Building the batch's script arguments and handing them to the Redis connection. */
        SEND("send"),
        /** Blocked on Redis's answer to the batch in flight (retries while it refuses writes included). */
        AWAIT_REDIS("await_redis"),
        /** After Redis's answer: bookkeeping, dead letters, stats listeners, the Kafka commit. */
        FINISH("finish");

        private final String label;

        Stage(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    private final Map<Stage, AtomicLong> stageNanos = zeroPerStage();
    private final Map<Stage, AtomicLong> stageCpuNanos = zeroPerStage();

    private final AtomicLong writeNanos = new AtomicLong();
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

    public void unlisten(java.util.function.Consumer<AppliedBatch> listener) {
        listeners.remove(listener);
    }

    void batchApplied(BatchPlan plan, int deadLetteredRecords, long fencedWrites, long polledMillis, long nowMillis, long writeNanos) {
        fenced.addAndGet(fencedWrites);
        this.writeNanos.addAndGet(writeNanos);
        records.addAndGet(plan.changes());
        for (RedisWrite w : plan.writes()) {
            (w instanceof RedisWrite.Delete || w instanceof RedisWrite.DeleteMatching ? deletes : upserts).incrementAndGet();
        }
        deadLettered.addAndGet(deadLetteredRecords);
        lastAppliedMillis.set(nowMillis);
        waitingFor = null;
        AppliedBatch batch = new AppliedBatch((int) plan.changes(), plan.writes().size(), writeNanos, polledMillis, nowMillis, plan.committed());
        listeners.forEach(l -> l.accept(batch));
    }

    private static Map<Stage, AtomicLong> zeroPerStage() {
        Map<Stage, AtomicLong> zero = new java.util.EnumMap<>(Stage.class);
        for (Stage stage : Stage.values()) {
            zero.put(stage, new AtomicLong());
        }
        return zero;
    }

    void spent(Stage stage, long wallNanos, long cpuNanos) {
        stageNanos.get(stage).addAndGet(wallNanos);
        stageCpuNanos.get(stage).addAndGet(cpuNanos);
    }

    /** Nanoseconds apply's thread spent in a stage since start (wall clock). */
    public long stageNanos(Stage stage) {
        return stageNanos.get(stage).get();
    }

    /** CPU nanoseconds apply's thread used in a stage since start (0 where the JVM cannot read a thread's CPU clock). */
    public long stageCpuNanos(Stage stage) {
        return stageCpuNanos.get(stage).get();
    }

    /**
     * Nanoseconds from sending each applied batch to Redis's answer, summed: the time Redis (and the
     * way there and back) held a batch, overlapping apply's own stages.
     */
    public long writeNanos() {
        return writeNanos.get();
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
