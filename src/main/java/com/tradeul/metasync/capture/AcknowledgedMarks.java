package com.tradeul.metasync.capture;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Marks each forwarded batch's records processed in Debezium once Kafka acknowledged every record
 * sent for it, batch after batch in the order they were handed over, on a thread of its own. The
 * engine's thread meanwhile takes and sends the next batch instead of waiting a broker round trip
 * per batch: at 5,000 single-row transactions/s that wait was a third of capture's cycle (bench,
 * issue 17). Once a send of an engine run failed, nothing later of that run is marked, so
 * Debezium's offsets never pass a change Kafka lacks; the failure is thrown to the engine's
 * thread at its next hand-over, which ends the run. Thread safe.
 */
final class AcknowledgedMarks implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AcknowledgedMarks.class);
    /** Batches sent and not marked yet; the engine's thread waits when this many are. */
    static final int MAX_PENDING = 16;

    /** What to do once Kafka acknowledged a whole batch: mark its records processed. */
    interface Marking {
        void acknowledged() throws InterruptedException;
    }

    private record Batch(long run, List<? extends Future<?>> sends, Marking marking) {}

    private static final Batch STOP = new Batch(-1, List.of(), () -> { });

    private final BlockingQueue<Batch> pending = new ArrayBlockingQueue<>(MAX_PENDING);
    private final Thread thread;
    /** Guarded by this: the current engine run, the run whose send failed (-1: none) and why, batches not finished. */
    private long run;
    private long failedRun = -1;
    private RuntimeException failure;
    private int unfinished;

    AcknowledgedMarks(String threadName) {
        this.thread = new Thread(this::markInOrder, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /** A new engine run begins: its batches are marked even if a batch of an earlier run failed (it re-reads from its offsets). */
    synchronized void beginRun() {
        run++;
    }

    /**
     * Queues a batch whose records were all sent; waits while {@link #MAX_PENDING} batches are.
     *
     * @throws IllegalStateException when an earlier send of this run failed: the run must end
     */
    void add(List<? extends Future<?>> sends, Marking marking) throws InterruptedException {
        Batch batch;
        synchronized (this) {
            throwIfFailed();
            unfinished++;
            batch = new Batch(run, sends, marking);
        }
        pending.put(batch);
    }

    /** @throws IllegalStateException when a send of the current run failed */
    synchronized void throwIfFailed() {
        if (failedRun == run && failure != null) {
            throw failure;
        }
    }

    /** Waits until every batch queued so far is marked (or skipped after a failure), at most {@code patience}. */
    synchronized boolean drain(Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (unfinished > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    private void markInOrder() {
        try {
            for (Batch batch = pending.take(); batch != STOP; batch = pending.take()) {
                try {
                    if (!failed(batch.run())) {
                        awaitAll(batch.sends());
                        batch.marking().acknowledged();
                    }
                } catch (RuntimeException e) {
                    fail(batch.run(), e);
                } finally {
                    finished();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** @throws IllegalStateException naming Kafka's reason when a send failed */
    static void awaitAll(List<? extends Future<?>> sends) throws InterruptedException {
        for (Future<?> send : sends) {
            try {
                send.get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("Kafka did not accept a change record: " + e.getCause().getMessage(), e.getCause());
            }
        }
    }

    private synchronized boolean failed(long batchRun) {
        return failedRun == batchRun;
    }

    private synchronized void fail(long batchRun, RuntimeException e) {
        if (failedRun != batchRun) {
            LOG.error("capture marks nothing more of this engine run, which ends at its next batch and starts again from the last change Kafka acknowledged: {}", e.getMessage());
            failedRun = batchRun;
            failure = e;
        }
    }

    private synchronized void finished() {
        unfinished--;
        notifyAll();
    }

    /** Stops the marking thread once the batches queued so far are done, waiting for it at most {@code patience}. */
    void close(Duration patience) {
        try {
            if (pending.offer(STOP, patience.toMillis(), TimeUnit.MILLISECONDS)) {
                thread.join(patience.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            thread.interrupt();
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }
}
