package com.tradeul.metasync.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.debezium.engine.DebeziumEngine;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class EngineRunTest {

    /** Counts closes; refuses them, as Debezium does, unless {@code accepting}. */
    private static class FakeEngine implements DebeziumEngine<Object> {
        final AtomicInteger closes = new AtomicInteger();
        volatile boolean accepting = true;

        @Override
        public void run() {
        }

        @Override
        public void close() {
            if (!accepting) {
                throw new IllegalStateException("Engine is already being shutting down.");
            }
            closes.incrementAndGet();
        }
    }

    private static EngineRun runOf(FakeEngine engine) {
        EngineRun run = new EngineRun();
        run.of(engine);
        return run;
    }

    @Test
    void a_starting_run_is_not_closed_by_a_look_that_cannot_wait() {
        FakeEngine engine = new FakeEngine();
        EngineRun run = runOf(engine);
        assertThat(run.closeIfPolling()).isFalse();
        assertThat(engine.closes).hasValue(0);
        run.pollingStarted();
        assertThat(run.closeIfPolling()).isTrue();
        assertThat(engine.closes).hasValue(1);
    }

    @Test
    void a_close_asked_while_the_run_starts_waits_for_its_polling_then_closes_it() throws Exception {
        FakeEngine engine = new FakeEngine();
        EngineRun run = runOf(engine);
        CompletableFuture<Void> closing = CompletableFuture.runAsync(() -> {
            try {
                run.closeOnceStarted(Duration.ofMinutes(1));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(closing).isNotDone();
        assertThat(engine.closes).hasValue(0);
        run.pollingStarted();
        closing.get(30, TimeUnit.SECONDS);
        assertThat(engine.closes).hasValue(1);
    }

    @Test
    void a_close_asked_while_the_run_starts_for_longer_than_the_patience_returns_and_closes_it_once_it_polls() throws Exception {
        FakeEngine engine = new FakeEngine();
        EngineRun run = runOf(engine);
        assertThat(run.closeOnceStarted(Duration.ofMillis(50))).as("closed now").isFalse();
        assertThat(engine.closes).hasValue(0);
        run.pollingStarted();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(engine.closes).hasValue(1));
    }

    @Test
    void a_close_left_to_a_start_that_fails_closes_nothing() throws Exception {
        FakeEngine engine = new FakeEngine();
        EngineRun run = runOf(engine);
        assertThat(run.closeOnceStarted(Duration.ofMillis(50))).isFalse();
        run.ended();
        assertThat(run.closeIfPolling()).isFalse();
        assertThat(engine.closes).hasValue(0);
    }

    @Test
    void a_run_that_ended_before_polling_needs_no_close() throws Exception {
        FakeEngine engine = new FakeEngine();
        EngineRun run = runOf(engine);
        run.ended();
        run.closeOnceStarted(Duration.ofMinutes(1));
        assertThat(run.closeIfPolling()).isFalse();
        assertThat(engine.closes).hasValue(0);
    }

    @Test
    void a_run_that_polled_and_ended_is_not_closed_again() throws Exception {
        FakeEngine engine = new FakeEngine();
        EngineRun run = runOf(engine);
        run.pollingStarted();
        run.ended();
        run.closeOnceStarted(Duration.ofMinutes(1));
        assertThat(engine.closes).hasValue(0);
    }

    /**
     * Debezium 3.6.1 accepts a close between pollingStarted and its polling's submission, then waits in
     * run() for a polling its own close dropped: only an interrupt ends that wait.
     */
    @Test
    void a_closed_run_that_does_not_end_is_interrupted() throws Exception {
        CountDownLatch inRun = new CountDownLatch(1);
        FakeEngine stuck = new FakeEngine() {
            @Override
            public void run() {
                inRun.countDown();
                try {
                    new CountDownLatch(1).await(); // as runTasksPolling's take(): only an interrupt ends it
                } catch (InterruptedException e) {
                    // Debezium logs "Task interrupted while polling." and returns
                }
            }
        };
        closeWhileItRuns(new EngineRun(Duration.ofMillis(200)), stuck, inRun);
        assertThat(stuck.closes).hasValue(1);
    }

    @Test
    void a_run_that_ends_once_closed_is_not_interrupted() throws Exception {
        CountDownLatch closed = new CountDownLatch(1);
        CountDownLatch inRun = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean interrupted = new java.util.concurrent.atomic.AtomicBoolean();
        FakeEngine ending = new FakeEngine() {
            @Override
            public void run() {
                inRun.countDown();
                try {
                    closed.await();
                } catch (InterruptedException e) {
                    interrupted.set(true);
                }
            }

            @Override
            public void close() {
                super.close();
                closed.countDown();
            }
        };
        closeWhileItRuns(new EngineRun(Duration.ofMinutes(1)), ending, inRun);
        assertThat(interrupted).isFalse();
    }

    @Test
    void a_close_refused_because_the_engine_already_stops_is_no_failure() {
        FakeEngine engine = new FakeEngine();
        engine.accepting = false;
        EngineRun run = runOf(engine);
        run.pollingStarted();
        assertThat(run.closeIfPolling()).isFalse();
    }

    /** Runs {@code engine} in {@code run} on another thread, closes it once polling, and waits for {@code run()} to return. */
    private static void closeWhileItRuns(EngineRun run, FakeEngine engine, CountDownLatch inRun) throws Exception {
        run.of(engine);
        CompletableFuture<Void> running = CompletableFuture.runAsync(() -> {
            run.run();
            run.ended();
        });
        assertThat(inRun.await(30, TimeUnit.SECONDS)).as("the engine's run() began").isTrue();
        run.pollingStarted();
        assertThat(run.closeIfPolling()).isTrue();
        running.get(30, TimeUnit.SECONDS);
    }
}
