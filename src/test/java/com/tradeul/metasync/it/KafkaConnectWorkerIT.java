package com.tradeul.metasync.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.tradeul.metasync.capture.PgTextSchema;
import com.tradeul.metasync.config.MetasyncConfig;
import com.tradeul.metasync.devtools.demo.SampleTickers;
import com.tradeul.metasync.embedded.FreePorts;
import com.tradeul.metasync.verify.KeyCounter;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Capture on Kafka Connect, apply by metasync, as README "Capture on a Kafka Connect cluster"
 * deploys it: a real distributed Connect worker ({@link ConnectWorker}: Kafka 4.3.0's runtime, the
 * plugin directory the build assembles on its plugin path) runs {@code connectors/kafka-connect-postgres.json}
 * posted to its REST API, and {@code metasync run --only apply} in a JVM of its own consumes the
 * topic. Under live updates a task restart, then a kill -9 of the worker and a new one, lose nothing.
 * The values pgjdbc's typed getters would change in a snapshot (dates of 1582's missing days,
 * intervals past 2^31 hours) arrive as PostgreSQL's text, in the snapshot and streamed.
 */
class KafkaConnectWorkerIT {

    private static final int ROWS = SampleTickers.DEFAULT_ROWS;
    private static final int UPDATES_PER_SECOND = 200;
    private static final Duration WAIT = Duration.ofSeconds(90);
    /** A row LiveUpdates changes too (price, volume): a marker in its name shows streaming got through. */
    private static final String MARKED = SampleTickers.symbol(3);
    private static final int MARKERS = 3;
    private static final String PASSWORD = "pg-" + UUID.randomUUID();

    private static TestServices services;
    private static RedisClient redisClient;
    private static StatefulRedisConnection<String, String> redis;

    @BeforeAll
    static void start() {
        services = TestServices.get();
        redisClient = RedisClient.create(services.redis.uri());
        redis = redisClient.connect();
    }

    @AfterAll
    static void stop() {
        redis.close();
        redisClient.shutdown();
    }

    @Test
    void connector_on_a_connect_worker_feeds_apply_exactly_through_a_task_restart_and_a_killed_worker() throws Exception {
        String table = services.uniqueName("connect_worker");
        String prefix = TestServices.keyPrefix(table);
        try (Connection c = services.postgres.connect(); Statement s = c.createStatement()) {
            SampleTickers.load(c, table, ROWS);
            // the connector's own user, as in production: no superuser, its password only in a file the worker reads
            services.postgres.createRole(table, PASSWORD, "LOGIN REPLICATION");
            s.execute("GRANT CREATE ON DATABASE postgres TO " + table);
            s.execute("ALTER TABLE " + table + " OWNER TO " + table);
        }
        int monitorPort = FreePorts.pick();
        MetasyncConfig config = services.isolated(table, Map.of("monitor.port", Integer.toString(monitorPort)));
        Path dir = Files.createDirectories(services.root.resolve(table));
        long started = System.nanoTime();
        try (ConnectWorker worker = new ConnectWorker(dir.resolve("connect"), services.kafka.bootstrapServers(), table + "-connect").start()) {
            System.out.printf("CONNECT worker up at %s in %.1f s%n", worker.url(), seconds(started));
            assertThat(worker.connectorPlugins()).as("connectors found on the plugin path")
                    .contains("\"class\":\"io.debezium.connector.postgresql.PostgresConnector\",\"type\":\"source\",\"version\":\"3.6.1.Final\"")
                    .contains("\"class\":\"com.tradeul.metasync.capture.StoppingPostgresConnector\",\"type\":\"source\"");
            worker.createConnector(connector(table, dir));
            awaitRunning(worker, table);
            try (MetasyncProcess apply = MetasyncProcess.run(config, Map.of(), dir.resolve("apply.log"), List.of("--only", "apply"))) {
                await().atMost(WAIT).pollInterval(Duration.ofMillis(250))
                        .until(() -> alive(apply) && KeyCounter.count(redis.sync(), prefix + "*") == ROWS);
                System.out.printf("CONNECT snapshot: %,d rows in Redis %.1f s after start%n", ROWS, seconds(started));
                long updates = restartsUnderLiveUpdates(worker, table, apply);
                assertExactAndComplete(config, apply);
                double records = metric(monitorPort, "metasync_apply_records_total");
                System.out.printf("CONNECT apply took %.0f records for %,d change records (%.0f sent again after the restarts), %.0f fenced;"
                        + " %.1f s in all%n", records, ROWS + updates, records - ROWS - updates,
                        metric(monitorPort, "metasync_apply_fenced_writes_total"), seconds(started));
                assertThat(worker.connectorConfig(table)).as("the stored connector config").contains("${file:").doesNotContain(PASSWORD);
            } finally {
                worker.deleteConnector(table);
            }
            assertThat(worker.logLinesWith(PASSWORD)).as("worker log lines with the password").isEmpty();
        }
        dropSlot(table);
    }

