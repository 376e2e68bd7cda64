package com.tradeul.metasync.devtools.bench;

import com.tradeul.metasync.devtools.local.LocalPostgres;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Change traffic on the bench table: UPDATE transactions at a fixed offered rate (open loop, see
 * {@link RatePacer}) from several connections, for a fixed time. Either single-row changes that
 * write their sequence number into {@code volume} (latency) or transactions of many rows (throughput).
 * One run per instance.
 */
final class UpdateLoad {

    static final int CONNECTIONS = 4;

    /** What a run delivered. */
    record Outcome(long transactions, long changes, double seconds) {
        double changesPerSecond() {
            return seconds > 0 ? changes / seconds : 0;
        }
    }

    private final LocalPostgres postgres;
    private final long tableRows;

    UpdateLoad(LocalPostgres postgres, long tableRows) {
        this.postgres = postgres;
        this.tableRows = tableRows;
    }

    /**
     * Single-row UPDATEs setting {@code volume = base + n} for change n; {@code commits[n]} gets the
     * {@link System#nanoTime()} at which its commit returned. Stops early when {@code commits} is full.
     */
    Outcome numbered(double perSecond, Duration duration, long base, AtomicLongArray commits) throws Exception {
        return run(perSecond, duration, commits.length(), BenchSql.updateVolume(), new AtomicLong(), (statement, n) -> {
            statement.setLong(1, base + n);
            statement.setString(2, BenchSql.symbol(n % tableRows));
            statement.executeUpdate();
            commits.set((int) n, System.nanoTime());
            return 1;
        });
    }

    /**
     * Transactions of {@code rowsPerTransaction} rows each, {@code changesPerSecond} changes offered;
     * {@code committed} counts the changes committed so far, for sampling while the load runs.
     */
    Outcome batched(double changesPerSecond, Duration duration, int rowsPerTransaction, AtomicLong committed) throws Exception {
        int size = (int) Math.min(rowsPerTransaction, tableRows);
        return run(changesPerSecond / size, duration, Long.MAX_VALUE, BenchSql.updateMany(), committed, (statement, n) -> {
            String[] symbols = new String[size];
            for (int i = 0; i < size; i++) {
                symbols[i] = BenchSql.symbol((n * size + i) % tableRows);
            }
            Array array = statement.getConnection().createArrayOf("text", symbols);
            statement.setArray(1, array);
            return statement.executeUpdate();
        });
    }

    private interface Change {
        int apply(PreparedStatement statement, long n) throws SQLException;
    }

    private Outcome run(double perSecond, Duration duration, long maxTransactions, String sql, AtomicLong changes,
                        Change change) throws Exception {
        AtomicLong next = new AtomicLong();
        long changesBefore = changes.get();
        AtomicLong transactions = new AtomicLong();
        AtomicReference<Exception> failure = new AtomicReference<>();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        RatePacer pacer = new RatePacer(start, perSecond);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < CONNECTIONS; t++) {
            Thread thread = new Thread(() -> {
                try (Connection c = postgres.connect(); PreparedStatement statement = c.prepareStatement(sql)) {
                    for (long n = next.getAndIncrement(); n < maxTransactions && failure.get() == null; n = next.getAndIncrement()) {
                        long due = pacer.dueNanos(n);
                        if (due >= end || System.nanoTime() >= end) {
                            break;
                        }
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            LockSupport.parkNanos(wait);
                        }
                        changes.addAndGet(change.apply(statement, n));
                        transactions.incrementAndGet();
                    }
                } catch (Exception e) {
                    failure.compareAndSet(null, e);
                }
            }, "bench-load-" + t);
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Outcome(transactions.get(), changes.get() - changesBefore, seconds);
    }
}
