package com.tradeul.metasync.cli;

import java.io.PrintWriter;
import java.time.Duration;

/**
 * The one progress display of every long piece of work (snapshot in run, replay, verify):
 * {@code label [####....] 45% 5,400/12,000 rows 2,700 rows/s ETA 2s}. On a terminal it is redrawn
 * in place at most five times a second; otherwise (logs, pipes) it is printed as a line every
 * few seconds. Either way a final line with the overall rate is printed when the work ends.
 * Always on stderr, so stdout keeps only results; off for machine output (--json).
 */
final class ProgressBar {

    enum Mode { OFF, IN_PLACE, LINES }

    static final Duration LINE_EVERY = Duration.ofSeconds(5);

    private final PrintWriter err;
    private final Mode mode;
    private final String unit;
    private final long started = System.nanoTime();
    private long lastDraw;

    ProgressBar(PrintWriter err, Mode mode, String unit) {
        this.err = err;
        this.mode = mode;
        this.unit = unit;
    }

    /** In place on an interactive terminal, lines elsewhere, nothing mixed into --json output. */
    static Mode mode(boolean machineOutput) {
        if (machineOutput) {
            return Mode.OFF;
        }
        return System.console() != null ? Mode.IN_PLACE : Mode.LINES;
    }

    void update(String label, long done, long total) {
        long now = System.nanoTime();
        long every = mode == Mode.IN_PLACE ? 200_000_000L : LINE_EVERY.toNanos();
        if (mode == Mode.OFF || now - lastDraw < every || (mode == Mode.LINES && now - started < every)) {
            return;
        }
        lastDraw = now;
        String text = line(label, done, total, (now - started) / 1e9);
        if (mode == Mode.IN_PLACE) {
            err.print("\r" + text + "   ");
        } else {
            err.println(text);
        }
        err.flush();
    }

    /** Ends the display with the final figures. */
    void finish(String label, long done, long total) {
        if (mode == Mode.OFF) {
            return;
        }
        if (mode == Mode.IN_PLACE) {
            err.print("\r" + " ".repeat(110) + "\r");
        }
        err.println(line(label, done, total, (System.nanoTime() - started) / 1e9));
        err.flush();
    }

    /** Pure: the text of the line. */
    String line(String label, long done, long total, double seconds) {
        double rate = seconds > 0 ? done / seconds : 0;
        StringBuilder line = new StringBuilder(label).append(' ');
        if (total > 0) {
            int filled = (int) Math.min(30, 30 * done / total);
            line.append('[').append("#".repeat(filled)).append(".".repeat(30 - filled)).append("] ")
                    .append(Math.min(100, 100 * done / total)).append("% ");
        }
        line.append(String.format("%,d", done));
        if (total > 0) {
            line.append(String.format("/%,d", total));
        }
        line.append(String.format(" %s %,.0f %s/s", unit, rate, unit));
        if (total > done && rate > 0) {
            line.append(String.format(" ETA %ds", (long) ((total - done) / rate)));
        }
        return line.toString();
    }
}
