package com.tradeul.metasync.apply;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.consumer.OffsetCommitCallback;
import org.apache.kafka.common.TopicPartition;

/**
 * Kafka's {@link MockConsumer} (4.3.0) served from a {@link TickerLog}, where it falls short of a
 * broker:
 * <ul>
 *   <li>MockConsumer returns only records a test added, and never again after a seek back; here
 *       each poll fetches from the consumer's position, up to {@code maxPollRecords} per
 *       partition, as a broker would (MockConsumer drains what it holds on every poll, so nothing
 *       stale stays behind);
 *   <li>its offsetsForTimes throws UnsupportedOperationException: here it answers from the
 *       records' timestamps; endOffsets answers from the log;
 *   <li>its committed() says offset 0 for a partition no longer assigned: commits are also
 *       recorded here, each with the assignment at that moment.
 * </ul>
 * Its rebalance() runs the listener's callbacks in the caller's thread; {@link ApplyMember} calls it
 * from a poll task, so they run inside poll() as with the real client.
 */
final class LogConsumer extends MockConsumer<byte[], byte[]> {

    /** One commitAsync call and what was assigned when it was made. */
    record Commit(Map<TopicPartition, Long> offsets, Set<TopicPartition> assigned) {}

    private final TickerLog log;
    private final int maxPollRecords;
    private final List<Commit> commits = new ArrayList<>();
    private int offsetLookupsToFail;

    LogConsumer(TickerLog log, int partitions, int maxPollRecords) {
        super("earliest");
        this.log = log;
        this.maxPollRecords = maxPollRecords;
        Map<TopicPartition, Long> beginnings = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            beginnings.put(TickerLog.tp(p), 0L);
        }
        updateBeginningOffsets(beginnings);
        List<org.apache.kafka.common.PartitionInfo> infos = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            infos.add(new org.apache.kafka.common.PartitionInfo(TickerLog.TOPIC, p, null, null, null));
        }
        updatePartitions(TickerLog.TOPIC, infos);
    }

    @Override
    public synchronized ConsumerRecords<byte[], byte[]> poll(Duration timeout) {
        for (TopicPartition tp : assignment()) {
            log.from(tp, position(tp), maxPollRecords).forEach(this::addRecord);
        }
        return super.poll(timeout);
    }

    /** The next {@code count} lookups of beginning offsets time out, as they do while the broker is down. */
    synchronized void failOffsetLookups(int count) {
        offsetLookupsToFail = count;
    }

    @Override
    public synchronized Map<TopicPartition, Long> beginningOffsets(Collection<TopicPartition> partitions) {
        if (offsetLookupsToFail > 0) {
            offsetLookupsToFail--;
            throw new org.apache.kafka.common.errors.TimeoutException("Failed to get offsets by times in 60000ms");
        }
        return super.beginningOffsets(partitions);
    }

    @Override
    public synchronized Map<TopicPartition, OffsetAndTimestamp> offsetsForTimes(Map<TopicPartition, Long> timestamps) {
        Map<TopicPartition, OffsetAndTimestamp> found = new HashMap<>();
        timestamps.forEach((tp, timestamp) -> found.put(tp, log.firstAtOrAfter(tp, timestamp)));
        return found;
    }

    @Override
    public synchronized Map<TopicPartition, Long> endOffsets(Collection<TopicPartition> partitions) {
        Map<TopicPartition, Long> ends = new HashMap<>();
        partitions.forEach(tp -> ends.put(tp, log.end(tp)));
        return ends;
    }

    @Override
    public synchronized void commitAsync(Map<TopicPartition, OffsetAndMetadata> offsets, OffsetCommitCallback callback) {
        Map<TopicPartition, Long> next = new HashMap<>();
        offsets.forEach((tp, offset) -> next.put(tp, offset.offset()));
        commits.add(new Commit(Map.copyOf(next), Set.copyOf(assignment())));
        super.commitAsync(offsets, callback);
    }

    List<Commit> commits() {
        return List.copyOf(commits);
    }

    /** The last offset committed for the partition, or null; unlike committed(), also once it is revoked. */
    Long lastCommitted(TopicPartition tp) {
        Long last = null;
        for (Commit commit : commits) {
            last = commit.offsets().getOrDefault(tp, last);
        }
        return last;
    }
}
