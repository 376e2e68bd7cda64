package com.tradeul.metasync.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.debezium.engine.DebeziumEngine;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class EngineRunTest {

    /** Counts closes; refuses them, as Debezium does, unless {@code accepting}. */
    private static final class FakeEngine implements DebeziumEngine<Object> {
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

    @Test
    void a_close_refused_because_the_engine_already_stops_is_no_failure() {
        FakeEngine engine = new FakeEngine();
        engine.accepting = false;
        EngineRun run = runOf(engine);
        run.pollingStarted();
        assertThat(run.closeIfPolling()).isFalse();
    }
}
