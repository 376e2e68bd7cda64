package com.tradeul.metasync.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.tradeul.metasync.Pipeline;
import com.tradeul.metasync.config.MetasyncConfig;
import com.tradeul.metasync.verify.KeyCounter;
import com.tradeul.metasync.wire.ChangeEvent;
import com.tradeul.metasync.wire.ChangeEventCodec;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A table written as Redis hashes ({@code format = hash}, a column excluded and one renamed) beside a
 * JSON table with string numbers, in one pipeline: every change kind compared field by field with
 * PostgreSQL's own text of each column, verify IN SYNC on both tables after each step, a wipe replayed,
 * repair of a deleted hash, a changed field and keys of the other Redis type, a JSON row over a hash key
 * dead-lettered rather than retried forever, and what a Python reader (redis-py HGETALL) sees.
 */
class HashTargetIT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    /** PostgreSQL's text of each column the hash holds (secret is excluded; notes is written as memo). */
    private static final String POSTGRES_TEXT = "SELECT symbol, price::text AS price, ratio::text AS ratio, big::text AS big,"
            + " active::text AS active, notes AS memo";
    private static final String DROPPED_TEXT = ", gone::text AS gone";
    /** ~64 kB of md5 hex: too large and too random to stay inline, so PostgreSQL stores it out of line (TOAST). */
    private static final String BIG = "(SELECT string_agg(md5(g::text || random()::text), '') FROM generate_series(1, 2000) g)";

    private static TestServices services;
    private static RedisSession redis;
    private static String hashed;
    private static String json;
    private static MetasyncConfig config;
    private static Pipeline pipeline;
    /** Until the test drops column gone, its text is compared too. */
    private static String droppedText = DROPPED_TEXT;

    @BeforeAll
    static void start() throws Exception {
        services = TestServices.get();
        redis = new RedisSession(services.redis.uri());
        hashed = services.uniqueName("hashed");
        json = services.uniqueName("jsonstr");
        sql("CREATE TABLE " + hashed + " (symbol text PRIMARY KEY, price numeric(20,2), ratio numeric, big bigint, active boolean,"
                        + " secret text, notes text, gone integer)",
                "INSERT INTO " + hashed + " VALUES ('A', 123456789012345678.90, 1.500, 9223372036854775807, true, 'hidden', 'a', 1),"
                        + " ('B', -0.00, NULL, -9223372036854775808, false, 'hidden', 'b', 2)",
                "CREATE TABLE " + json + " (symbol text PRIMARY KEY, price numeric(20,2), edge bigint, notes text)",
                "INSERT INTO " + json + " VALUES ('A', 123456789012345678.90, 9007199254740993, 'a')");
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("postgres.tables", "public." + hashed + ",public." + json);
        settings.put("tables.public." + hashed + ".key-template", TestServices.keyPrefix(hashed) + "{symbol}");
        settings.put("tables.public." + hashed + ".format", "hash");
        settings.put("tables.public." + hashed + ".exclude-columns", "secret");
        settings.put("tables.public." + hashed + ".rename.notes", "memo");
        settings.put("tables.public." + json + ".numbers", "string");
        config = services.isolated(json, settings);
        pipeline = Pipeline.start(config, EnumSet.allOf(Pipeline.Component.class), Clock.systemUTC());
        await().atMost(WAIT).until(() -> count(hashed) == 2 && count(json) == 1);
    }

    @AfterAll
    static void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
        redis.close();
    }

    @Test
    void a_hash_table_follows_every_change_kind_field_by_field_beside_a_json_table_and_heals_and_repairs() throws Exception {
        assertHashesArePostgresText("snapshot");
        assertThat(redis().hgetall(key("A"))).containsExactly(Map.entry("symbol", "A"), Map.entry("price", "123456789012345678.90"),
                Map.entry("ratio", "1.500"), Map.entry("big", "9223372036854775807"), Map.entry("active", "true"), Map.entry("memo", "a"),
                Map.entry("gone", "1"));
        assertThat(redis().get(TestServices.keyPrefix(json) + "A"))
                .isEqualTo("{\"symbol\":\"A\",\"price\":\"123456789012345678.90\",\"edge\":\"9007199254740993\",\"notes\":\"a\"}");
        assertInSync(2, 1);

        sql("INSERT INTO " + hashed + " VALUES ('C', 98765432109876543.21, 0.000000000123, 1, NULL, 'hidden', 'c', 3),"
                + " ('D', 1.00, 2, 2, true, 'hidden', 'd', 4)", "UPDATE " + hashed + " SET notes = " + BIG + " WHERE symbol = 'B'");
        await().atMost(WAIT).until(() -> count(hashed) == 4 && memo("B").length() == 64_000);
        assertHashesArePostgresText("insert, update of a TOAST column");
        assertInSync(4, 1);
        String notes = memo("B");

        // notes untouched: not sent, its field kept; active now NULL: its field goes.
        sql("UPDATE " + hashed + " SET price = 7.77, active = NULL, secret = 'still hidden' WHERE symbol = 'B'");
        await().atMost(WAIT).until(() -> "7.77".equals(redis().hget(key("B"), "price")));
        assertThat(lastEvent().unchangedColumns()).as("PostgreSQL did not send notes: the hash kept its field").containsExactly("notes");
        assertThat(memo("B")).isEqualTo(notes);
        assertHashesArePostgresText("update beside an unchanged TOAST column");
        assertInSync(4, 1);

        sql("UPDATE " + hashed + " SET ratio = NULL WHERE symbol = 'C'", "DELETE FROM " + hashed + " WHERE symbol = 'A'");
        await().atMost(WAIT).until(() -> !redis().hexists(key("C"), "ratio") && redis().exists(key("A")) == 0);
        assertHashesArePostgresText("a column set to NULL, a delete");

        sql("ALTER TABLE " + hashed + " DROP COLUMN gone", "UPDATE " + hashed + " SET big = big"); // B keeps its unsent notes
        droppedText = "";
        await().atMost(WAIT).until(() -> List.of("B", "C", "D").stream().noneMatch(symbol -> redis().hexists(key(symbol), "gone")));
        assertHashesArePostgresText("a dropped column");
        assertThat(memo("B")).isEqualTo(notes);
        assertThat(pipeline.applyStats().deadLettered()).isZero();
        assertInSync(3, 1);

        // HGETALL's field order is the hash's own (a 64 kB field makes it a hashtable): compared as sets.
        Map<String, List<String>> python = python();
        assertThat(python.keySet()).containsExactly(key("B"), key("C"), key("D"));
        assertThat(python.get(key("B"))).containsExactlyInAnyOrder("symbol=str:B", "price=str:7.77", "big=str:-9223372036854775808",
                "memo=str:" + notes);
        assertThat(python.get(key("C"))).containsExactlyInAnyOrder("symbol=str:C", "price=str:98765432109876543.21", "big=str:1",
                "memo=str:c");
        assertThat(python.get(key("D"))).containsExactlyInAnyOrder("symbol=str:D", "price=str:1.00", "ratio=str:2", "big=str:2",
                "active=str:true", "memo=str:d");

        // A JSON row whose key holds a hash (as before a format change) and whose update leaves a TOAST value unsent:
        // there is no JSON to keep it from, so it is dead-lettered (not retried forever), and the row's next full change
        // replaces the hash.
        String jsonB = TestServices.keyPrefix(json) + "B";
        sql("INSERT INTO " + json + " VALUES ('B', 1.00, 1, " + BIG + ")");
        await().atMost(WAIT).until(() -> count(json) == 2);
        redis().del(jsonB);
        redis().hset(jsonB, "symbol", "B");
        sql("UPDATE " + json + " SET price = 2.00 WHERE symbol = 'B'");
        await().atMost(WAIT).until(() -> pipeline.applyStats().deadLettered() == 1);
        sql("UPDATE " + json + " SET notes = 'b' WHERE symbol = 'B'");
        await().atMost(WAIT).until(() -> "string".equals(redis().type(jsonB)));
        assertThat(redis().get(jsonB)).isEqualTo("{\"symbol\":\"B\",\"price\":\"2.00\",\"edge\":1,\"notes\":\"b\"}");

        sql("UPDATE " + hashed + " SET symbol = 'E' WHERE symbol = 'C'");
        await().atMost(WAIT).until(() -> redis().exists(key("E")) == 1);
        assertThat(redis().exists(key("C"))).as("a primary-key change deletes the old key").isZero();
        assertHashesArePostgresText("a primary-key change");

        redis().flushall();
        await().atMost(WAIT).until(() -> count(hashed) == 3 && count(json) == 2 && memo("B").length() == 64_000);
        assertHashesArePostgresText("replay after FLUSHALL");
        assertInSync(3, 2);

        redis().del(key("E"));
        redis().hset(key("B"), "price", "7.7");
        redis().del(key("D"));
        redis().set(key("D"), "{\"symbol\":\"D\"}"); // as a json-format table wrote it
        String jsonA = redis().get(TestServices.keyPrefix(json) + "A");
        redis().del(TestServices.keyPrefix(json) + "A");
        redis().hset(TestServices.keyPrefix(json) + "A", "symbol", "A"); // as a hash-format table wrote it
        CliRunner.Outcome repaired = CliRunner.run("verify", config, "--repair", "--settle-seconds", "8");
        System.out.print("verify --repair\n" + repaired.out().replaceAll("[0-9a-f]{64000}", "<64000 hex digits>"));
        assertThat(repaired.out()).as(repaired.out() + repaired.err())
                .contains("public." + hashed + ": 3 rows, 2 keys: 0 in sync, 1 missing, 0 extra, 2 wrong")
                .contains("column price: PostgreSQL 7.77 | Redis 7.7")
                .contains("not a Redis hash, which format hash writes")
                .contains("public." + json + ": 2 rows, 2 keys: 1 in sync, 0 missing, 0 extra, 1 wrong")
                .contains("not a Redis string, which format json writes")
                .contains("after repair: public." + hashed + ": 3 rows, 3 keys: 3 in sync, 0 missing, 0 extra, 0 wrong -> IN SYNC")
                .contains("after repair: public." + json + ": 2 rows, 2 keys: 2 in sync, 0 missing, 0 extra, 0 wrong -> IN SYNC");
        assertThat(repaired.exitCode()).isZero();
        assertHashesArePostgresText("repair");
        assertThat(redis().get(TestServices.keyPrefix(json) + "A")).isEqualTo(jsonA);
        assertThat(memo("B")).isEqualTo(notes);
    }

    /** Every row's hash holds exactly PostgreSQL's text of each written column, NULL columns absent, and nothing else. */
    private static void assertHashesArePostgresText(String step) throws Exception {
        Map<String, Map<String, String>> expected = postgresText();
        assertThat(count(hashed)).as(step + ": one key per row").isEqualTo(expected.size());
        expected.forEach((symbol, fields) -> assertThat(redis().hgetall(key(symbol))).as(step + ": row " + symbol).isEqualTo(fields));
    }

    private static Map<String, Map<String, String>> postgresText() throws Exception {
        Map<String, Map<String, String>> rows = new LinkedHashMap<>();
        try (Connection c = services.postgres.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(POSTGRES_TEXT + droppedText + " FROM " + hashed + " ORDER BY symbol")) {
            while (rs.next()) {
                Map<String, String> fields = new LinkedHashMap<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    if (rs.getString(i) != null) {
                        fields.put(rs.getMetaData().getColumnLabel(i), rs.getString(i));
                    }
                }
                rows.put(rs.getString(1), fields);
            }
        }
        return rows;
    }

    private static void assertInSync(int hashRows, int jsonRows) {
        CliRunner.Outcome verified = CliRunner.run("verify", config, "--settle-seconds", "5");
        System.out.print("verify\n" + verified.out());
        assertThat(verified.out()).as(verified.out() + verified.err())
                .contains("public." + hashed + ": " + hashRows + " rows, " + hashRows + " keys: " + hashRows
                        + " in sync, 0 missing, 0 extra, 0 wrong -> IN SYNC")
                .contains("public." + json + ": " + jsonRows + " rows, " + jsonRows + " keys: " + jsonRows
                        + " in sync, 0 missing, 0 extra, 0 wrong -> IN SYNC");
        assertThat(verified.exitCode()).isZero();
    }

    /** Each key's line as the Python reader printed it: the key, then "field=type:value" per field. */
    private static Map<String, List<String>> python() throws Exception {
        Process process = new ProcessBuilder("/usr/bin/python3", "src/test/python/read_hashes.py",
                Integer.toString(services.redis.port()), TestServices.keyPrefix(hashed) + "*")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        System.out.println("read_hashes.py\n" + output.replaceAll("[0-9a-f]{64000}", "<64000 hex digits>"));
        assertThat(process.exitValue()).as(output).isZero();
        Map<String, List<String>> lines = new LinkedHashMap<>();
        for (String line : output.split("\n")) {
            List<String> parts = List.of(line.split("\t"));
            lines.put(parts.get(0), parts.subList(1, parts.size()));
        }
        return lines;
    }

    private static ChangeEvent lastEvent() {
        String topic = config.tablesByTopic().entrySet().stream().filter(e -> e.getValue().table().equals(hashed))
                .findFirst().orElseThrow().getKey();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", services.kafka.bootstrapServers()),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            var partition = new org.apache.kafka.common.TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seek(partition, consumer.endOffsets(List.of(partition)).get(partition) - 1);
            List<ConsumerRecord<byte[], byte[]>> seen = new ArrayList<>();
            await().atMost(WAIT).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
                return !seen.isEmpty();
            });
            return new ChangeEventCodec().decode(seen.get(seen.size() - 1).value());
        }
    }

    private static String memo(String symbol) {
        String memo = redis().hget(key(symbol), "memo");
        return memo == null ? "" : memo;
    }

    private static String key(String symbol) {
        return TestServices.keyPrefix(hashed) + symbol;
    }

    private static long count(String table) {
        return KeyCounter.count(redis(), TestServices.keyPrefix(table) + "*");
    }

    private static RedisCommands<String, String> redis() {
        return redis.sync();
    }

    private static void sql(String... statements) throws Exception {
        try (Connection c = services.postgres.connect(); Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }
}
