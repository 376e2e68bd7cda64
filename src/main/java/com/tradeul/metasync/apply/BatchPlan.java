package com.tradeul.metasync.apply;

import java.util.List;

/**
 * What one polled batch does: the Redis writes, in order, at most one per key (the last change
 * of a key wins, its earlier ones in the batch are superseded), and the records that can never
 * be applied.
 */
public record BatchPlan(List<RedisWrite> writes, List<PoisonRecord> poison, long changes, List<CommittedChange> committed) {

    public BatchPlan(List<RedisWrite> writes, List<PoisonRecord> poison, long changes) {
        this(writes, poison, changes, List.of());
    }

    /**
     * A change PostgreSQL committed (not a snapshot read), for freshness: how long from its commit
     * until Redis acknowledged it, and how much of that before capture sent it to Kafka.
     *
     * @param sentMillis the record's Kafka timestamp ({@link IncomingRecord#timestampMillis()}), 0 when unknown
     */
    public record CommittedChange(String table, long commitTimeMicros, long sentMillis) {

        public CommittedChange(String table, long commitTimeMicros) {
            this(table, commitTimeMicros, 0);
        }
    }

    /** A record for the dead-letter topic, with the reason it cannot be applied. */
    public record PoisonRecord(IncomingRecord record, String reason) {}
}
