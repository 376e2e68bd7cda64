package com.tradeul.metasync.apply;

/**
 * A committed change's freshness (PostgreSQL commit to Redis's acknowledgement) cut at the two
 * points apply can see, so the hop that holds changes back can be told: {@code capture} from the
 * commit to capture handing the change to Kafka (the record's timestamp: walsender, Debezium's
 * decoding and queue, mapping), {@code kafka} from there to apply's poll returning it (producer,
 * broker, fetch, and apply's time on the batch before, during which it does not poll), {@code apply}
 * from that poll to Redis's acknowledgement (planning, the batch in flight before it, Redis). The three add up to the freshness. Each is at least 0: capture's and
 * apply's clocks may differ when they run on different hosts. Pure.
 */
public record FreshnessHops(long captureMillis, long kafkaMillis, long applyMillis) {

    /** The three hop names, in pipeline order, as metrics and the bench label them. */
    public static final String CAPTURE = "capture";
    public static final String KAFKA = "kafka";
    public static final String APPLY = "apply";

    /**
     * @return null when the change's Kafka timestamp is unknown (0): only the whole freshness is known then
     */
    static FreshnessHops of(BatchPlan.CommittedChange change, long polledMillis, long acknowledgedMillis) {
        if (change.sentMillis() <= 0) {
            return null;
        }
        long commitMillis = change.commitTimeMicros() / 1000;
        return new FreshnessHops(Math.max(0, change.sentMillis() - commitMillis), Math.max(0, polledMillis - change.sentMillis()),
                Math.max(0, acknowledgedMillis - polledMillis));
    }
}
