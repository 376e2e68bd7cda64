package com.tradeul.metasync.replay;

import com.tradeul.metasync.clients.KafkaClients;
import com.tradeul.metasync.config.TableId;
import com.tradeul.metasync.replay.RedisOffsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;

/** Reads a {@link ReplayPlan} from the change topics: their partitions, first and end offsets. */
public final class ReplayPlanner {

    private ReplayPlanner() {}

    /** @param from null: from each partition's first offset; else the first offset written at or after it */
    public static ReplayPlan read(KafkaClients kafka, String topicPrefix, List<TableId> tables, Instant from) {
        try (Consumer<byte[], byte[]> consumer = kafka.consumer("metasync-replay-plan", Map.of())) {
            List<TopicPartition> partitions = tables.stream()
                    .flatMap(t -> consumer.partitionsFor(t.topic(topicPrefix)).stream()
                            .map(p -> new TopicPartition(p.topic(), p.partition())))
                    .toList();
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            Map<TopicPartition, Long> starts = new HashMap<>(consumer.beginningOffsets(partitions));
            if (from != null) {
                Map<TopicPartition, Long> times = new HashMap<>();
                partitions.forEach(tp -> times.put(tp, from.toEpochMilli()));
                Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(times);
                partitions.forEach(tp -> starts.put(tp, found.get(tp) == null ? ends.get(tp) : found.get(tp).offset()));
            }
            Map<String, Long> start = new LinkedHashMap<>();
            Map<String, Long> end = new LinkedHashMap<>();
            for (TopicPartition tp : partitions) {
                start.put(RedisOffsets.field(tp.topic(), tp.partition()), starts.get(tp));
                end.put(RedisOffsets.field(tp.topic(), tp.partition()), ends.get(tp));
            }
            return new ReplayPlan(start, end);
        }
    }
}
