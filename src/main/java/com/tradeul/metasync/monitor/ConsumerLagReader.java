package com.tradeul.metasync.monitor;

import com.tradeul.metasync.clients.KafkaClients;
import com.tradeul.metasync.config.ConfigException;
import com.tradeul.metasync.replay.RedisOffsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads a {@link LagReport}: partitions and log-end offsets from the brokers, the group's committed
 * offsets from its coordinator (the same calls Kafka's consumer-group tool makes) and the offsets
 * Redis holds.
 */
public final class ConsumerLagReader implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final KafkaClients kafka;
    private final Admin admin;
    private final String group;
    private final Collection<String> topics;
    private final Supplier<Map<String, Long>> redisOffsets;

    /** @param redisOffsets the offsets Redis holds, by {@link RedisOffsets#field} */
    public ConsumerLagReader(KafkaClients kafka, String group, Collection<String> topics, Supplier<Map<String, Long>> redisOffsets) {
        this.kafka = kafka;
        this.admin = kafka.admin("metasync-monitor", TIMEOUT);
        this.group = group;
        this.topics = List.copyOf(topics);
        this.redisOffsets = redisOffsets;
    }

    public LagReport read() {
        try {
            Map<String, TopicDescription> described = admin.describeTopics(topics).allTopicNames().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            described.values().forEach(d -> d.partitions().forEach(p -> latest.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest())));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all()
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            Map<String, Long> held = redisOffsets.get();
            List<LagReport.PartitionLag> rows = new ArrayList<>();
            for (TopicPartition tp : latest.keySet()) {
                OffsetAndMetadata c = committed.get(tp);
                rows.add(new LagReport.PartitionLag(tp.topic(), tp.partition(), c == null ? null : c.offset(),
                        held.get(RedisOffsets.field(tp.topic(), tp.partition())), ends.get(tp).offset()));
            }
            return new LagReport(group, rows);
        } catch (ExecutionException e) {
            // Refused credentials or a missing ACL are the user's to fix: said as such, in one line.
            throw kafka.explain(e.getCause()).map(RuntimeException.class::cast).orElseGet(() -> KafkaClients.timedOut(e)
                    ? kafka.unreachable(ConfigException.rootMessage(e))
                    : new IllegalStateException("cannot read consumer lag from Kafka: " + e.getCause().getMessage(), e.getCause()));
        } catch (TimeoutException e) {
            throw kafka.unreachable("it did not answer within " + TIMEOUT.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading consumer lag", e);
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
