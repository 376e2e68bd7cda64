package com.tradeul.metasync.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.tradeul.metasync.Pipeline;
import com.tradeul.metasync.config.CaptureSettings;
import com.tradeul.metasync.config.MetasyncConfig;
import com.tradeul.metasync.devtools.demo.SampleTickers;
import com.tradeul.metasync.verify.KeyCounter;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The whole path PostgreSQL → Debezium → Kafka → Redis on real services, checked value by value. */
class TickerMetadataSyncIT {

    /** The snapshot goes through metasync's COPY reader (issue #17), not Debezium's default one. */
    private static final Map<String, String> COPY_READER = Map.of(CaptureSettings.SNAPSHOT_READER, "copy");

    private static final Duration SYNC_TIMEOUT = Duration.ofSeconds(180);

    private static TestServices services;
    private static RedisSession redis;

    @BeforeAll
    static void startServices() {
        services = TestServices.get();
        redis = new RedisSession(services.redis.uri());
    }

    @AfterAll
    static void closeClient() {
        redis.close();
    }

    private static RedisCommands<String, String> redis() {
        return redis.sync();
    }

    private static Pipeline start(MetasyncConfig config) {
        return Pipeline.start(config, EnumSet.allOf(Pipeline.Component.class), Clock.systemUTC());
    }

    private static void sql(String statement) throws Exception {
        try (Connection connection = services.postgres.connect(); Statement s = connection.createStatement()) {
            s.execute(statement);
        }
    }

    @Test
    void snapshot_copies_all_12140_rows_with_every_digit_and_the_scanner_reads_the_same_values() throws Exception {
        String table = services.uniqueName("tickers");
        try (Connection connection = services.postgres.connect()) {
            SampleTickers.load(connection, table, SampleTickers.DEFAULT_ROWS);
        }
        String prefix = TestServices.keyPrefix(table);
        try (Pipeline pipeline = start(services.isolated(table, COPY_READER))) {
            await().atMost(SYNC_TIMEOUT).pollInterval(Duration.ofMillis(500))
                    .until(() -> KeyCounter.count(redis(), prefix + "*") == SampleTickers.DEFAULT_ROWS);
            assertThat(pipeline.applyStats().deadLettered()).isZero();
        }
        assertThat(KeyCounter.count(redis(), prefix + "*")).isEqualTo(12_140);
        try (Connection connection = services.postgres.connect()) {
            List<String> differences = TickerComparison.differences(connection, table, redis(), prefix);
            assertThat(differences).as("columns that differ between PostgreSQL and Redis").isEmpty();
            assertThat(awkwardRowsIn(connection, table)).isEqualTo(51);
            assertScannerReadsPostgresValues(connection, table, prefix);
        }
    }

    private static long awkwardRowsIn(Connection connection, String table) throws Exception {
        return TickerComparison.postgresTexts(connection, table).keySet().stream()
                .filter(symbol -> SampleTickers.isAwkward(Integer.parseInt(symbol.substring(1)))).count();
    }

    /** The market scanner is a Python program: read the keys with redis-py and json.loads(parse_float=Decimal). */
    private static void assertScannerReadsPostgresValues(Connection connection, String table, String prefix) throws Exception {
        // The PostgreSQL side of 12,140 rows is 2.5 MB: not to be left in /tmp by every suite run.
        Path expected = Files.createTempFile("expected-", ".json");
        try {
            new ObjectMapper().writeValue(expected.toFile(), TickerComparison.postgresTexts(connection, table));
            Process python = new ProcessBuilder("/usr/bin/python3", "src/test/python/scanner_read.py",
                    Integer.toString(services.redis.port()), prefix, expected.toString())
                    .redirectErrorStream(true).start();
            String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(python.waitFor(120, TimeUnit.SECONDS)).isTrue();
            System.out.print(output);
            assertThat(output).contains("python scanner: 12140 rows, 109260 values, 0 mismatches");
            assertThat(python.exitValue()).as(output).isZero();
        } finally {
            Files.deleteIfExists(expected);
        }
    }

