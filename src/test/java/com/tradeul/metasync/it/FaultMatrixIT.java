package com.tradeul.metasync.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.tradeul.metasync.config.MetasyncConfig;
import com.tradeul.metasync.devtools.demo.SampleTickers;
import com.tradeul.metasync.devtools.local.Certificates;
import com.tradeul.metasync.devtools.local.LocalPostgres;
import com.tradeul.metasync.embedded.FreePorts;
import com.tradeul.metasync.verify.KeyCounter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every fault metasync claims to heal, one after another on one running pipeline under live
 * updates, each ending with `metasync verify` 0 missing / 0 extra / 0 wrong: a table row per fault
 * (README, "Faults healed"). metasync runs as an operator runs it, a process of its own (killed with
 * SIGKILL where the fault says so), against an external Kafka broker in a JVM of its own (SASL_SSL),
 * a Redis of the class's own, and a PostgreSQL of the class's own (its settings change, its slot is
 * dropped, and one row replaces it by another cluster); capture reaches PostgreSQL and apply reaches
 * Redis through {@link TcpForwarder}s that can blackhole. A fault that does not heal is recorded and
 * the pipeline reset, so the later rows still say what they say.
 */
class FaultMatrixIT {

    private static final int ROWS = 50_000;
    private static final int UPDATES_PER_SECOND = 100;
    private static final Duration BLACKHOLE = Duration.ofSeconds(20);
    private static final Duration HEAL = Duration.ofSeconds(90);
    /** How long the broker stays down; longer than the producer's old 120 s delivery timeout with {@code -Dfault-matrix.kafka-down-seconds=150}. */
    private static final Duration KAFKA_DOWN = Duration.ofSeconds(Integer.getInteger("fault-matrix.kafka-down-seconds", 60));
    private static final String MARKER_SYMBOL = SampleTickers.symbol(2);
    private static final String PLAIN_USER = "metasync";
    private static final String PLAIN_PASSWORD = KafkaCredentials.password("plain");

    private static TestServices services;
    private static Path dir;
    private static SecuredKafkaBroker broker;
    private static OwnRedis redis;
    private static TcpForwarder toRedis;
    private static TcpForwarder toPostgres;
    /** The PostgreSQL that holds the truth: replaced when a fault replaces the cluster (live updates, marker, verify follow it). */
    private static volatile LocalPostgres postgres;
    private static final List<LocalPostgres> replaced = new ArrayList<>();
    private static String table;
    private static MetasyncConfig config;
    private static Map<String, String> directSettings;
    private static int monitorPort;
    private static MetasyncProcess metasync;
    private static int starts;

    /** One fault: makes it and says when (System.nanoTime()) it began and when its cause was removed, from which healing is timed. */
    @FunctionalInterface
    interface Injection {
        Span inject() throws Exception;
    }

    record Span(long began, long cleared) {
        static Span since(long began) {
            return new Span(began, System.nanoTime());
        }

        static Span instant(long at) {
            return new Span(at, at);
        }
    }

    record Fault(String name, Injection injection) {}

    /**
     * The matrix. The replaced cluster is last: every row after it would run against the new cluster
     * (which {@link #postgres} follows, so it would still say what it says).
     */
    private static List<Fault> faults() {
        List<Fault> faults = new ArrayList<>();
        faults.add(new Fault("kill -9 of metasync during the initial snapshot, then restart", FaultMatrixIT::killDuringSnapshot));
        faults.add(new Fault("Kafka broker killed -9, restarted at once", FaultMatrixIT::killBroker));
        faults.add(new Fault("Kafka broker down for " + (KAFKA_DOWN.toSeconds() == 60 ? "a minute" : KAFKA_DOWN.toSeconds() + " s"),
                FaultMatrixIT::brokerDown));
        faults.add(new Fault("blackhole apply -> Redis for " + BLACKHOLE.toSeconds() + " s (frozen connections never resume)",
                () -> blackhole(toRedis)));
        faults.add(new Fault("blackhole capture -> PostgreSQL for " + BLACKHOLE.toSeconds() + " s (frozen connections never resume)",
                () -> blackhole(toPostgres)));
        faults.add(new Fault("replication slot dropped (walsender terminated, pg_drop_replication_slot)", FaultMatrixIT::dropSlot));
        faults.add(new Fault("replication slot invalidated by max_slot_wal_keep_size (1MB, WAL switches, CHECKPOINT)",
                FaultMatrixIT::invalidateSlot));
        faults.add(new Fault("Redis FLUSHALL", FaultMatrixIT::flushall));
        faults.add(new Fault("Redis restarted with its data lost (no AOF, RDB file gone)", FaultMatrixIT::redisRestartedEmpty));
        faults.add(new Fault("Redis restored from an older RDB (rows deleted since come back, a new row is gone)",
                FaultMatrixIT::olderRdb));
        faults.add(new Fault("kill -9 of metasync while streaming, then restart", FaultMatrixIT::killMetasync));
        faults.add(new Fault("PostgreSQL replaced by another cluster (dump and restore: new system identifier, lower LSNs)",
                FaultMatrixIT::replaceCluster));
        return faults;
    }

