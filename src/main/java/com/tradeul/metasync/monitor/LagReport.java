package com.tradeul.metasync.monitor;

import java.util.Comparator;
import java.util.List;

/**
 * How far apply is behind the change topics, per partition. Pure data.
 *
 * <p>{@code committed} and {@code lag} are what Kafka's own tools show for the group (the offset
 * apply committed to Kafka after each batch); {@code redisHeld} is the offset stored in Redis with
 * the rows, which is where apply really resumes from.
 */
public record LagReport(String group, List<PartitionLag> partitions) {

    public LagReport {
        partitions = partitions.stream()
                .sorted(Comparator.comparing(PartitionLag::topic).thenComparingInt(PartitionLag::partition))
                .toList();
    }

    /**
     * @param committed the group's committed offset, null when it has none for this partition
     * @param redisHeld the next offset Redis holds, null when none
     * @param logEnd the partition's log-end offset
     */
    public record PartitionLag(String topic, int partition, Long committed, Long redisHeld, long logEnd) {

        /** Log end minus the committed offset, as Kafka's consumer-group tool computes it; null without a committed offset. */
        public Long lag() {
            return committed == null ? null : Math.max(0, logEnd - committed);
        }

        /** Records not yet in Redis: log end minus what Redis holds (the whole log when Redis holds nothing). */
        public long redisLag() {
            return Math.max(0, logEnd - (redisHeld == null ? 0 : redisHeld));
        }
    }

    /** Sum of the partitions' lag; partitions without a committed offset count their Redis lag. */
    public long totalLag() {
        return partitions.stream().mapToLong(p -> p.lag() != null ? p.lag() : p.redisLag()).sum();
    }

    public long totalRedisLag() {
        return partitions.stream().mapToLong(PartitionLag::redisLag).sum();
    }
}
