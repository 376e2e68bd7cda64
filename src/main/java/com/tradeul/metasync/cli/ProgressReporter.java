package com.tradeul.metasync.cli;

import com.tradeul.metasync.Pipeline;
import com.tradeul.metasync.apply.ApplyStats;
import com.tradeul.metasync.capture.SnapshotProgress;
import com.tradeul.metasync.capture.TableSizes;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Progress of {@code run}: the initial snapshot as a {@link ProgressBar} (like replay and verify),
 * and a line of pipeline totals now and then, only when something changed.
 */
public final class ProgressReporter implements AutoCloseable {

    private final PrintWriter out;
    private final Pipeline pipeline;
    private final ScheduledExecutorService timer;
    private final long everyNanos;
    private final ProgressBar snapshotBar;
    private String lastLine = "";
    private long lastLineAt = System.nanoTime();
    private long expectedRows = -1;
    private boolean snapshotShown;

    private ProgressReporter(PrintWriter out, PrintWriter err, Pipeline pipeline, ScheduledExecutorService timer, Duration every) {
        this.out = out;
        this.pipeline = pipeline;
        this.timer = timer;
        this.everyNanos = every.toNanos();
        this.snapshotBar = new ProgressBar(err, every.isZero() ? ProgressBar.Mode.OFF : ProgressBar.mode(false), "rows");
    }

    static ProgressReporter start(PrintWriter out, PrintWriter err, Pipeline pipeline, Duration every) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "metasync-progress");
            t.setDaemon(true);
            return t;
        });
        ProgressReporter reporter = new ProgressReporter(out, err, pipeline, timer, every);
        if (!every.isZero()) {
            timer.scheduleWithFixedDelay(reporter::tick, 200, 200, TimeUnit.MILLISECONDS);
        }
        return reporter;
    }

    public static String describe(long captured, ApplyStats apply) {
        String line = String.format("captured %,d changes to Kafka | applied %,d changes to Redis (%,d set, %,d deleted), %,d dead-lettered",
                captured, apply.records(), apply.upserts(), apply.deletes(), apply.deadLettered());
        return apply.waitingFor() == null ? line : line + " | WAITING: " + apply.waitingFor();
    }

    private synchronized void tick() {
        pipeline.snapshot().ifPresent(this::showSnapshot);
        if (System.nanoTime() - lastLineAt >= everyNanos) {
            lastLineAt = System.nanoTime();
            String line = describe(pipeline.captured(), pipeline.applyStats());
            if (!line.equals(lastLine)) {
                out.println(line);
                out.flush();
                lastLine = line;
            }
        }
    }

    private void showSnapshot(SnapshotProgress snapshot) {
        if (snapshotShown || snapshot.totalRowsRead() == 0) {
            return;
        }
        if (expectedRows < 0) {
            expectedRows = TableSizes.estimate(pipeline.postgres());
        }
        long read = snapshot.totalRowsRead();
        if (snapshot.state() == SnapshotProgress.State.DONE) {
            snapshotBar.finish("snapshot", read, Math.max(read, expectedRows));
            snapshotShown = true;
        } else {
            snapshotBar.update("snapshot", read, expectedRows);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
