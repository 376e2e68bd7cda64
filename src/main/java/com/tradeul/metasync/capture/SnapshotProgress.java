package com.tradeul.metasync.capture;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How far Debezium's initial snapshot has come: rows read per table, and whether it is running or
 * done. Fed from each change record's {@code op} and {@code source.snapshot} fields. Thread safe.
 */
public final class SnapshotProgress {

    public enum State { NOT_STARTED, RUNNING, DONE }

    private final Map<String, AtomicLong> rowsRead = new ConcurrentHashMap<>();
    private volatile State state = State.NOT_STARTED;

    /**
     * @param table the record's table
     * @param op Debezium's op code ({@code r} is a snapshot read)
     * @param snapshotFlag {@code source.snapshot}: true, first, last, ... or false/null when streaming
     */
    public void observe(String table, String op, String snapshotFlag) {
        if ("r".equals(op)) {
            rowsRead.computeIfAbsent(table, t -> new AtomicLong()).incrementAndGet();
            state = "last".equals(snapshotFlag) ? State.DONE : State.RUNNING;
        } else if (op != null) {
            streamed = true;
            state = State.DONE; // streaming has begun
        }
    }

    /**
     * How long after a copy snapshot an inactive slot is expected: Debezium connects its stream
     * only once the copy is in Kafka, and its start took 1.4 s and more here (ManagedRedisIT saw the
     * slot inactive then). Past it, an inactive slot is capture failing to connect, and health says so.
     */
    static final long STREAM_START_GRACE_MILLIS = 30_000;

    private volatile long copiedAtMillis;

    /** Capture's copy snapshot is in Kafka, every row acknowledged (it has no {@code last} record to observe). */
    void finished() {
        copiedAtMillis = System.currentTimeMillis();
        state = State.DONE;
    }

    /**
     * Whether capture's stream is not expected to be connected yet: during a snapshot, or within
     * {@link #STREAM_START_GRACE_MILLIS} of a copy snapshot, before any streamed change was seen.
     */
    public boolean streamNotExpectedYet(long nowMillis) {
        return state == State.RUNNING
                || (copiedAtMillis > 0 && !streamed && nowMillis - copiedAtMillis < STREAM_START_GRACE_MILLIS);
    }

    private volatile boolean streamed;

    /** A fresh snapshot begins (capture lost its position): counts start again. */
    void restart() {
        rowsRead.clear();
        copiedAtMillis = 0;
        streamed = false;
        state = State.NOT_STARTED;
    }

    public State state() {
        return state;
    }

    /** Snapshot rows read (and handed to Kafka) per table since start. */
    public Map<String, Long> rowsRead() {
        Map<String, Long> copy = new java.util.TreeMap<>();
        rowsRead.forEach((table, count) -> copy.put(table, count.get()));
        return copy;
    }

    public long totalRowsRead() {
        return rowsRead.values().stream().mapToLong(AtomicLong::get).sum();
    }
}