    /** Every fault, or those whose name contains one of {@code -Dfault-matrix.only=a,b} (a developer's shortcut; CI runs all). */
    private static List<Fault> selected() {
        String only = System.getProperty("fault-matrix.only", "");
        List<String> names = only.isEmpty() ? List.of() : List.of(only.split(","));
        return faults().stream().filter(fault -> names.isEmpty() || names.stream().anyMatch(fault.name()::contains)).toList();
    }

    @BeforeAll
    static void start() throws Exception {
        services = TestServices.get();
        dir = Files.createTempDirectory(services.root, "fault-matrix-");
        Certificates ca = Certificates.authority(dir.resolve("ca"), "kafka");
        broker = SecuredKafkaBroker.saslSsl(dir.resolve("broker"), ca, Map.of(PLAIN_USER, PLAIN_PASSWORD));
        // No persistence of its own: a restart comes back empty, and an old RDB is what a restore brings back.
        redis = OwnRedis.start(services, "--appendonly", "no", "--save", "");
        toRedis = new TcpForwarder(redis.server.port());
        // Of the class's own: the slot rows change its settings, the last row stops it for another cluster.
        postgres = LocalPostgres.builder(Files.createDirectories(dir.resolve("postgres"))).fastUnsafe(true).start();
        toPostgres = new TcpForwarder(postgres.port());
        table = services.uniqueName("faults");
        try (Connection c = postgres.connect()) {
            SampleTickers.load(c, table, ROWS);
        }
        try (var admin = broker.admin()) {
            KafkaAcls.grantMetasync(admin, "User:" + PLAIN_USER, table, table);
        }
        monitorPort = FreePorts.pick();
        Map<String, String> settings = new HashMap<>(Map.of("kafka.bootstrap-servers", broker.bootstrapServers(),
                "kafka.client.security.protocol", "SASL_SSL", "kafka.client.sasl.mechanism", "PLAIN",
                "kafka.client.sasl.jaas.config-file", Files.writeString(dir.resolve("jaas"),
                        KafkaCredentials.plainJaas(PLAIN_USER, PLAIN_PASSWORD)).toString(),
                "kafka.client.ssl.truststore.type", "PEM", "kafka.client.ssl.truststore.location", ca.caCertificate().toString(),
                // A killed member holds its partitions for the session timeout: 45 s by default.
                "apply.session-timeout-ms", "6000"));
        settings.put("postgres.host", postgres.host());
        settings.put("postgres.password", postgres.password());
        directSettings = withRedis(settings, redis.server.port());
        settings.put("postgres.port", Integer.toString(toPostgres.port()));
        settings.put("monitor.port", Integer.toString(monitorPort));
        config = services.isolated(table, withRedis(settings, toRedis.port()));
    }