    /** Dates pgjdbc's calendar lacks, a domain over date, intervals past its int hours, timetz offsets. */
    private static final List<TypeComparison.Col> TEXT_COLUMNS = List.of(
            TypeComparison.Col.of("d", "date", TypeComparison.Rule.TEMPORAL),
            TypeComparison.Col.of("dd", "domain over date", TypeComparison.Rule.TEMPORAL),
            TypeComparison.Col.of("iv", "interval", TypeComparison.Rule.EXACT),
            TypeComparison.Col.of("ttz", "timetz", TypeComparison.Rule.TIMETZ));

    @Test
    void connect_snapshot_and_streaming_carry_what_pgjdbc_would_misread_as_postgresqls_text() throws Exception {
        String table = services.uniqueName("connect_text");
        String prefix = TestServices.keyPrefix(table);
        try (Connection c = services.postgres.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE DOMAIN " + table + "_day AS date");
            s.execute("CREATE TABLE " + table + " (id bigint PRIMARY KEY, d date, dd " + table + "_day, iv interval, ttz timetz)");
            s.execute("INSERT INTO " + table + " VALUES"
                    + " (1, '1582-10-05', '1582-10-14', '2147483648 hours', '12:34:56.789+05:30'),"
                    + " (2, '1582-10-14', '1582-10-05', '178000000 years', '23:59:59-03:00'),"
                    + " (3, NULL, NULL, NULL, NULL)");
            services.postgres.createRole(table, PASSWORD, "LOGIN REPLICATION");
            s.execute("GRANT CREATE ON DATABASE postgres TO " + table);
            s.execute("ALTER TABLE " + table + " OWNER TO " + table);
        }
        MetasyncConfig config = services.isolated(table, Map.of("tables.public." + table + ".key-template", prefix + "{id}"));
        Path dir = Files.createDirectories(services.root.resolve(table));
        try (ConnectWorker worker = new ConnectWorker(dir.resolve("connect"), services.kafka.bootstrapServers(), table + "-connect").start()) {
            worker.createConnector(connector(table, dir));
            try (MetasyncProcess apply = MetasyncProcess.run(config, Map.of(), dir.resolve("apply.log"), List.of("--only", "apply"))) {
                await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).until(() -> alive(apply)
                        && worker.status(table).equals(ConnectWorker.RUNNING) && KeyCounter.count(redis.sync(), prefix + "*") == 3);
                assertSameAsPostgres(table, prefix, "snapshot");

                try (Connection c = services.postgres.connect(); Statement s = c.createStatement()) {
                    s.execute("INSERT INTO " + table + " VALUES (4, '1582-10-10', '1582-10-06', '-2147483649 hours', '00:00:00+14:59')");
                    s.execute("UPDATE " + table + " SET d = '1582-10-07', iv = '178000000 years 2147483648 hours' WHERE id = 1");
                }
                await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).until(() -> alive(apply)
                        && KeyCounter.count(redis.sync(), prefix + "*") == 4
                        && String.valueOf(redis.sync().get(prefix + "1")).contains("\"d\":\"1582-10-07\""));
                assertSameAsPostgres(table, prefix, "streamed");
                assertThat(deadLettered(config)).as("records in the dead-letter topic").isZero();
            } finally {
                worker.deleteConnector(table);
            }
            assertThat(worker.logLinesWith(PASSWORD)).as("worker log lines with the password").isEmpty();
        }
        dropSlot(table);
    }

    private static void assertSameAsPostgres(String table, String prefix, String phase) throws Exception {
        try (Connection c = services.postgres.connect()) {
            TypeComparison.Outcome outcome = TypeComparison.compare(c, table, TEXT_COLUMNS, redis.sync(), prefix);
            System.out.printf("CONNECT %s: %d rows, %d values compared with PostgreSQL's own JSON%n", phase, outcome.rows(), outcome.values());
            assertThat(outcome.differences()).as(phase + " values in Redis that differ from PostgreSQL's").isEmpty();
            assertThat(outcome.values()).isEqualTo(outcome.rows() * TEXT_COLUMNS.size());
        }
    }

    /**
     * Live updates throughout; a task restart through the REST API, then deletes and inserts, SIGKILL
     * of the worker and a new one on the same topics: after each, a marked change reaches Redis.
     * Returns the records Connect writes for what changed.
     */
    private static long restartsUnderLiveUpdates(ConnectWorker worker, String table, MetasyncProcess apply) throws Exception {
        long started = System.nanoTime();
        try (LiveUpdates live = LiveUpdates.start(services, table, ROWS, UPDATES_PER_SECOND)) {
            awaitStreamed(table, "streaming", apply);

            worker.restartTask(table, 0);
            awaitRunning(worker, table);
            awaitStreamed(table, "after-task-restart", apply);

            int churn = deleteAndInsert(table);
            Thread.sleep(300); // sent, most likely not yet in a flushed offset: the next worker sends them again
            worker.kill();
            Thread.sleep(2_000); // changes committed while no worker runs: the slot keeps them
            long restarted = System.nanoTime();
            worker.start();
            awaitRunning(worker, table);
            awaitStreamed(table, "after-worker-kill", apply);
            System.out.printf("CONNECT worker killed and started again: streaming back after %.1f s%n", seconds(restarted));
            Thread.sleep(3_000);
            live.close();
            System.out.printf("CONNECT %,d live updates in %.1f s%n", live.count(), seconds(started));
            return live.count() + MARKERS + churn;
        }
    }

    /**
     * Deletes ten rows, inserts five of them again (a tombstone then a new row of the same key, which
     * a re-send must not leave deleted) and five new ones: as many rows as before. Returns the records
     * Connect writes for them (a delete event and a tombstone per delete).
     */
    private static int deleteAndInsert(String table) throws Exception {
        try (Connection c = services.postgres.connect(); Statement s = c.createStatement()) {
            assertThat(s.executeUpdate("DELETE FROM " + table + " WHERE symbol BETWEEN 'T00100' AND 'T00109'")).isEqualTo(10);
            s.executeUpdate("INSERT INTO " + table + " (symbol, name, price, ratio, change_pct, volume)"
                    + " SELECT 'T0010' || i, 'Again ' || i, 1.10, 2.200, 0.3300, i FROM generate_series(0, 4) i");
            s.executeUpdate("INSERT INTO " + table + " (symbol, name, price, ratio, change_pct, volume)"
                    + " SELECT 'N0000' || i, 'New ' || i, 9.90, -1.000, 0.0100, i FROM generate_series(0, 4) i");
        }
        return 10 * 2 + 5 + 5;
    }

    /** verify IN SYNC, nothing dead-lettered, no ERROR from apply, and the values on the topic are metasync's converter's. */
    private static void assertExactAndComplete(MetasyncConfig config, MetasyncProcess apply) throws Exception {
        CliRunner.Outcome verify = CliRunner.run("verify", config, "--settle-seconds", "30");
        assertThat(verify.out()).as(verify.out() + verify.err())
                .contains(String.format("%,d rows, %,d keys: %,d in sync, 0 missing, 0 extra, 0 wrong -> IN SYNC", ROWS, ROWS, ROWS));
        assertThat(verify.exitCode()).isZero();
        assertThat(deadLettered(config)).as("records in the dead-letter topic").isZero();
        assertThat(lastValue(config)).as("the last change on the topic, as the worker wrote it")
                .contains("\"name\":\"" + PgTextSchema.NAME + "\"").contains("\"" + PgTextSchema.PG_TYPE + "\":\"numeric\"");
        assertThat(apply.output()).doesNotContain("ERROR");
    }

    /** The shipped JSON, pointed at this test's database, table, slot and topic prefix; the password from a file. */
    private static ObjectNode connector(String table, Path dir) throws Exception {
        ObjectNode body = (ObjectNode) new ObjectMapper().readTree(Path.of("connectors", "kafka-connect-postgres.json").toFile());
        Path secrets = dir.resolve("postgres.properties");
        Files.writeString(secrets, "password=" + PASSWORD + "\n");
        body.put("name", table);
        ObjectNode config = (ObjectNode) body.get("config");
        assertThat(config.get("database.password").asText()).startsWith("${file:");
        config.put("database.password", "${file:" + secrets.toAbsolutePath() + ":password}");
        config.put("database.hostname", services.postgres.host());
        config.put("database.port", Integer.toString(services.postgres.port()));
        config.put("database.user", table);
        config.put("topic.prefix", table);
        config.put("table.include.list", "public." + table);
        config.put("slot.name", table);
        config.put("publication.name", table);
        return body;
    }

    private static void awaitRunning(ConnectWorker worker, String connector) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).until(() -> worker.status(connector).equals(ConnectWorker.RUNNING));
    }

    /** Commits a new name on the marked row and waits until apply wrote it to Redis. */
    private static void awaitStreamed(String table, String marker, MetasyncProcess apply) throws Exception {
        String key = TestServices.keyPrefix(table) + MARKED;
        try (Connection c = services.postgres.connect();
             PreparedStatement update = c.prepareStatement("UPDATE " + table + " SET name = ? WHERE symbol = ?")) {
            update.setString(1, marker);
            update.setString(2, MARKED);
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> alive(apply)
                && String.valueOf(redis.sync().get(key)).contains("\"name\":\"" + marker + "\""));
    }

    private static boolean alive(MetasyncProcess apply) throws Exception {
        if (!apply.alive()) {
            throw new AssertionError("metasync run --only apply exited:\n" + apply.output());
        }
        return true;
    }

    private static long deadLettered(MetasyncConfig config) throws Exception {
        TopicPartition partition = new TopicPartition(config.kafka().deadLetterTopic(), 0);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", services.kafka.bootstrapServers()))) {
            return admin.listOffsets(Map.of(partition, OffsetSpec.latest())).partitionResult(partition).get(30, TimeUnit.SECONDS).offset();
        }
    }

    /** The value of the change topic's last record: JsonConverter's envelope, metasync's converter's schemas in it. */
    private static String lastValue(MetasyncConfig config) {
        TopicPartition partition = new TopicPartition(config.tablesByTopic().keySet().iterator().next(), 0);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", services.kafka.bootstrapServers()),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seekToEnd(List.of(partition));
            consumer.seek(partition, consumer.position(partition) - 1);
            for (int i = 0; i < 50; i++) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    return record.value();
                }
            }
            throw new AssertionError("no record on " + partition);
        }
    }

    /** One sample of apply's /metrics. */
    private static double metric(int monitorPort, String name) throws Exception {
        String text = Scrape.get(new InetSocketAddress("127.0.0.1", monitorPort), "/metrics").body();
        Matcher m = Pattern.compile("(?m)^" + name + "(?:\\{[^}]*\\})? (\\S+)$").matcher(text);
        assertThat(m.find()).as(name + " in /metrics").isTrue();
        return Double.parseDouble(m.group(1));
    }

    /** The shared test PostgreSQL has few slots: once the connector is gone, its slot goes too. */
    private static void dropSlot(String slot) {
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
            try (Connection c = services.postgres.connect(); Statement s = c.createStatement()) {
                s.execute("SELECT pg_drop_replication_slot('" + slot + "')");
                return true;
            }
        });
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
