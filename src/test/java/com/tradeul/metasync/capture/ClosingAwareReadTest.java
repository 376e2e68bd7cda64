package com.tradeul.metasync.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class ClosingAwareReadTest {

    private static final Duration PATIENCE = Duration.ofMillis(200);

    private final CompletableFuture<String> kafka = new CompletableFuture<>();
    private final CountDownLatch closing = new CountDownLatch(1);
    private final ClosingAwareRead<String> read = new ClosingAwareRead<>(kafka, closing, PATIENCE);

    @Test
    void a_read_while_the_run_goes_on_waits_for_kafka_past_the_patience() throws Exception {
        CompletableFuture<String> reader = CompletableFuture.supplyAsync(this::readNow);
        Thread.sleep(PATIENCE.toMillis() * 3);
        assertThat(reader).as("still waiting for Kafka").isNotDone();
        kafka.complete("offsets");
        assertThat(reader.get(30, TimeUnit.SECONDS)).isEqualTo("offsets");
    }

    @Test
    void a_read_waiting_when_the_run_starts_closing_gives_up_after_the_patience() throws Exception {
        CompletableFuture<String> reader = CompletableFuture.supplyAsync(this::readNow);
        Thread.sleep(300);
        long began = System.nanoTime();
        closing.countDown();
        assertThatThrownBy(() -> reader.get(30, TimeUnit.SECONDS))
                .rootCause().isInstanceOf(TimeoutException.class)
                .hasMessageContaining("capture is closing and Kafka did not answer the offset store's read in 200 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - began)).isGreaterThanOrEqualTo(PATIENCE);
    }

    @Test
    void a_read_kafka_answers_within_the_patience_of_a_closing_run_gets_its_offsets() throws Exception {
        closing.countDown();
        CompletableFuture<String> reader = CompletableFuture.supplyAsync(this::readNow);
        kafka.complete("offsets");
        assertThat(reader.get(30, TimeUnit.SECONDS)).isEqualTo("offsets");
    }

    @Test
    void a_failed_read_fails_with_its_own_cause() {
        kafka.completeExceptionally(new IllegalStateException("the offsets topic is gone"));
        assertThatThrownBy(read::get).isInstanceOf(ExecutionException.class).hasRootCauseMessage("the offsets topic is gone");
    }

    @Test
    void a_timed_read_keeps_the_callers_timeout_before_and_after_closing() {
        assertThatThrownBy(() -> read.get(50, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
        closing.countDown();
        assertThatThrownBy(() -> read.get(50, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
        kafka.complete("offsets");
        assertThat(read.isDone()).isTrue();
    }

    @Test
    void a_store_of_no_known_run_is_never_told_it_closes() {
        String token = ClosingRuns.register();
        CountDownLatch signal = ClosingRuns.signal(token);
        ClosingRuns.closing(token);
        assertThat(signal.getCount()).isZero();
        ClosingRuns.forget(token);
        assertThat(ClosingRuns.signal(token).getCount()).as("forgotten").isOne();
        assertThat(ClosingRuns.signal(null).getCount()).as("no token").isOne();
    }

    private String readNow() {
        try {
            return read.get();
        } catch (InterruptedException | ExecutionException e) {
            throw new java.util.concurrent.CompletionException(e);
        }
    }
}
