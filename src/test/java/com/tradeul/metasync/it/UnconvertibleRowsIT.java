package com.tradeul.metasync.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.tradeul.metasync.Pipeline;
import com.tradeul.metasync.config.MetasyncConfig;
import com.tradeul.metasync.devtools.demo.SampleTickers;
import com.tradeul.metasync.monitor.HealthReport;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One value capture cannot carry exactly stops nothing else: its row goes to the dead-letter topic
 * with the reason and the value, its key follows the table's on-unconvertible policy, health and
 * verify name it, every other row and table keeps flowing, a restart does not crash-loop, and once
 * the row changes to something carriable it arrives and health recovers.
 *
 * <p>The uncarriable value: a value of a type created and added to the table while capture runs
 * (a user-defined range). metasync reads the types of the captured columns from PostgreSQL at start
 * and tells its converter; a type it was not told about cannot be read, and a restart is what lets
 * it learn the type. (Every value of a type known at start is carried; one PostgreSQL holds but
 * metasync cannot, such as a timestamp after 294247, is dead-lettered the same way, but verify
 * cannot read that row either.)
 */
class UnconvertibleRowsIT {

    private static final Duration WAIT = Duration.ofSeconds(90);

    private static TestServices services;
    private static RedisSession redis;

    @BeforeAll
    static void start() {
        services = TestServices.get();
        redis = new RedisSession(services.redis.uri());
    }

    @AfterAll
    static void stop() {
        redis.close();
    }

    private static RedisCommands<String, String> redis() {
        return redis.sync();
    }

    /** A ticker table and an awkward one in one pipeline; returns its settings. */
    private static MetasyncConfig twoTables(String tickers, String awkward, Map<String, String> extra) throws Exception {
        try (Connection c = services.postgres.connect(); Statement s = c.createStatement()) {
            SampleTickers.load(c, tickers, 200);
            s.execute("CREATE TABLE " + awkward + " (id int PRIMARY KEY, price numeric, name text)");
            s.execute("INSERT INTO " + awkward + " VALUES (1, 1.5, 'one'), (2, 2.5, 'two')");
        }
        Map<String, String> settings = new java.util.LinkedHashMap<>(Map.of(
                "postgres.tables", "public." + tickers + ",public." + awkward,
                "tables.public." + awkward + ".key-template", awkward + ":{id}",
                "monitor.interval-seconds", "1"));
        settings.putAll(extra);
        return services.isolated(tickers, settings);
    }

    /** Adds a column of a type created after capture started, and gives row {@code id} a value of it. */
    private static void uncarriable(String awkward, int id) throws Exception {
        sql("CREATE TYPE " + awkward + "_span AS RANGE (subtype = float8)");
        sql("ALTER TABLE " + awkward + " ADD COLUMN span " + awkward + "_span");
        sql("UPDATE " + awkward + " SET span = '[1.5,2.5)', name = 'a type added since' WHERE id = " + id);
    }

