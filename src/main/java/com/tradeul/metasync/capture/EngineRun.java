package com.tradeul.metasync.capture;

import io.debezium.engine.DebeziumEngine;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of Debezium's embedded engine, closed only when closing it cannot leak. Debezium 3.6.1
 * refuses {@code close()} while the connector's tasks start (the engine then runs on, unclosed),
 * and a {@code close()} it accepts before then races the start: the offset store the engine opens
 * meanwhile is never stopped, and its KafkaBasedLog thread, producer, consumer and admin client
 * stay. So a run is closed once it polls (Debezium's {@code pollingStarted} callback), and a run
 * that ends before it polls needs no close. Thread safe.
 */
final class EngineRun implements DebeziumEngine.ConnectorCallback {

    private static final Logger LOG = LoggerFactory.getLogger(EngineRun.class);

    private final CountDownLatch pollingOrEnded = new CountDownLatch(1);
    private volatile boolean polling;
    private volatile DebeziumEngine<?> engine;

    /** The engine this run is; set once, right after it is built with this run as its connector callback. */
    void of(DebeziumEngine<?> built) {
        engine = built;
    }

    DebeziumEngine<?> engine() {
        return engine;
    }

    @Override
    public void pollingStarted() {
        polling = true;
        pollingOrEnded.countDown();
    }

    /** The engine's {@code run()} returned, or will never be called. */
    void ended() {
        polling = false;
        pollingOrEnded.countDown();
    }

    /** Closes the engine if it polls now; false when it does not (it starts, or has ended). Does not wait. */
    boolean closeIfPolling() {
        if (!polling) {
            return false;
        }
        try {
            engine.close();
            return true;
        } catch (IOException | IllegalStateException e) { // already stopping: closed by another caller, or failing by itself
            LOG.debug("capture engine not closed now: {}", e.toString());
            return false;
        }
    }

    /**
     * Waits up to {@code patience} for the run to poll or end, then closes it if it polls; past
     * {@code patience} it is closed anyway (refused while its tasks start: it then runs on, as
     * before this class, with a warning).
     */
    void closeOnceStarted(Duration patience) throws InterruptedException {
        if (!pollingOrEnded.await(patience.toMillis(), TimeUnit.MILLISECONDS)) {
            LOG.warn("capture engine still starting {} s after close was asked: closed anyway", patience.toSeconds());
            try {
                engine.close();
            } catch (IOException | IllegalStateException e) {
                LOG.warn("capture engine did not close cleanly: {}", e.toString());
            }
            return;
        }
        closeIfPolling();
    }
}
