package com.tradeul.metasync.capture;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A read of capture's offset store that waits for Kafka as long as its engine run goes on, and
 * only {@code patience} more once the run is being closed. Kafka Connect's store answers a read
 * once it has read its topic to the end, with no time limit, and Debezium reads the offsets again
 * when its task stops (PostgreSQL's task acknowledges the stored position to the slot): with Kafka
 * away, that read held the engine's close until Debezium's task.management.timeout.ms (40 s)
 * interrupted it. Given up, the read fails: the task skips that acknowledgement and the next start
 * makes it, so nothing is lost (the slot only keeps more WAL meanwhile).
 */
final class ClosingAwareRead<T> implements Future<T> {

    private static final Logger LOG = LoggerFactory.getLogger(ClosingAwareRead.class);

    /** How often a read still waiting looks whether its run is closing. */
    private static final long SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final Future<T> read;
    private final CountDownLatch closing;
    private final Duration patience;

    ClosingAwareRead(Future<T> read, CountDownLatch closing, Duration patience) {
        this.read = read;
        this.closing = closing;
        this.patience = patience;
    }

    @Override
    public T get() throws InterruptedException, ExecutionException {
        try {
            return get(Long.MAX_VALUE, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new ExecutionException(e); // not before about 292 years
        }
    }

    @Override
    public T get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
        long remaining = unit.toNanos(timeout); // nanoTime differences only: its values may be negative
        while (closing.getCount() > 0) {
            if (remaining <= 0) {
                throw new TimeoutException("the offset store's read did not complete in " + timeout + " " + unit);
            }
            long slice = Math.min(SLICE_NANOS, remaining);
            long began = System.nanoTime();
            try {
                return read.get(slice, TimeUnit.NANOSECONDS); // returns as soon as the read completes
            } catch (TimeoutException notYet) {
                remaining -= System.nanoTime() - began;
            }
        }
        long closingWait = Math.min(remaining, patience.toNanos());
        try {
            return read.get(Math.max(0, closingWait), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            if (closingWait < patience.toNanos()) {
                throw e; // the caller's own timeout came first
            }
            // Kafka Connect's reader logs the failure at ERROR, with its stack: say first that it is expected.
            LOG.warn("capture is closing and Kafka has not answered for {} ms: Debezium's last acknowledgement to the replication slot"
                    + " is left to the next start (nothing is lost); the failed offset read is logged next", patience.toMillis());
            throw new ExecutionException(new TimeoutException("capture is closing and Kafka did not answer the offset store's read in "
                    + patience.toMillis() + " ms: the position is acknowledged to the slot at the next start instead"));
        }
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        return read.cancel(mayInterruptIfRunning);
    }

    @Override
    public boolean isCancelled() {
        return read.isCancelled();
    }

    @Override
    public boolean isDone() {
        return read.isDone();
    }
}
