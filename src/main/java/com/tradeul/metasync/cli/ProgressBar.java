package com.tradeul.metasync.cli;

import java.io.PrintWriter;

/**
 * A one-line progress display for long work (rows/s, ETA), redrawn in place at most five times a
 * second. Silent when output is not a terminal or the caller asked for machine output.
 */
final class ProgressBar {

    private final PrintWriter err;
    private final boolean enabled;
    private final String unit;
    private final long started = System.nanoTime();
    private long lastDraw;

    ProgressBar(PrintWriter err, boolean enabled, String unit) {
        this.err = err;
        this.enabled = enabled;
        this.unit = unit;
    }

    /** Draw only on an interactive terminal, and never mixed into --json output. */
    static boolean wanted(boolean machineOutput) {
        return !machineOutput && System.console() != null;
    }

    void update(String label, long done, long total) {
        long now = System.nanoTime();
        if (!enabled || now - lastDraw < 200_000_000L) {
            return;
        }
        lastDraw = now;
        err.print("\r" + line(label, done, total, (now - started) / 1e9) + "   ");
        err.flush();
    }

    void finish() {
        if (enabled) {
            err.print("\r" + " ".repeat(100) + "\r");
            err.flush();
        }
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
