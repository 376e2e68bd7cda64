package com.tradeul.metasync.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AcknowledgedMarksTest {

    private static final Duration PATIENCE = Duration.ofSeconds(5);

    private final AcknowledgedMarks marks = new AcknowledgedMarks("test-acks");
    private final List<String> marked = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() {
        marks.close();
    }

    @Test
    void a_batch_is_marked_only_once_kafka_acknowledged_all_its_records() throws Exception {
        CompletableFuture<Object> first = new CompletableFuture<>();
        CompletableFuture<Object> second = new CompletableFuture<>();
        marks.add(List.of(first, second), () -> marked.add("batch 1"));

        first.complete("ack");
        assertThat(marks.drain(Duration.ofMillis(200))).as("drained while one record is unacknowledged").isFalse();
        assertThat(marked).isEmpty();

        second.complete("ack");
        assertThat(marks.drain(PATIENCE)).isTrue();
        assertThat(marked).containsExactly("batch 1");
    }

    @Test
    void batches_are_marked_in_the_order_they_were_handed_over_whatever_order_kafka_answers_in() throws Exception {
        CompletableFuture<Object> first = new CompletableFuture<>();
        CompletableFuture<Object> second = CompletableFuture.completedFuture("ack");
        marks.add(List.of(first), () -> marked.add("batch 1"));
        marks.add(List.of(second), () -> marked.add("batch 2"));

        assertThat(marks.drain(Duration.ofMillis(200))).isFalse();
        assertThat(marked).as("batch 2 marked before batch 1 was acknowledged").isEmpty();

        first.complete("ack");
        assertThat(marks.drain(PATIENCE)).isTrue();
        assertThat(marked).containsExactly("batch 1", "batch 2");
    }

    @Test
    void after_a_failed_send_nothing_later_of_that_run_is_marked_and_the_next_hand_over_fails() throws Exception {
        CompletableFuture<Object> failing = new CompletableFuture<>();
        marks.add(List.of(failing), () -> marked.add("batch 1"));
        marks.add(List.of(CompletableFuture.completedFuture("ack")), () -> marked.add("batch 2"));
        failing.completeExceptionally(new RuntimeException("broker gone")); // once batch 2 waits behind it
        assertThat(marks.drain(PATIENCE)).isTrue();

        assertThat(marked).as("a batch after the failed one was marked: its offset would skip the lost change").isEmpty();
        assertThatThrownBy(() -> marks.add(List.of(), () -> marked.add("batch 3")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("broker gone");
        assertThatThrownBy(marks::throwIfFailed).hasMessageContaining("Kafka did not accept a change record");
    }

    @Test
    void a_new_engine_run_is_marked_again_after_a_failure_in_the_run_before() throws Exception {
        marks.add(List.of(CompletableFuture.failedFuture(new RuntimeException("broker gone"))), () -> marked.add("run 1"));
        assertThat(marks.drain(PATIENCE)).isTrue();

        marks.beginRun();
        marks.throwIfFailed();
        marks.add(List.of(CompletableFuture.completedFuture("ack")), () -> marked.add("run 2"));
        assertThat(marks.drain(PATIENCE)).isTrue();
        assertThat(marked).containsExactly("run 2");
    }

    @Test
    void a_marking_that_throws_stops_marking_for_its_run() throws Exception {
        CompletableFuture<Object> ack = new CompletableFuture<>();
        marks.add(List.of(ack), () -> {
            throw new IllegalStateException("offset flush failed");
        });
        marks.add(List.of(), () -> marked.add("batch 2"));
        ack.complete("ack"); // once batch 2 waits behind it
        assertThat(marks.drain(PATIENCE)).isTrue();

        assertThat(marked).isEmpty();
        assertThatThrownBy(marks::throwIfFailed).hasMessageContaining("offset flush failed");
    }
}
