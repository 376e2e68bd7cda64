package com.tradeul.metasync.cli;

import com.tradeul.metasync.Pipeline;
import com.tradeul.metasync.apply.ApplyStats;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Prints one line of pipeline progress now and then, only when something changed. */
final class ProgressReporter implements AutoCloseable {

    private final PrintWriter out;
    private final Pipeline pipeline;
    private final ScheduledExecutorService timer;
    private String lastLine = "";

    private ProgressReporter(PrintWriter out, Pipeline pipeline, ScheduledExecutorService timer) {
        this.out = out;
        this.pipeline = pipeline;
        this.timer = timer;
    }

    static ProgressReporter start(PrintWriter out, Pipeline pipeline, Duration every) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "metasync-progress");
            t.setDaemon(true);
            return t;
        });
        ProgressReporter reporter = new ProgressReporter(out, pipeline, timer);
        if (!every.isZero()) {
            timer.scheduleWithFixedDelay(reporter::report, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        }
        return reporter;
    }

    static String describe(long captured, ApplyStats apply) {
        String line = String.format("captured %,d changes to Kafka | applied %,d changes to Redis (%,d set, %,d deleted), %,d dead-lettered",
                captured, apply.records(), apply.upserts(), apply.deletes(), apply.deadLettered());
        return apply.waitingFor() == null ? line : line + " | WAITING: " + apply.waitingFor();
    }

    private synchronized void report() {
        String line = describe(pipeline.captured(), pipeline.applyStats());
        if (!line.equals(lastLine)) {
            out.println(line);
            out.flush();
            lastLine = line;
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
