package com.tradeul.metasync.it;

import static org.awaitility.Awaitility.await;

import java.time.Duration;

/**
 * One row of the fault matrix: live updates flowing, the fault, the time until it healed, then
 * verify once the updates stopped. Not thread safe.
 *
 * @param postgres        where the live updates connect; asked again at every reconnect, so that they
 *                        follow PostgreSQL when a fault replaces it
 * @param rows            the table's rows, which live updates spread over
 * @param updatesPerSecond the live update rate
 */
record FaultRun(LiveUpdates.ConnectionSource postgres, String table, int rows, int updatesPerSecond) {

    /** Waits until a change committed now (named {@code marker}) and every row are in Redis; false when they never were. */
    @FunctionalInterface
    interface Healing {
        boolean observe(String marker) throws Exception;
    }

    @FunctionalInterface
    interface Verification {
        Verdict verify() throws Exception;
    }

    record Verdict(boolean inSync, String summary) {}

    FaultTable.Row run(FaultMatrixIT.Fault fault, int number, Healing healing, Verification verification) throws Exception {
        FaultMatrixIT.Span span;
        long changesBefore;
        boolean healed;
        long healedAt;
        long changes;
        // Reconnecting: an update that fails while PostgreSQL is away or being replaced is retried on a new connection.
        try (LiveUpdates live = LiveUpdates.reconnecting(postgres, table, rows, updatesPerSecond)) {
            await("live updates flowing before the fault").atMost(Duration.ofSeconds(30)).until(() -> live.count() > updatesPerSecond / 2);
            changesBefore = live.count();
            long started = System.nanoTime();
            try {
                span = fault.injection().inject();
            } catch (Exception | AssertionError e) {
                return new FaultTable.Row(fault.name(), elapsed(started, System.nanoTime()), null, live.count() - changesBefore,
                        "the fault could not be made: " + e, false);
            }
            healed = healing.observe("healed after fault " + number);
            healedAt = System.nanoTime();
            changes = live.count() - changesBefore;
            if (live.failures() > 0) {
                System.out.printf("FAULT %d: %d live updates failed (PostgreSQL away) and were not retried%n", number, live.failures());
            }
        }
        Duration lasted = elapsed(span.began(), span.cleared());
        if (!healed) {
            return new FaultTable.Row(fault.name(), lasted, null, changes, "NOT HEALED within the wait", false);
        }
        Verdict verdict = verification.verify();
        return new FaultTable.Row(fault.name(), lasted, elapsed(span.cleared(), healedAt), changes, verdict.summary(), verdict.inSync());
    }

    private static Duration elapsed(long fromNanos, long toNanos) {
        Duration d = Duration.ofNanos(toNanos - fromNanos);
        return d.compareTo(Duration.ofMillis(50)) < 0 ? Duration.ZERO : d;
    }
}
