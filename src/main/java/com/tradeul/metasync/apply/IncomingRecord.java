package com.tradeul.metasync.apply;

/**
 * A Kafka record as apply receives it, free of the Kafka client types so planning stays pure.
 *
 * @param value null for a tombstone
 * @param sourcePosition the {@code metasync.lsn} header capture sets (the change's LSN), or
 *     null; what fences a tombstone, which has no event to carry it
 * @param timestampMillis the record's Kafka timestamp: when capture handed it to its producer
 *     (CreateTime, the topics' default), or the broker's append time on a LogAppendTime topic; 0
 *     when the record has none
 */
public record IncomingRecord(String topic, int partition, long offset, byte[] key, byte[] value, Long sourcePosition,
                             long timestampMillis) {

    public IncomingRecord(String topic, int partition, long offset, byte[] key, byte[] value, Long sourcePosition) {
        this(topic, partition, offset, key, value, sourcePosition, 0);
    }

    public IncomingRecord(String topic, int partition, long offset, byte[] key, byte[] value) {
        this(topic, partition, offset, key, value, null);
    }

    public String position() {
        return topic + "-" + partition + "@" + offset;
    }
}
