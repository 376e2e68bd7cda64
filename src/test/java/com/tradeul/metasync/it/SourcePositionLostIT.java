package com.tradeul.metasync.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.tradeul.metasync.Pipeline;
import com.tradeul.metasync.apply.FenceKeys;
import com.tradeul.metasync.config.MetasyncConfig;
import com.tradeul.metasync.devtools.demo.SampleTickers;
import com.tradeul.metasync.devtools.local.LocalPostgres;
import com.tradeul.metasync.monitor.HealthReport;
import com.tradeul.metasync.verify.KeyCounter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Capture's position taken away under live updates, healed without a human: the replication slot
 * dropped, the slot invalidated by max_slot_wal_keep_size, PostgreSQL replaced by another cluster
 * (a dump restored into a fresh initdb: a new system identifier, lower LSNs). Each time rows are
 * deleted, inserted and updated while capture cannot see them; each case ends with Redis holding
 * them, health UP again, one log line and a metric naming the fault, and verify 0 missing / 0 extra
 * / 0 wrong. A PostgreSQL of the class's own: its settings change and one is replaced.
 */
class SourcePositionLostIT {

    private static final int ROWS = 2_000;
    private static final Duration HEAL = Duration.ofSeconds(90);

    private static TestServices services;
    private static LocalPostgres postgres;
    private static RedisSession redis;

    @BeforeAll
    static void start() throws Exception {
        services = TestServices.get();
        postgres = LocalPostgres.builder(Files.createTempDirectory(services.root, "slot-pg-")).fastUnsafe(true).start();
        redis = new RedisSession(services.redis.uri());
    }

    @AfterAll
    static void stop() {
        redis.close();
        postgres.close();
    }

    @Test
    void slot_dropped_while_running_is_healed_by_a_fresh_snapshot_that_also_removes_rows_deleted_meanwhile() throws Exception {
        String table = services.uniqueName("slotdrop");
        heals(postgres, table, "slot_dropped", "replication slot " + table + " no longer exists (dropped)",
                () -> PostgresFaults.dropSlot(postgres, table));
    }

    @Test
    void slot_invalidated_by_max_slot_wal_keep_size_is_dropped_and_healed_by_a_fresh_snapshot() throws Exception {
        String table = services.uniqueName("slotlost");
        heals(postgres, table, "slot_lost", "replication slot " + table + " was invalidated (wal_status=lost)",
                () -> PostgresFaults.invalidateSlot(postgres, table));
    }

    @Test
    void with_on_slot_lost_stop_a_dropped_slot_stops_capture_with_the_fix_and_takes_no_snapshot() throws Exception {
        String table = services.uniqueName("slotstop");
        try (Connection c = postgres.connect()) {
            SampleTickers.load(c, table, 100);
        }
        MetasyncConfig config = services.isolated(table, Map.of("postgres.host", postgres.host(), "postgres.port",
                Integer.toString(postgres.port()), "postgres.password", postgres.password(), "monitor.interval-seconds", "1",
                "capture.on-slot-lost", "stop"));
        try (Pipeline pipeline = Pipeline.start(config, EnumSet.allOf(Pipeline.Component.class), Clock.systemUTC())) {
            await().atMost(HEAL).until(() -> KeyCounter.count(redis.sync(), TestServices.keyPrefix(table) + "*") == 100);
            PostgresFaults.dropSlot(postgres, table);
            Throwable stopped = org.assertj.core.api.Assertions.catchThrowable(() -> pipeline.firstStop().get(60, java.util.concurrent.TimeUnit.SECONDS));
            assertThat(stopped).hasMessageContaining("replication slot " + table + " no longer exists (dropped)")
                    .hasMessageContaining("capture stops (capture.on-slot-lost=stop)")
                    .hasMessageContaining("set capture.on-slot-lost=resnapshot");
            try (Connection c = postgres.connect()) {
                assertThat(PostgresFaults.walStatus(c, table)).as("no new slot, no snapshot").isNull();
            }
        }
        // At the next start the same: the operator decides.
        var refused = org.assertj.core.api.Assertions.catchThrowable(() ->
                Pipeline.start(config, EnumSet.allOf(Pipeline.Component.class), Clock.systemUTC()).close());
        assertThat(refused).hasMessageContaining("no longer exists (dropped)");
    }

