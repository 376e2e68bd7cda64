package com.tradeul.metasync.capture;

import com.tradeul.metasync.clients.KafkaClients;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * {@link SourceIdentityStore} in a compacted single-partition topic beside Debezium's offset topic:
 * one key, the latest record wins.
 */
final class KafkaSourceIdentityStore implements SourceIdentityStore {

    private static final byte[] KEY = "source".getBytes(StandardCharsets.UTF_8);

    private final KafkaClients kafka;
    private final String topic;
    private final short replicationFactor;
    private boolean ensured;

    KafkaSourceIdentityStore(KafkaClients kafka, String topic, short replicationFactor) {
        this.kafka = kafka;
        this.topic = topic;
        this.replicationFactor = replicationFactor;
    }

    @Override
    public Optional<SourceIdentity> read() {
        ensureTopic();
        TopicPartition partition = new TopicPartition(topic, 0);
        try (Consumer<byte[], byte[]> consumer = kafka.consumer("metasync-capture-source", Map.of())) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            byte[] last = null;
            while (consumer.position(partition) < end) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    last = r.value();
                }
            }
            return last == null ? Optional.empty() : Optional.of(SourceIdentity.parse(new String(last, StandardCharsets.UTF_8)));
        }
    }

    @Override
    public void write(SourceIdentity identity) {
        ensureTopic();
        try (Producer<byte[], byte[]> producer = kafka.producer("metasync-capture-source", Map.of(ProducerConfig.ACKS_CONFIG, "all"))) {
            producer.send(new ProducerRecord<>(topic, 0, KEY, identity.format().getBytes(StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("Kafka did not store capture's source record in " + topic + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private void ensureTopic() {
        if (ensured) {
            return;
        }
        try (Admin admin = kafka.admin("metasync-capture-source", Duration.ofSeconds(15))) {
            NewTopic create = new NewTopic(topic, Optional.of(1), replicationFactor == -1 ? Optional.empty() : Optional.of(replicationFactor))
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
            admin.createTopics(List.of(create)).all().get(15, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create topic " + topic + " for capture's source record: " + e.getCause().getMessage(), e);
            }
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("Kafka did not create topic " + topic + " in time", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        ensured = true;
    }
}