    @Test
    void insert_update_and_delete_after_the_snapshot_show_up_in_redis() throws Exception {
        String table = services.uniqueName("stream");
        try (Connection connection = services.postgres.connect()) {
            SampleTickers.load(connection, table, 100);
        }
        String prefix = TestServices.keyPrefix(table);
        try (Pipeline pipeline = start(services.isolated(table, COPY_READER))) {
            await().atMost(SYNC_TIMEOUT).until(() -> KeyCounter.count(redis(), prefix + "*") == 100);

            sql("INSERT INTO " + table + " (symbol, name, price, ratio) VALUES ('NEW1', 'Fresh Listing', 10.10, 0.000000000001)");
            await().atMost(Duration.ofSeconds(30)).until(() -> redis().get(prefix + "NEW1") != null);
            assertThat(redis().get(prefix + "NEW1")).contains("\"price\":10.10").contains("\"ratio\":0.000000000001");

            sql("UPDATE " + table + " SET price = 99999999999999.90, name = 'Renamed' WHERE symbol = 'T00005'");
            await().atMost(Duration.ofSeconds(30)).until(() -> redis().get(prefix + "T00005").contains("Renamed"));
            assertThat(redis().get(prefix + "T00005")).contains("\"price\":99999999999999.90");

            sql("DELETE FROM " + table + " WHERE symbol = 'T00007'");
            await().atMost(Duration.ofSeconds(30)).until(() -> redis().get(prefix + "T00007") == null);

            assertThat(KeyCounter.count(redis(), prefix + "*")).isEqualTo(100);
            try (Connection connection = services.postgres.connect()) {
                assertThat(TickerComparison.differences(connection, table, redis(), prefix)).isEmpty();
            }
        }
    }

    @Test
    void restart_resumes_without_a_new_snapshot_and_keeps_changes_made_while_down() throws Exception {
        String table = services.uniqueName("restart");
        try (Connection connection = services.postgres.connect()) {
            SampleTickers.load(connection, table, 500);
        }
        String prefix = TestServices.keyPrefix(table);
        MetasyncConfig config = services.isolated(table, COPY_READER);
        try (Pipeline first = start(config)) {
            await().atMost(SYNC_TIMEOUT).until(() -> KeyCounter.count(redis(), prefix + "*") == 500);
        }
        long recordsAfterSnapshot = topicRecords(config);
        assertThat(recordsAfterSnapshot).isEqualTo(500);

        sql("UPDATE " + table + " SET price = 4242.42 WHERE symbol = 'T00001'");
        sql("INSERT INTO " + table + " (symbol, name) VALUES ('WHILEDOWN', 'Listed while metasync was stopped')");
        sql("DELETE FROM " + table + " WHERE symbol = 'T00002'");

        try (Pipeline second = start(config)) {
            await().atMost(SYNC_TIMEOUT).until(() -> redis().get(prefix + "WHILEDOWN") != null
                    && redis().get(prefix + "T00002") == null
                    && redis().get(prefix + "T00001").contains("4242.42"));
            // 3 changes, plus the tombstone after the delete: no second snapshot of 500 rows.
            await().atMost(Duration.ofSeconds(30)).until(() -> topicRecords(config) == recordsAfterSnapshot + 4);
        }
        assertThat(topicRecords(config)).isEqualTo(recordsAfterSnapshot + 4);
        try (Connection connection = services.postgres.connect()) {
            assertThat(TickerComparison.differences(connection, table, redis(), prefix)).isEmpty();
        }
    }

    /** Records ever written to the table's change topic (log end offsets; nothing is compacted this fast). */
    private static long topicRecords(MetasyncConfig config) throws Exception {
        String topic = config.tablesByTopic().keySet().iterator().next();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", services.kafka.bootstrapServers()))) {
            var partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions();
            Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
            partitions.forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            return admin.listOffsets(latest).all().get().values().stream().mapToLong(o -> o.offset()).sum();
        }
    }
}
