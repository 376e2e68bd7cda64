package com.tradeul.metasync.cli;

import com.tradeul.metasync.apply.RedisOffsets;
import com.tradeul.metasync.clients.KafkaClients;
import com.tradeul.metasync.config.TableId;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;

/** Where a replay starts and ends, per partition: the end offsets are taken once, at the start. */
record ReplayPlan(Map<String, Long> startOffsets, Map<String, Long> endOffsets) {

    static ReplayPlan of(KafkaClients kafka, String topicPrefix, List<TableId> tables, Instant fromTimestamp) {
        try (Consumer<byte[], byte[]> consumer = kafka.consumer("metasync-replay-plan", Map.of())) {
            List<TopicPartition> partitions = tables.stream()
                    .flatMap(t -> consumer.partitionsFor(t.topic(topicPrefix)).stream()
                            .map(p -> new TopicPartition(p.topic(), p.partition())))
                    .toList();
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            Map<TopicPartition, Long> starts = new HashMap<>(consumer.beginningOffsets(partitions));
            if (fromTimestamp != null) {
                Map<TopicPartition, Long> times = new HashMap<>();
                partitions.forEach(tp -> times.put(tp, fromTimestamp.toEpochMilli()));
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

    long total() {
        return endOffsets.entrySet().stream().mapToLong(e -> Math.max(0, e.getValue() - startOffsets.get(e.getKey()))).sum();
    }

    /** Records re-applied so far, given the offsets Redis holds now. */
    long replayed(Map<String, Long> held) {
        long done = 0;
        for (var end : endOffsets.entrySet()) {
            long start = startOffsets.get(end.getKey());
            long at = held.getOrDefault(end.getKey(), start);
            done += Math.max(0, Math.min(at, end.getValue()) - start);
        }
        return done;
    }

    String describe(List<String> clearedPatterns) {
        StringBuilder text = new StringBuilder();
        clearedPatterns.forEach(p -> text.append("clear keys matching ").append(p).append(" (and their fences)\n"));
        startOffsets.forEach((partition, start) -> text.append(String.format("replay %s from offset %,d to %,d (%,d records)%n",
                partition, start, endOffsets.get(partition), Math.max(0, endOffsets.get(partition) - start))));
        return text.toString();
    }
}