    /**
     * The new cluster's LSNs are lower than the positions fencing every key in Redis: without
     * capture raising them, its snapshot and every change after it would be fenced out as older.
     */
    @Test
    void postgres_replaced_by_another_cluster_is_snapshotted_again_and_no_new_change_is_fenced_out() throws Exception {
        String table = services.uniqueName("replaced");
        LocalPostgres old = LocalPostgres.builder(Files.createTempDirectory(services.root, "old-pg-")).fastUnsafe(true).start();
        Path freshDir = Files.createTempDirectory(services.root, "new-pg-");
        LocalPostgres[] fresh = new LocalPostgres[1];
        try (TcpForwarder address = new TcpForwarder(old.port())) {
            PostgresFaults.ageWal(old, 6);
            String prefix = TestServices.keyPrefix(table);
            long[] oldFence = new long[1];
            String[] identifiers = new String[2];
            heals(old, address, table, "cluster_replaced", "is another cluster", () -> {
                oldFence[0] = Long.parseLong(redis.sync().get(FenceKeys.of(prefix + "T00020")));
                try (Connection c = old.connect()) {
                    identifiers[0] = PostgresFaults.systemIdentifier(c);
                }
                fresh[0] = PostgresFaults.replaceCluster(old, address, freshDir, List.of(table));
                try (Connection c = fresh[0].connect()) {
                    identifiers[1] = PostgresFaults.systemIdentifier(c);
                    assertThat(PostgresFaults.currentLsn(c)).as("the new cluster's LSNs are below the old fences").isLessThan(oldFence[0]);
                }
                return fresh[0];
            }, () -> {
                assertThat(identifiers[1]).isNotEqualTo(identifiers[0]);
                // Changed while blind and again after: positions of the new cluster, above every old one.
                assertThat(Long.parseLong(redis.sync().get(FenceKeys.of(prefix + "T00020")))).isGreaterThan(oldFence[0]);
            });
        } finally {
            if (fresh[0] != null) {
                fresh[0].close();
            }
            old.close();
        }
    }

    @FunctionalInterface
    interface Fault {
        void happen() throws Exception;
    }

    /** The fault, returning the PostgreSQL that holds the truth afterwards. */
    @FunctionalInterface
    interface Replacing {
        LocalPostgres happen() throws Exception;
    }

    @FunctionalInterface
    interface Check {
        void run() throws Exception;
    }

    private static void heals(LocalPostgres pg, String table, String cause, String reason, Fault fault) throws Exception {
        heals(pg, null, table, cause, reason, () -> {
            fault.happen();
            return pg;
        }, () -> { });
    }

