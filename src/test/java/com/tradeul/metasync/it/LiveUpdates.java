package com.tradeul.metasync.it;

import com.tradeul.metasync.devtools.demo.SampleTickers;
import java.sql.Connection;
import java.sql.PreparedStatement;
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

    private LiveUpdates(TestServices services, String table, int rows, int perSecond) {
        thread = new Thread(() -> {
            long started = System.nanoTime();
            try (Connection c = services.postgres.connect();
                 PreparedStatement update = c.prepareStatement(
                         "UPDATE " + table + " SET price = price + 0.01, volume = coalesce(volume, 0) + 1 WHERE symbol = ?")) {
                for (long i = 0; running.get() && i < 200_000; i++) {
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
            } catch (Exception e) {
                failure = e;
            }
        }, "live-updates");
        thread.start();
    }

    static LiveUpdates start(TestServices services, String table, int rows, int perSecond) {
        return new LiveUpdates(services, table, rows, perSecond);
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
