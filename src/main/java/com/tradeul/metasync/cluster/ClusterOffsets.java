package com.tradeul.metasync.cluster;

import com.tradeul.metasync.replay.HeldOffsets;
import java.time.Duration;
import java.util.Map;

/**
 * What a Redis Cluster holds, per partition: the minimum over its slots' offset records
 * ({@link SlotOffsetBook}). Apply's own reader shares apply's book, so slots whose records are as
 * apply left them count with where apply stands, and a record that changed behind apply's back
 * (a master wiped, restarted empty or rolled back) is taken in; any other reader (lag, health,
 * replay) sees the records' plain minimum. Used from one thread.
 */
public final class ClusterOffsets implements HeldOffsets, AutoCloseable {

    private final SlotOffsetRecords records;
    private final SlotOffsetBook book;
    private final Runnable beforeRead;

    private ClusterOffsets(SlotOffsetRecords records, SlotOffsetBook book, Runnable beforeRead) {
        this.records = records;
        this.book = book;
        this.beforeRead = beforeRead;
    }

    /**
     * Apply's reader, sharing the book of apply's writer.
     *
     * @param beforeRead the writer's sweep when due: apply checks what Redis holds every second even
     *     when no batch comes, so an idle apply still brings the untouched slots' records up (a
     *     replay, or any other reader of the records' minimum, sees the end then)
     */
    public static ClusterOffsets forApply(SlotOffsetRecords records, SlotOffsetBook book, Runnable beforeRead) {
        return new ClusterOffsets(records, book, beforeRead);
    }

    /** A reader of the records' plain minimum. */
    public static ClusterOffsets readOnly(SlotOffsetRecords records) {
        return new ClusterOffsets(records, null, () -> { });
    }

    @Override
    public Map<String, Long> read() {
        beforeRead.run();
        Map<Integer, Map<String, Long>> held = records.readAll();
        if (book == null) {
            return new SlotOffsetBook().positions(held);
        }
        return !book.loaded() || book.changedBehindApply(held) ? book.reconcile(held) : book.positions(held);
    }

    /** Each look reads all 16,384 slots' records: at most one a second, as before checks could be more frequent. */
    @Override
    public Duration shortestCheckInterval() {
        return Duration.ofSeconds(1);
    }

    /** A cluster has one run_id per node, and a restarted master shows in its slots' records: not used. */
    @Override
    public String runId() {
        return "";
    }

    @Override
    public void close() {
        records.close();
    }
}