    /** @param address null: metasync connects to {@code pg} directly; else through it */
    private static void heals(LocalPostgres pg, TcpForwarder address, String table, String cause, String reason, Replacing fault,
                              Check after) throws Exception {
        try (Connection c = pg.connect()) {
            SampleTickers.load(c, table, ROWS);
        }
        int port = address == null ? pg.port() : address.port();
        MetasyncConfig config = services.isolated(table, Map.of("postgres.host", pg.host(), "postgres.port", Integer.toString(port),
                "postgres.password", pg.password(), "monitor.interval-seconds", "1"));
        String prefix = TestServices.keyPrefix(table);
        try (CapturedOutput log = CapturedOutput.start();
             Pipeline pipeline = Pipeline.start(config, EnumSet.allOf(Pipeline.Component.class), Clock.systemUTC())) {
            InetSocketAddress monitor = pipeline.monitor().address().orElseThrow();
            await().atMost(HEAL).until(() -> KeyCounter.count(redis.sync(), prefix + "*") == ROWS
                    && pipeline.monitor().health().status() == HealthReport.Status.UP);
            try (LiveUpdates live = LiveUpdates.reconnecting(() -> DriverManager.getConnection(
                    "jdbc:postgresql://" + pg.host() + ":" + port + "/postgres", pg.user(), pg.password()), table, ROWS, 200)) {
                await().atMost(HEAL).until(() -> live.count() > 100); // live traffic is flowing before the fault
                long started = System.nanoTime();
                LocalPostgres truth = fault.happen();
                long faultDone = System.nanoTime();
                try (Connection c = truth.connect()) {
                    changeWhileBlind(c, table);
                }
                List<String> seen = new java.util.ArrayList<>();
                await().atMost(HEAL).pollInterval(Duration.ofMillis(20)).until(() -> {
                    pipeline.monitor().health().reasons().stream().map(HealthReport.Reason::message)
                            .filter(m -> m.contains("capture is taking a fresh snapshot")).findFirst().ifPresent(seen::add);
                    return blindChangesArrived(prefix);
                });
                long healed = System.nanoTime();
                System.out.printf("HEAL %s: the fault took %.1f s to make; the changes made while blind were in Redis %.1f s after"
                        + " it (%.1f s from its start), %d live updates (%d failed while PostgreSQL was away)%n", cause,
                        (faultDone - started) / 1e9, (healed - faultDone) / 1e9, (healed - started) / 1e9, live.count(), live.failures());
                assertThat(seen).as("health names the fault while it heals").isNotEmpty();
                assertThat(seen.get(0)).contains(reason);
            }
            after.run();
            await().atMost(HEAL).until(() -> pipeline.monitor().health().status() == HealthReport.Status.UP);
            Scrape metrics = Scrape.of(monitor);
            assertThat(metrics.value("metasync_capture_resnapshots_total", Map.of("cause", cause))).isEqualTo(1.0);
            assertThat(metrics.value("metasync_capture_resnapshot_running")).isZero();
            // One line says what happened and what capture does about it, one that it is done.
            assertThat(log.text()).containsOnlyOnce("WARN com.tradeul.metasync.capture.SourceGuard - ").contains(reason)
                    .containsOnlyOnce("INFO com.tradeul.metasync.capture.SourceGuard - fresh snapshot done in");
            assertVerifyClean(config);
        }
    }

    /** Rows deleted, inserted and updated while capture cannot see them: after the heal Redis must show each. */
    static void changeWhileBlind(Connection c, String table) throws Exception {
        try (Statement s = c.createStatement()) {
            s.execute("DELETE FROM " + table + " WHERE symbol IN ('T00010', 'T00011', 'T00012')");
            s.execute("INSERT INTO " + table + " (symbol, name, price) VALUES ('BLIND1', 'while blind', 1.00), ('BLIND2', 'while blind', 2.00)");
            s.execute("UPDATE " + table + " SET name = 'changed while blind' WHERE symbol IN ('T00020', 'T00021')");
        }
    }

    static boolean blindChangesArrived(String prefix) {
        var r = redis.sync();
        return r.get(prefix + "T00010") == null && r.get(prefix + "T00011") == null && r.get(prefix + "T00012") == null
                && r.get(prefix + "BLIND1") != null && r.get(prefix + "BLIND2") != null
                && String.valueOf(r.get(prefix + "T00020")).contains("changed while blind")
                && String.valueOf(r.get(prefix + "T00021")).contains("changed while blind");
    }

    private static void assertVerifyClean(MetasyncConfig config) {
        CliRunner.Outcome outcome = CliRunner.run("verify", config, "--settle-seconds", "20");
        assertThat(outcome.out()).as(outcome.out() + outcome.err()).contains("0 missing, 0 extra, 0 wrong -> IN SYNC");
        assertThat(outcome.exitCode()).isZero();
    }
}
