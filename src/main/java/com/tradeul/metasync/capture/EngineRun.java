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
 *
 * <p>A close Debezium accepted can still leave {@code run()} waiting forever: 3.6.1 calls
 * {@code pollingStarted} before it submits the task's polling to its executor, and a close in
 * between shuts that executor down with the polling queued, never run, so {@code run()} waits on its
 * future (seen with the copy reader: a capture closed as Debezium began to stream after its copy,
 * jstack: {@code runTasksPolling} in {@code ExecutorCompletionService.take}, no polling thread left).
 * Debezium's shutdown is done once {@code close()} returns, so a run that has not ended
 * {@link #END_PATIENCE} after it is interrupted: Debezium catches the interrupt there ("Task
 * interrupted while polling") and {@code run()} returns.
 *
 * <p>Each run has a token ({@link #token}, set as {@link ClosingRuns#PROPERTY} in its engine's
 * configuration) under which it tells its offset store that it is being closed, before it asks
 * Debezium to close it, and as soon as a close once started is asked: from then on the store's
 * reads do not wait for a Kafka that is away.
 */
final class EngineRun implements DebeziumEngine.ConnectorCallback {

    private static final Logger LOG = LoggerFactory.getLogger(EngineRun.class);

    /** How long a run closed by Debezium's accepted {@code close()} may take to return from {@code run()}. */
    static final Duration END_PATIENCE = Duration.ofSeconds(10);

    private final CountDownLatch pollingOrEnded = new CountDownLatch(1);
    private final CountDownLatch endedLatch = new CountDownLatch(1);
    private volatile boolean polling;
    /** Set when a close found the run still starting and left the close to its start; guarded by this. */
    private boolean closeWhenPolling;
    private volatile DebeziumEngine<?> engine;
    /** The thread in {@link #run}, null before. */
    private volatile Thread runner;
    private final Duration endPatience;
    private final String token = ClosingRuns.register();

    EngineRun() {
        this(END_PATIENCE);
    }

    /** @param endPatience how long a closed run may take to end before it is interrupted ({@link #END_PATIENCE}) */
    EngineRun(Duration endPatience) {
        this.endPatience = endPatience;
    }

    /** The engine this run is; set once, right after it is built with this run as its connector callback. */
    void of(DebeziumEngine<?> built) {
        engine = built;
    }

    DebeziumEngine<?> engine() {
        return engine;
    }

    /** This run's token for its engine's configuration ({@link ClosingRuns#PROPERTY}). */
    String token() {
        return token;
    }

    /** Tells the run's offset store, then asks Debezium to close the engine. */
    private void closeEngine() throws IOException {
        ClosingRuns.closing(token);
        engine.close();
    }

    /** Runs the engine in the calling thread, until it ends. */
    void run() {
        runner = Thread.currentThread();
        try {
            engine.run();
        } finally {
            synchronized (this) { // with interruptIfRunning: an interrupt of ours never outlives this run
                runner = null;
                Thread.interrupted();
            }
        }
    }

    @Override
    public void pollingStarted() {
        boolean closeNow;
        synchronized (this) { // with closeOnceStarted: a close left to the start is never missed
            polling = true;
            closeNow = closeWhenPolling;
        }
        pollingOrEnded.countDown();
        if (closeNow) {
            // Not on this thread, the engine's own: Debezium's close waits for what that thread does next.
            Thread closer = new Thread(this::closeIfPolling, "metasync-capture-closer");
            closer.setDaemon(true);
            closer.start();
        }
    }

    /** The engine's {@code run()} returned, or will never be called. */
    void ended() {
        ClosingRuns.forget(token);
        polling = false;
        pollingOrEnded.countDown();
        endedLatch.countDown();
    }

    /**
     * Closes the engine if it polls now; false when it does not (it starts, or has ended). Waits only
     * for a run it closed to end, interrupting it past the end patience (see above).
     */
    boolean closeIfPolling() {
        if (!polling) {
            return false;
        }
        try {
            closeEngine();
        } catch (IOException | IllegalStateException e) { // already stopping: closed by another caller, or failing by itself
            LOG.debug("capture engine not closed now: {}", e.toString());
            return false;
        }
        endOrInterrupt();
        return true;
    }

    private synchronized void interruptIfRunning(Thread running) {
        if (runner == running) {
            LOG.warn("capture engine closed but still running {} s later (Debezium's polling never started): interrupting it",
                    endPatience.toSeconds());
            running.interrupt();
        }
    }

    /** After an accepted close: waits for {@code run()} to return, and past the end patience interrupts it (see above). */
    private void endOrInterrupt() {
        Thread running = runner;
        if (running == null) {
            return; // run() not entered, or returned already
        }
        try {
            if (!endedLatch.await(endPatience.toMillis(), TimeUnit.MILLISECONDS)) {
                interruptIfRunning(running);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Waits up to {@code patience} for the run to poll or end, then closes it if it polls. A run
     * still starting then (its task waiting for a PostgreSQL or Kafka that does not answer, up to
     * capture's socket timeout or Debezium's task.management.timeout.ms) is not waited for: it is
     * closed as soon as it polls, from a thread of its own, or ends by itself when its start fails.
     *
     * @return false when the close was left to the run's start that way
     */
    boolean closeOnceStarted(Duration patience) throws InterruptedException {
        // Before the wait: a task starting with Kafka away waits in its offset read, which then fails
        // in a few seconds (the start fails, the run ends).
        ClosingRuns.closing(token);
        if (!pollingOrEnded.await(patience.toMillis(), TimeUnit.MILLISECONDS)) {
            synchronized (this) {
                if (!polling && endedLatch.getCount() > 0) {
                    closeWhenPolling = true;
                    LOG.info("capture engine not polling {} s after close was asked (its start waits for PostgreSQL or Kafka,"
                            + " or it stops after a failed start): it is closed once it polls, or ends by itself", patience.toSeconds());
                    return false;
                }
            }
        }
        closeIfPolling();
        return true;
    }
}
