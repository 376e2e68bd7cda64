package com.tradeul.metasync.apply;

/**
 * A Kafka record as apply receives it, free of the Kafka client types so planning stays pure.
 *
 * @param value null for a tombstone
 */
public record IncomingRecord(String topic, int partition, long offset, byte[] key, byte[] value) {

    public String position() {
        return topic + "-" + partition + "@" + offset;
    }
}
