package com.tradeul.metasync.capture;

import com.tradeul.metasync.clients.KafkaClients;
import com.tradeul.metasync.wire.ChangeEvent;
import com.tradeul.metasync.wire.ChangeEventCodec;
import com.tradeul.metasync.wire.Operation;
import com.tradeul.metasync.wire.RecordHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;

/**
 * Reads the change topics whole, before a fresh snapshot: which keys they hold a live row for (the
 * last record of the key is neither a tombstone nor a delete), and the highest source position
 * they carry. Capture is not running while it reads, so the topics do not move.
 */
final class ChangeTopicScan {

    /** @param liveKeys topic → Kafka keys (JSON text) of the rows the topic holds */
    record Result(Map<String, Set<String>> liveKeys, long highestPosition) {}

    private ChangeTopicScan() {}

    static Result read(KafkaClients kafka, Set<String> topics) {
        ChangeEventCodec codec = new ChangeEventCodec();
        Map<String, Set<String>> live = new HashMap<>();
        long highest = 0;
        try (Consumer<byte[], byte[]> consumer = kafka.consumer("metasync-capture-scan", Map.of())) {
            for (String topic : topics) {
                Set<String> keys = live.computeIfAbsent(topic, t -> new HashSet<>());
                highest = Math.max(highest, readTopic(consumer, topic, codec, keys));
            }
        }
        return new Result(live, highest);
    }

    /**
     * Partition by partition: a TRUNCATE, which capture sends to every partition, clears what its own
     * partition held before it, never what another partition holds after its own copy.
     *
     * @return the highest source position read
     */
    static long readTopic(Consumer<byte[], byte[]> consumer, String topic, ChangeEventCodec codec, Set<String> keys) {
        long highest = 0;
        for (var info : consumer.partitionsFor(topic)) {
            Set<String> partitionKeys = new HashSet<>();
            highest = Math.max(highest, readPartition(consumer, new TopicPartition(topic, info.partition()), codec, partitionKeys));
            keys.addAll(partitionKeys);
        }
        return highest;
    }

    private static long readPartition(Consumer<byte[], byte[]> consumer, TopicPartition tp, ChangeEventCodec codec, Set<String> keys) {
        consumer.assign(List.of(tp));
        consumer.seekToBeginning(List.of(tp));
        long end = consumer.endOffsets(List.of(tp)).get(tp);
        long highest = 0;
        while (consumer.position(tp) < end) {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                highest = Math.max(highest, position(r));
                if (r.key() == null) {
                    continue;
                }
                String key = new String(r.key(), StandardCharsets.UTF_8);
                switch (liveness(r.value(), codec)) {
                    case LIVE -> keys.add(key);
                    case GONE -> keys.remove(key);
                    case TRUNCATED -> keys.clear();
                }
            }
        }
        return highest;
    }

    private enum Liveness { LIVE, GONE, TRUNCATED }

    private static Liveness liveness(byte[] value, ChangeEventCodec codec) {
        if (value == null) {
            return Liveness.GONE;
        }
        try {
            ChangeEvent event = codec.decode(value);
            if (event.op() == Operation.TRUNCATE) {
                return Liveness.TRUNCATED;
            }
            return event.op().removesRow() ? Liveness.GONE : Liveness.LIVE;
        } catch (RuntimeException undecodable) {
            return Liveness.LIVE; // apply dead-letters it; if the row is gone, its tombstone removes the key
        }
    }

    private static long position(ConsumerRecord<byte[], byte[]> r) {
        Header header = r.headers().lastHeader(RecordHeaders.SOURCE_POSITION);
        try {
            return header == null ? 0 : Long.parseLong(new String(header.value(), StandardCharsets.US_ASCII));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
