package com.tradeul.metasync.apply;

import com.tradeul.metasync.clients.KafkaClients;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends records that can never be applied to the dead-letter topic, unchanged, with headers that
 * say where they came from and why they failed. Returns only when Kafka has them, so their source
 * offsets may then be committed. Used from one thread.
 */
public final class DeadLetterPublisher implements DeadLetters, AutoCloseable {

    public static final String SOURCE_TOPIC = "metasync.source.topic";
    public static final String SOURCE_PARTITION = "metasync.source.partition";
    public static final String SOURCE_OFFSET = "metasync.source.offset";
    public static final String REASON = "metasync.reason";

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterPublisher.class);

    private final String topic;
    private final Producer<byte[], byte[]> producer;

    public DeadLetterPublisher(KafkaClients kafka, String topic) {
        this.topic = topic;
        this.producer = kafka.producer("metasync-dead-letter", Map.of(
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true));
    }

    @Override
    public void publish(List<BatchPlan.PoisonRecord> poison) {
        List<Future<RecordMetadata>> sends = new ArrayList<>();
        for (BatchPlan.PoisonRecord p : poison) {
            IncomingRecord r = p.record();
            LOG.error("dead-lettered {} to {}: {}", r.position(), topic, p.reason());
            ProducerRecord<byte[], byte[]> out = new ProducerRecord<>(topic, r.key(), r.value());
            out.headers().add(SOURCE_TOPIC, utf8(r.topic()))
                    .add(SOURCE_PARTITION, utf8(Integer.toString(r.partition())))
                    .add(SOURCE_OFFSET, utf8(Long.toString(r.offset())))
                    .add(REASON, utf8(p.reason()));
            sends.add(producer.send(out));
        }
        for (Future<RecordMetadata> send : sends) {
            try {
                send.get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("could not write to dead-letter topic " + topic + ": " + e.getCause(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while writing to dead-letter topic " + topic, e);
            }
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        producer.close();
    }
}
