package com.tradeul.metasync.capture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradeul.metasync.wire.ChangeEvent;
import com.tradeul.metasync.wire.ChangeEventCodec;
import com.tradeul.metasync.wire.Column;
import com.tradeul.metasync.wire.ColumnValue;
import com.tradeul.metasync.wire.Operation;
import com.tradeul.metasync.wire.SourcePosition;
import com.tradeul.metasync.wire.RecordHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** Which rows the change topics hold live, before a fresh snapshot, when a TRUNCATE is in them. */
class ChangeTopicScanTest {

    private static final String TOPIC = "metasync.public.t";
    private static final ChangeEventCodec CODEC = new ChangeEventCodec();

    private final Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> log = new HashMap<>();
    /** Hands out the log's records of the partitions the scan assigned, from where it stands. */
    private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest") {
        @Override
        public synchronized ConsumerRecords<byte[], byte[]> poll(Duration timeout) {
            for (TopicPartition tp : assignment()) {
                List<ConsumerRecord<byte[], byte[]>> records = log.getOrDefault(tp, List.of());
                for (long offset = position(tp); offset < records.size(); offset++) {
                    addRecord(records.get((int) offset));
                }
            }
            return super.poll(timeout);
        }
    };

    @Test
    void a_truncate_copy_clears_only_what_its_own_partition_held_before_it() {
        partitions(2);
        insert(0, "{\"symbol\":\"OLD0\"}", 10);
        truncate(0, 20);
        insert(0, "{\"symbol\":\"NEW0\"}", 30); // after the TRUNCATE: live
        insert(1, "{\"symbol\":\"OLD1\"}", 11);
        truncate(1, 20);
        insert(1, "{\"symbol\":\"NEW1\"}", 31);

        Set<String> keys = new HashSet<>();
        long highest = ChangeTopicScan.readTopic(consumer, TOPIC, CODEC, keys);

        assertThat(keys).containsExactlyInAnyOrder("{\"symbol\":\"NEW0\"}", "{\"symbol\":\"NEW1\"}");
        assertThat(highest).isEqualTo(31);
    }

    private void partitions(int count) {
        consumer.updatePartitions(TOPIC, java.util.stream.IntStream.range(0, count)
                .mapToObj(p -> new PartitionInfo(TOPIC, p, null, null, null)).toList());
        Map<TopicPartition, Long> beginnings = new HashMap<>();
        for (int p = 0; p < count; p++) {
            beginnings.put(new TopicPartition(TOPIC, p), 0L);
        }
        consumer.updateBeginningOffsets(beginnings);
        consumer.updateEndOffsets(beginnings);
    }

    private void insert(int partition, String key, long lsn) {
        add(partition, key, new ChangeEvent("public.t", Operation.INSERT, new SourcePosition(lsn, 1L, 1L),
                List.of(new Column("symbol", new ColumnValue.Text("x"))), List.of(new Column("symbol", new ColumnValue.Text("x"))), List.of()), lsn);
    }

    private void truncate(int partition, long lsn) {
        add(partition, "{}", new ChangeEvent("public.t", Operation.TRUNCATE, new SourcePosition(lsn, 1L, 1L), List.of(), null, List.of()), lsn);
    }

    private void add(int partition, String key, ChangeEvent event, long lsn) {
        TopicPartition tp = new TopicPartition(TOPIC, partition);
        List<ConsumerRecord<byte[], byte[]>> records = log.computeIfAbsent(tp, t -> new ArrayList<>());
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>(TOPIC, partition, records.size(), key.getBytes(StandardCharsets.UTF_8),
                CODEC.encode(event));
        record.headers().add(RecordHeaders.SOURCE_POSITION, Long.toString(lsn).getBytes(StandardCharsets.US_ASCII));
        records.add(record);
        consumer.updateEndOffsets(Map.of(tp, (long) records.size()));
    }
}
