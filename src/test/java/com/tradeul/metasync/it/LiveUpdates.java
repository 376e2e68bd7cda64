package com.tradeul.metasync.it;

import com.tradeul.metasync.devtools.demo.SampleTickers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Live traffic during a fault: single-row UPDATE transactions on a sample ticker table at a fixed
 * rate (bounded in count and time), as the scanner's feed would make them.
 */
final class LiveUpdates implements AutoCloseable {

    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong done = new AtomicLong();
    private final Thread thread;
    private volatile Exception failure;

    /** Where the updates connect. */
    @FunctionalInterface
    interface ConnectionSource {
        Connection connect() throws SQLException;
    }

    private final AtomicLong failed = new AtomicLong();

    /** @param reconnect on a failed update, reconnect and go on (PostgreSQL restarted or replaced) instead of stopping */
    private LiveUpdates(ConnectionSource source, String table, int rows, int perSecond, boolean reconnect) {
        thread = new Thread(() -> {
            long started = System.nanoTime();
            long i = 0;
            while (running.get() && i < 200_000) {
                try (Connection c = source.connect();
                     PreparedStatement update = c.prepareStatement(
                             "UPDATE " + table + " SET price = price + 0.01, volume = coalesce(volume, 0) + 1 WHERE symbol = ?")) {
                    for (; running.get() && i < 200_000; i++) {
                        int row = 1 + (int) ((i * 7919) % (rows - 1));
                        // The awkward rows hold maximal and special values: adding to them would overflow.
                        update.setString(1, SampleTickers.symbol(SampleTickers.isAwkward(row) ? row - 1 : row));
                        update.executeUpdate();
                        done.incrementAndGet();
                        long due = started + (i + 1) * 1_000_000_000L / perSecond;
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                        }
                    }
                } catch (SQLException e) {
                    if (!reconnect) {
                        failure = e;
                        return;
                    }
                    failed.incrementAndGet();
                    i++;
                    pause();
                } catch (Exception e) {
                    failure = e;
                    return;
                }
            }
        }, "live-updates");
        thread.start();
    }

    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static LiveUpdates start(TestServices services, String table, int rows, int perSecond) {
        return new LiveUpdates(services.postgres::connect, table, rows, perSecond, false);
    }

    /** Updates through {@code source}, reconnecting whenever PostgreSQL goes away (counted by {@link #failures}). */
    static LiveUpdates reconnecting(ConnectionSource source, String table, int rows, int perSecond) {
        return new LiveUpdates(source, table, rows, perSecond, true);
    }

    /** Updates that failed because PostgreSQL went away (reconnecting mode only). */
    long failures() {
        return failed.get();
    }

    long count() {
        return done.get();
    }

    @Override
    public void close() throws Exception {
        running.set(false);
        thread.join(10_000);
        if (failure != null) {
            throw failure;
        }
    }
}