    private static void sql(String statement) throws Exception {
        try (Connection c = services.postgres.connect(); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    private static Pipeline start(MetasyncConfig config) {
        return Pipeline.start(config, EnumSet.allOf(Pipeline.Component.class), Clock.systemUTC());
    }

    @Test
    void an_uncarriable_value_is_dead_lettered_named_by_health_and_verify_and_flows_again_once_fixed() throws Exception {
        String tickers = services.uniqueName("carried");
        String awkward = services.uniqueName("awkward");
        MetasyncConfig config = twoTables(tickers, awkward, Map.of());
        String tickerPrefix = TestServices.keyPrefix(tickers);
        try (Pipeline pipeline = start(config)) {
            await().atMost(WAIT).until(() -> redis().get(awkward + ":2") != null && redis().get(tickerPrefix + "T00199") != null);
            assertThat(redis().get(awkward + ":1")).contains("\"price\":1.5");

            uncarriable(awkward, 1);
            sql("UPDATE " + tickers + " SET name = 'after the awkward row' WHERE symbol = 'T00007'");
            sql("UPDATE " + awkward + " SET name = 'still carried' WHERE id = 2");

            // Everything else keeps flowing: the other table, and the other row of the same table.
            await().atMost(WAIT).until(() -> String.valueOf(redis().get(tickerPrefix + "T00007")).contains("after the awkward row")
                    && String.valueOf(redis().get(awkward + ":2")).contains("still carried"));
            // Default policy delete: nothing stale is served for the row.
            await().atMost(WAIT).until(() -> redis().get(awkward + ":1") == null);
            assertThat(pipeline.firstStop()).isNotDone();

            ConsumerRecord<byte[], byte[]> dead = deadLetter(config.kafka().deadLetterTopic(), "public." + awkward);
            assertThat(header(dead, "metasync.source.column")).isEqualTo("span");
            assertThat(header(dead, "metasync.reason")).contains("column 'span' cannot be carried exactly")
                    .contains("type " + awkward + "_span was not known when metasync started").contains("restart metasync");
            assertThat(new String(dead.key(), StandardCharsets.UTF_8)).isEqualTo("{\"id\":1}");
            assertThat(Long.parseLong(header(dead, "metasync.source.lsn"))).isPositive();
            assertThat(new String(dead.value(), StandardCharsets.UTF_8)).isEqualTo("[1.5,2.5)"); // PostgreSQL's text of the value

            await().atMost(WAIT).until(() -> pipeline.monitor().health().status() == HealthReport.Status.DEGRADED);
            assertThat(healthText(pipeline)).contains("1 row(s) could not be carried exactly", "public." + awkward + " key " + awkward + ":1",
                    "column span");
            assertThat(Scrape.of(pipeline.monitor().address().orElseThrow()).value("metasync_unconvertible_rows")).isEqualTo(1.0);
            assertThat(Scrape.of(pipeline.monitor().address().orElseThrow()).value("metasync_capture_unconvertible_total")).isEqualTo(1.0);

            CliRunner.Outcome verify = CliRunner.run("verify", config, "--settle-seconds", "1");
            assertThat(verify.exitCode()).as(verify.out()).isEqualTo(4);
            assertThat(verify.out()).contains("1 row(s) could not be carried exactly and went to the dead-letter topic")
                    .contains("public." + awkward + " key " + awkward + ":1 (column span:")
                    .contains("public." + tickers + ": 200 rows, 200 keys: 200 in sync");
        }

        // A restart in between: capture resumes past the record, nothing crash-loops, the mark is still known,
        // and capture now knows the type (it reads the columns' types from PostgreSQL at start).
        try (Pipeline again = start(config)) {
            sql("UPDATE " + tickers + " SET name = 'after the restart' WHERE symbol = 'T00008'");
            await().atMost(WAIT).until(() -> String.valueOf(redis().get(tickerPrefix + "T00008")).contains("after the restart"));
            await().atMost(WAIT).until(() -> again.monitor().health().status() == HealthReport.Status.DEGRADED);
            assertThat(again.firstStop()).isNotDone();

            sql("UPDATE " + awkward + " SET price = 3.25, name = 'fixed' WHERE id = 1");
            await().atMost(WAIT).until(() -> String.valueOf(redis().get(awkward + ":1")).contains("\"price\":3.25"));
            assertThat(redis().get(awkward + ":1")).contains("\"span\":\"[1.5,2.5)\"");
            await().atMost(WAIT).until(() -> again.monitor().health().status() == HealthReport.Status.UP);
            CliRunner.Outcome verify = CliRunner.run("verify", config, "--settle-seconds", "5");
            assertThat(verify.exitCode()).as(verify.out()).isZero();
            assertThat(verify.out()).doesNotContain("could not be carried");
        }
    }

    @Test
    void keep_serves_the_last_good_value_and_stop_halts_capture_with_the_reason() throws Exception {
        String tickers = services.uniqueName("kept");
        String awkward = services.uniqueName("keepawk");
        MetasyncConfig config = twoTables(tickers, awkward, Map.of("tables.public." + awkward + ".on-unconvertible", "keep"));
        try (Pipeline pipeline = start(config)) {
            await().atMost(WAIT).until(() -> redis().get(awkward + ":1") != null);
            uncarriable(awkward, 1);
            await().atMost(WAIT).until(() -> pipeline.monitor().health().status() == HealthReport.Status.DEGRADED);
            assertThat(redis().get(awkward + ":1")).contains("\"price\":1.5").doesNotContain("span"); // the last good value stays
        }

        String stopTickers = services.uniqueName("stopped");
        String stopAwkward = services.uniqueName("stopawk");
        MetasyncConfig stopping = twoTables(stopTickers, stopAwkward, Map.of("tables.public." + stopAwkward + ".on-unconvertible", "stop"));
        try (Pipeline pipeline = start(stopping)) {
            await().atMost(WAIT).until(() -> redis().get(stopAwkward + ":1") != null);
            uncarriable(stopAwkward, 1);
            await().atMost(WAIT).until(() -> pipeline.firstStop().isDone());
            assertThat(pipeline.firstStop()).isCompletedExceptionally();
            assertThat(healthText(pipeline)).contains("capture stopped", "on-unconvertible=stop", "column 'span'");
        }
    }

    private static String healthText(Pipeline pipeline) {
        return pipeline.monitor().health().reasons().toString();
    }

    /** The dead letter of {@code table}'s row, as an operator would read the topic. */
    private static ConsumerRecord<byte[], byte[]> deadLetter(String topic, String table) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                "bootstrap.servers", services.kafka.bootstrapServers(), "group.id", "dlq-reader-" + topic,
                "auto.offset.reset", "earliest"), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            List<ConsumerRecord<byte[], byte[]>> seen = new ArrayList<>();
            await().atMost(WAIT).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
                return seen.stream().anyMatch(r -> r.headers().lastHeader("metasync.source.table") != null
                        && header(r, "metasync.source.table").equals(table));
            });
            return seen.stream().filter(r -> header(r, "metasync.source.table").equals(table)).findFirst().orElseThrow();
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }
}