    private static Map<String, String> withRedis(Map<String, String> settings, int port) {
        Map<String, String> with = new HashMap<>(settings);
        with.put("redis.uri", "redis://127.0.0.1:" + port);
        return with;
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable service : new AutoCloseable[] {metasync, toRedis, toPostgres, broker, redis, postgres}) {
            if (service != null) {
                service.close();
            }
        }
        replaced.forEach(LocalPostgres::close);
    }

    @Test
    void every_fault_heals_under_live_updates_and_verify_finds_redis_in_sync() throws Exception {
        FaultTable results = new FaultTable();
        FaultRun runner = new FaultRun(() -> postgres.connect(), table, ROWS, UPDATES_PER_SECOND);
        int number = 0;
        try {
            for (Fault fault : selected()) {
                if (metasync == null && !fault.name().contains("initial snapshot")) {
                    metasync = startMetasync(); // only some faults selected: the snapshot row did not start it
                    assertThat(observeHealed("started")).as("metasync synced the table").isTrue();
                }
                FaultTable.Row row = runner.run(fault, ++number, FaultMatrixIT::observeHealed, FaultMatrixIT::verify);
                results.add(row);
                System.out.println("FAULT " + row);
                if (!row.passed()) {
                    System.out.println(metasyncLogTail());
                    reset();
                }
            }
        } finally {
            System.out.println("FAULT MATRIX\n" + results.markdown());
            Files.writeString(Path.of("target", "fault-matrix.md"), results.markdown());
            keepLogs();
        }
        assertThat(results.failed()).as(results.markdown()).isEmpty();
    }

    // --- the faults -------------------------------------------------------------------------------

    private static Span killDuringSnapshot() throws Exception {
        metasync = startMetasync();
        InetSocketAddress monitor = new InetSocketAddress("127.0.0.1", monitorPort);
        long[] snapshotted = new long[1];
        // Well into it, not at its first batch: a tenth of the rows in Kafka, the snapshot still running.
        await("the initial snapshot of " + ROWS + " rows running, a tenth of it in Kafka").atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(50)).ignoreExceptions()
                .until(() -> (snapshotted[0] = snapshotRowsWhileRunning(monitor)) > ROWS / 10);
        metasync.kill();
        long killed = System.nanoTime();
        System.out.printf("FAULT killed during the snapshot: %,d of %,d rows in Kafka, %,d keys in Redis%n", snapshotted[0], ROWS, keys());
        metasync = startMetasync();
        return Span.instant(killed);
    }

    private static final Pattern SNAPSHOT_RUNNING = Pattern.compile("(?m)^metasync_snapshot_running(\\{[^}]*})? 1(\\.0)?$");
    private static final Pattern SNAPSHOT_ROWS = Pattern.compile("(?m)^metasync_snapshot_rows_total\\{[^}]*} ([0-9.E+]+)$");

    /** Rows the running snapshot has handed to Kafka; 0 when none yet or when no snapshot runs. */
    private static long snapshotRowsWhileRunning(InetSocketAddress monitor) throws Exception {
        String metrics = Scrape.get(monitor, "/metrics").body();
        Matcher rows = SNAPSHOT_ROWS.matcher(metrics);
        if (!SNAPSHOT_RUNNING.matcher(metrics).find() || !rows.find()) {
            return 0;
        }
        double read = Double.parseDouble(rows.group(1));
        return read < ROWS ? (long) read : 0;
    }

    private static Span killBroker() throws Exception {
        broker.kill();
        long killed = System.nanoTime();
        broker.restart();
        return Span.instant(killed);
    }

    private static Span brokerDown() throws Exception {
        long began = System.nanoTime();
        broker.close();
        Thread.sleep(KAFKA_DOWN.toMillis());
        long restarting = System.nanoTime();
        broker.restart();
        return new Span(began, restarting);
    }

    private static Span blackhole(TcpForwarder path) throws Exception {
        long began = System.nanoTime();
        path.freeze();
        Thread.sleep(BLACKHOLE.toMillis());
        path.admitNew();
        return Span.since(began);
    }

    private static Span flushall() {
        redis.session.sync().flushall();
        return Span.instant(System.nanoTime());
    }

    /** The guard's own BGSAVEs leave an RDB file behind: without it the restart really comes back empty. */
    private static Span redisRestartedEmpty() throws Exception {
        long began = System.nanoTime();
        redis.server.stop();
        Files.deleteIfExists(redis.server.dir().resolve("dump.rdb"));
        redis.server.start();
        // Not a key count: metasync may have replayed rows already. INFO says what the start loaded.
        RdbFile.NONE.assertLoadedBy(redis.session);
        return Span.since(began);
    }

    private static Span olderRdb() throws Exception {
        redis.session.saveNow();
        Path snapshot = Files.copy(redis.server.dir().resolve("dump.rdb"), dir.resolve("older.rdb"), StandardCopyOption.REPLACE_EXISTING);
        RdbFile older = RdbFile.read(services, snapshot, key(SampleTickers.symbol(100)));
        assertThat(older.value(key(SampleTickers.symbol(100)))).as("the older RDB has the row deleted next").isNotNull();
        sql("DELETE FROM " + table + " WHERE symbol IN ('" + SampleTickers.symbol(100) + "', '" + SampleTickers.symbol(200) + "')");
        sql("INSERT INTO " + table + " (symbol, name, price) VALUES ('NEWROW', 'after the snapshot', 1.00)");
        await("the delete and the insert in Redis").atMost(HEAL).until(() -> redis.session.sync().get(key("NEWROW")) != null
                && redis.session.sync().get(key(SampleTickers.symbol(100))) == null);
        long began = System.nanoTime();
        redis.server.stop();
        Files.copy(snapshot, redis.server.dir().resolve("dump.rdb"), StandardCopyOption.REPLACE_EXISTING);
        redis.server.start();
        older.assertLoadedBy(redis.session);
        return Span.since(began);
    }

    private static Span killMetasync() throws Exception {
        metasync.kill();
        long killed = System.nanoTime();
        metasync = startMetasync();
        return Span.instant(killed);
    }

    private static Span dropSlot() throws Exception {
        long began = System.nanoTime();
        PostgresFaults.dropSlot(postgres, table);
        Span span = Span.since(began);
        changeWhileBlind(postgres, 300, "DROP");
        return span;
    }

    private static Span invalidateSlot() throws Exception {
        long began = System.nanoTime();
        PostgresFaults.invalidateSlot(postgres, table);
        Span span = Span.since(began);
        changeWhileBlind(postgres, 400, "LOST");
        return span;
    }

    /**
     * pg_dump of the table into a fresh initdb, the old server stopped, capture's address moved to the new
     * one: a new system identifier, and LSNs below every position the old cluster gave (and Redis is fenced by).
     */
    private static Span replaceCluster() throws Exception {
        LocalPostgres old = postgres;
        String oldIdentifier;
        long oldLsn;
        try (Connection c = old.connect()) {
            oldIdentifier = PostgresFaults.systemIdentifier(c);
            oldLsn = PostgresFaults.currentLsn(c);
        }
        long began = System.nanoTime();
        LocalPostgres fresh = PostgresFaults.replaceCluster(old, toPostgres, Files.createDirectories(dir.resolve("pg-new")) /* a Unix socket path: short */,
                List.of(table));
        replaced.add(old);
        postgres = fresh;
        Span span = Span.since(began);
        try (Connection c = fresh.connect()) {
            assertThat(PostgresFaults.systemIdentifier(c)).as("the new cluster's system identifier").isNotEqualTo(oldIdentifier);
            assertThat(PostgresFaults.currentLsn(c)).as("the new cluster's LSN, below the old cluster's").isLessThan(oldLsn);
        }
        changeWhileBlind(fresh, 500, "REPL");
        return span;
    }

    /**
     * Right after the fault, before capture has a new position: 3 rows deleted, 2 inserted, 1 updated.
     * Only a fresh snapshot (and its tombstones for the deleted rows) brings them to Redis; verify checks each.
     */
    private static void changeWhileBlind(LocalPostgres pg, int first, String tag) throws Exception {
        try (Connection c = pg.connect(); Statement s = c.createStatement()) {
            s.execute("DELETE FROM " + table + " WHERE symbol IN ('" + SampleTickers.symbol(first) + "', '" + SampleTickers.symbol(first + 1)
                    + "', '" + SampleTickers.symbol(first + 2) + "')");
            s.execute("INSERT INTO " + table + " (symbol, name, price) VALUES ('" + tag + "1', 'inserted while capture was blind', 1.00), ('"
                    + tag + "2', 'inserted while capture was blind', 2.00)");
            s.execute("UPDATE " + table + " SET name = 'changed while capture was blind' WHERE symbol = '" + SampleTickers.symbol(first + 3) + "'");
        }
        System.out.printf("FAULT while capture was blind: %s..%s deleted, %s1 and %s2 inserted, %s updated%n", SampleTickers.symbol(first),
                SampleTickers.symbol(first + 2), tag, tag, SampleTickers.symbol(first + 3));
    }

    // --- observing --------------------------------------------------------------------------------

    /** Marks the moment with a change of the marker row and waits until it and every row are in Redis. */
    private static boolean observeHealed(String marker) throws Exception {
        sql("UPDATE " + table + " SET name = '" + marker + "' WHERE symbol = '" + MARKER_SYMBOL + "'");
        long expected = rowsInPostgres();
        try {
            await("the marker change and all " + expected + " rows in Redis").atMost(HEAL).pollInterval(Duration.ofMillis(250))
                    .until(() -> String.valueOf(redisOrNull(key(MARKER_SYMBOL))).contains('"' + marker + '"') && keys() == expected);
            return true;
        } catch (ConditionTimeoutException e) {
            System.out.printf("FAULT not healed within %d s: %d of %d keys, marker row %s%n", HEAL.toSeconds(), keys(), expected,
                    redisOrNull(key(MARKER_SYMBOL)));
            return false;
        }
    }

    /** verify's summary line; passed when it says IN SYNC with nothing missing, extra or wrong. */
    private static FaultRun.Verdict verify() {
        // Against the PostgreSQL of now: after the replaced-cluster row, the new one.
        Map<String, String> settings = new HashMap<>(directSettings);
        settings.put("postgres.port", Integer.toString(postgres.port()));
        CliRunner.Outcome outcome = CliRunner.run("verify", services.isolated(table, settings), "--settle-seconds", "5");
        String summary = outcome.out().lines().filter(line -> line.contains(" missing, ")).findFirst()
                .orElse("verify printed no summary (exit " + outcome.exitCode() + "): " + outcome.err().strip()).strip();
        boolean clean = summary.contains("0 missing, 0 extra, 0 wrong -> IN SYNC") && outcome.exitCode() == 0;
        return new FaultRun.Verdict(clean, summary.replace("public." + table + ": ", ""));
    }

    /** After a fault that did not heal: connections cut, broker up, a fresh metasync, everything in sync again. */
    private static void reset() throws Exception {
        toRedis.cut();
        toPostgres.cut();
        try {
            broker.restart();
        } catch (IllegalStateException running) {
            // it was up
        }
        if (metasync != null) {
            metasync.kill();
        }
        metasync = startMetasync();
        if (!observeHealed("reset after " + starts)) {
            throw new AssertionError("the pipeline did not come back after a reset: " + metasyncLogTail());
        }
    }

    private static MetasyncProcess startMetasync() throws Exception {
        return MetasyncProcess.run(config, Map.of(), dir.resolve("metasync-" + ++starts + ".log"));
    }

    /** metasync's logs outlive the test services' directory, which goes when the JVM exits. */
    private static void keepLogs() throws Exception {
        Path kept = Files.createDirectories(Path.of("target", "fault-matrix-logs"));
        for (int i = 1; i <= starts; i++) {
            Files.copy(dir.resolve("metasync-" + i + ".log"), kept.resolve("metasync-" + i + ".log"), StandardCopyOption.REPLACE_EXISTING);
        }
        Files.copy(dir.resolve("broker").resolve("broker.log"), kept.resolve("broker.log"), StandardCopyOption.REPLACE_EXISTING);
    }

    private static String metasyncLogTail() throws Exception {
        List<String> lines = Files.readAllLines(dir.resolve("metasync-" + starts + ".log"));
        return "--- metasync-" + starts + ".log, its last lines\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    private static String key(String symbol) {
        return TestServices.keyPrefix(table) + symbol;
    }

    private static String redisOrNull(String key) {
        try {
            return redis.session.sync().get(key);
        } catch (RuntimeException e) {
            return null; // Redis restarting
        }
    }

    private static long keys() {
        try {
            return KeyCounter.count(redis.session.sync(), TestServices.keyPrefix(table) + "*");
        } catch (RuntimeException e) {
            return -1; // Redis restarting
        }
    }

    private static long rowsInPostgres() throws Exception {
        try (Connection c = postgres.connect(); Statement s = c.createStatement();
             ResultSet count = s.executeQuery("SELECT count(*) FROM " + table)) {
            count.next();
            return count.getLong(1);
        }
    }

    private static void sql(String statement) throws Exception {
        try (Connection c = postgres.connect(); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }
}
