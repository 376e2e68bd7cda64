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
            state = State.DONE; // streaming has begun
        }
    }

    /** A fresh snapshot begins (capture lost its position): counts start again. */
    void restart() {
        rowsRead.clear();
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
