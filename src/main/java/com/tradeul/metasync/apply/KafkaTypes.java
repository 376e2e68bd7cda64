package com.tradeul.metasync.apply;

import com.tradeul.metasync.apply.ApplyBookkeeping.Partition;
import com.tradeul.metasync.wire.RecordHeaders;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;

/** Between the Kafka client's types and apply's own, which keep planning and bookkeeping free of them. */
final class KafkaTypes {

    private KafkaTypes() {}

    /**
     * The polled records, with the source position capture put in their {@link RecordHeaders#SOURCE_POSITION} header
     * and their timestamp (0 for Kafka's "none", -1).
     */
    static List<IncomingRecord> incoming(ConsumerRecords<byte[], byte[]> records) {
        List<IncomingRecord> incoming = new ArrayList<>(records.count());
        for (ConsumerRecord<byte[], byte[]> r : records) {
            Header header = r.headers().lastHeader(RecordHeaders.SOURCE_POSITION);
            Long position = header == null ? null : Long.parseLong(new String(header.value(), StandardCharsets.US_ASCII));
            incoming.add(new IncomingRecord(r.topic(), r.partition(), r.offset(), r.key(), r.value(), position, Math.max(0, r.timestamp())));
        }
        return incoming;
    }

    static Map<TopicPartition, OffsetAndMetadata> commitOffsets(Map<Partition, Long> next) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        next.forEach((partition, offset) -> offsets.put(topicPartition(partition), new OffsetAndMetadata(offset)));
        return offsets;
    }

    static Partition partition(TopicPartition tp) {
        return new Partition(tp.topic(), tp.partition());
    }

    static TopicPartition topicPartition(Partition partition) {
        return new TopicPartition(partition.topic(), partition.partition());
    }
}
