package com.tradeul.metasync.replay;

import java.time.Clock;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;

/**
 * How far back a partial replay stays exact. Compaction drops a deleted row's tombstone once it is
 * older than the topic's {@code delete.retention.ms}; replaying a gap that starts before then over
 * a Redis that still holds old keys could leave a key whose row was deleted. Records younger than
 * that still have their tombstones.
 */
public final class ReplayWindow {

    private final Map<String, Long> deleteRetentionMsByTopic;
    private final Clock clock;

    public ReplayWindow(Map<String, Long> deleteRetentionMsByTopic, Clock clock) {
        this.deleteRetentionMsByTopic = Map.copyOf(deleteRetentionMsByTopic);
        this.clock = clock;
    }

    /** The first offset whose records are younger than delete.retention.ms (the end offset if none is). */
    public long oldestSafeOffset(Consumer<?, ?> consumer, TopicPartition tp) {
        long retention = deleteRetentionMsByTopic.getOrDefault(tp.topic(), 86_400_000L);
        OffsetAndTimestamp first = consumer.offsetsForTimes(Map.of(tp, Math.max(0, clock.millis() - retention))).get(tp);
        return first != null ? first.offset() : consumer.endOffsets(java.util.List.of(tp)).get(tp);
    }
}
