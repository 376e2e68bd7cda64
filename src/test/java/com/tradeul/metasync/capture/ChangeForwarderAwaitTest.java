package com.tradeul.metasync.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/** Capture waits for Kafka's acknowledgements past any timeout of its own, and fails only on a record Kafka rejected. */
class ChangeForwarderAwaitTest {

    private final MockProducer<byte[], byte[]> producer = new MockProducer<>(false, null, new ByteArraySerializer(),
            new ByteArraySerializer());

    @Test
    void waits_past_the_notice_until_kafka_acknowledges_every_send() throws Exception {
        List<Future<RecordMetadata>> sends = List.of(send("a"), send("b"));
        CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> awaitAll(sends, Duration.ofMillis(10)));

        Thread.sleep(300); // thirty times the notice: a wait that gave up would have ended by now
        assertThat(waiting).as("still waiting for Kafka").isNotDone();
        producer.completeNext();
        assertThat(waiting).as("one of two acknowledged").isNotDone();
        producer.completeNext();
        await().atMost(Duration.ofSeconds(10)).until(waiting::isDone);
        assertThat(waiting).isCompleted();
    }

    @Test
    void a_record_kafka_rejects_fails_with_kafkas_reason() {
        List<Future<RecordMetadata>> sends = List.of(send("a"));
        producer.errorNext(new RecordTooLargeException("the record is 2,000,000 bytes"));

        assertThatThrownBy(() -> ChangeForwarder.awaitAll(sends, Duration.ofSeconds(30)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Kafka did not accept a change record: the record is 2,000,000 bytes");
    }

    @Test
    void the_capture_producer_never_gives_up_on_kafka_by_itself() {
        assertThat(ChangeForwarder.PRODUCER_TUNING).containsEntry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.MAX_VALUE)
                .containsEntry(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.MAX_VALUE);
    }

    private Future<RecordMetadata> send(String key) {
        return producer.send(new ProducerRecord<>("t", key.getBytes(), key.getBytes()));
    }

    private static void awaitAll(List<Future<RecordMetadata>> sends, Duration notice) {
        try {
            ChangeForwarder.awaitAll(sends, notice);
        } catch (InterruptedException e) {
            throw new CompletionException(e);
        }
    }
}
