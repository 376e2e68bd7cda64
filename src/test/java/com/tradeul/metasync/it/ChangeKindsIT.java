package com.tradeul.metasync.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.tradeul.metasync.Pipeline;
import com.tradeul.metasync.apply.DeadLetterPublisher;
import com.tradeul.metasync.config.MetasyncConfig;
import com.tradeul.metasync.verify.KeyCounter;
import com.tradeul.metasync.wire.ChangeEvent;
import com.tradeul.metasync.wire.ChangeEventCodec;
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
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every kind of change reaches Redis right: key changes, TOAST, schema changes, TRUNCATE, poison records. */
class ChangeKindsIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

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

    private static void sql(String... statements) throws Exception {
        try (Connection c = services.postgres.connect(); Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }

    /** A small table with rows A, B, C and a running pipeline over it. */
    private static Pipeline startOn(String table, Map<String, String> settings, String... setup) throws Exception {
        sql("CREATE TABLE " + table + " (symbol text PRIMARY KEY, price numeric(8,4), qty int, notes text)",
                "INSERT INTO " + table + " VALUES ('A', 1.5000, 1, 'a'), ('B', 2.2500, 2, 'b'), ('C', 3.0000, 3, 'c')");
        sql(setup);
        Pipeline pipeline = Pipeline.start(services.isolated(table, settings), EnumSet.allOf(Pipeline.Component.class), Clock.systemUTC());
        await().atMost(WAIT).until(() -> KeyCounter.count(redis(), TestServices.keyPrefix(table) + "*") == 3);
        return pipeline;
    }

    private static JsonNode row(String table, String symbol) {
        return RedisJson.parse(redis().get(TestServices.keyPrefix(table) + symbol));
    }

    @Test
    void primary_key_change_deletes_the_old_key_and_writes_the_new_one() throws Exception {
        String table = services.uniqueName("pkchange");
        try (Pipeline ignored = startOn(table, Map.of())) {
            sql("UPDATE " + table + " SET symbol = 'A2', price = 9.9900 WHERE symbol = 'A'");
            await().atMost(WAIT).until(() -> row(table, "A2") != null);
            assertThat(row(table, "A")).isNull();
            assertThat(row(table, "A2").get("price").decimalValue()).isEqualByComparingTo("9.9900");
            assertThat(row(table, "A2").get("price").toString()).isEqualTo("9.9900");
            assertThat(KeyCounter.count(redis(), TestServices.keyPrefix(table) + "*")).isEqualTo(3);
        }
    }

    @ParameterizedTest(name = "REPLICA IDENTITY {0}")
    @ValueSource(strings = {"DEFAULT", "FULL"})
    void unchanged_toast_column_keeps_its_value(String replicaIdentity) throws Exception {
        String table = services.uniqueName("toast");
        // ~64 kB of md5 hex: too large and too random to stay inline, so PostgreSQL stores it out of line (TOAST).
        String big = "(SELECT string_agg(md5(g::text || random()::text), '') FROM generate_series(1, 2000) g)";
        try (Pipeline pipeline = startOn(table, Map.of(),
                "ALTER TABLE " + table + " REPLICA IDENTITY " + replicaIdentity,
                "UPDATE " + table + " SET notes = " + big + " WHERE symbol = 'B'")) {
            await().atMost(WAIT).until(() -> row(table, "B").get("notes").asText().length() == 64_000);
            String notes = row(table, "B").get("notes").asText();

            sql("UPDATE " + table + " SET price = 7.7700 WHERE symbol = 'B'"); // notes untouched: not sent under DEFAULT
            await().atMost(WAIT).until(() -> row(table, "B").get("price").toString().equals("7.7700"));
            assertThat(row(table, "B").get("notes").asText()).isEqualTo(notes).doesNotContain("__debezium_unavailable_value");
            assertThat(redis().get(TestServices.keyPrefix(table) + "B")).doesNotContain("__debezium");
            assertThat(pipeline.applyStats().deadLettered()).isZero();
            // Prove which path ran: under DEFAULT PostgreSQL did not send notes and apply kept Redis's value.
            ChangeEvent last = new ChangeEventCodec().decode(lastRecord(pipeline.config().tablesByTopic().keySet().iterator().next()).value());
            assertThat(last.unchangedColumns()).isEqualTo(replicaIdentity.equals("DEFAULT") ? List.of("notes") : List.of());
        }
    }

    @Test
    void schema_changes_while_streaming_show_up_from_the_change_on() throws Exception {
        String table = services.uniqueName("schema");
        try (Pipeline pipeline = startOn(table, Map.of())) {
            sql("ALTER TABLE " + table + " ADD COLUMN sector text",
                    "UPDATE " + table + " SET sector = 'Tech' WHERE symbol = 'A'");
            await().atMost(WAIT).until(() -> row(table, "A").has("sector"));
            assertThat(row(table, "A").get("sector").asText()).isEqualTo("Tech");

            sql("ALTER TABLE " + table + " ADD COLUMN lot numeric(6,2) DEFAULT 100.00",
                    "UPDATE " + table + " SET qty = 10 WHERE symbol = 'A'");
            await().atMost(WAIT).until(() -> row(table, "A").has("lot"));
            assertThat(row(table, "A").get("lot").toString()).isEqualTo("100.00");

            sql("ALTER TABLE " + table + " DROP COLUMN notes", "UPDATE " + table + " SET qty = 11 WHERE symbol = 'A'");
            await().atMost(WAIT).until(() -> !row(table, "A").has("notes"));

            sql("ALTER TABLE " + table + " ALTER COLUMN price TYPE numeric(12,6)",
                    "UPDATE " + table + " SET price = 123456.123456 WHERE symbol = 'A'");
            await().atMost(WAIT).until(() -> row(table, "A").get("price").toString().equals("123456.123456"));

            sql("ALTER TABLE " + table + " ALTER COLUMN qty TYPE bigint",
                    "UPDATE " + table + " SET qty = 9223372036854775807 WHERE symbol = 'A'");
            await().atMost(WAIT).until(() -> row(table, "A").get("qty").toString().equals("9223372036854775807"));

            sql("ALTER TABLE " + table + " RENAME COLUMN qty TO quantity",
                    "UPDATE " + table + " SET quantity = 12 WHERE symbol = 'A'");
            await().atMost(WAIT).until(() -> row(table, "A").has("quantity"));
            assertThat(row(table, "A").has("qty")).isFalse();
            assertThat(row(table, "A").get("quantity").asLong()).isEqualTo(12);
            assertThat(pipeline.applyStats().deadLettered()).isZero();
        }
    }

    @ParameterizedTest(name = "truncate policy {0}")
    @ValueSource(strings = {"delete", "ignore"})
    void truncate_follows_the_tables_policy(String policy) throws Exception {
        String table = services.uniqueName("truncate");
        try (Pipeline pipeline = startOn(table, Map.of("tables.public." + table + ".truncate", policy))) {
            sql("TRUNCATE " + table, "INSERT INTO " + table + " (symbol, price) VALUES ('AFTER', 1.0000)");
            await().atMost(WAIT).until(() -> row(table, "AFTER") != null);
            long keys = KeyCounter.count(redis(), TestServices.keyPrefix(table) + "*");
            assertThat(keys).isEqualTo(policy.equals("delete") ? 1 : 4);
        }
    }

    @Test
    void poison_record_goes_to_the_dead_letter_topic_with_its_reason_and_later_changes_still_apply() throws Exception {
        String table = services.uniqueName("poison");
        MetasyncConfig config = services.isolated(table, Map.of());
        String topic = config.tablesByTopic().keySet().iterator().next();
        try (Pipeline pipeline = startOn(table, Map.of());
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", services.kafka.bootstrapServers()),
                     new ByteArraySerializer(), new ByteArraySerializer())) {
            sql("UPDATE " + table + " SET qty = 100 WHERE symbol = 'A'");
            await().atMost(WAIT).until(() -> row(table, "A").get("qty").asInt() == 100);
            producer.send(new ProducerRecord<>(topic, utf8("{\"symbol\":\"B\"}"), new byte[] {(byte) 0xC3, 0x01, 9, 9, 9})).get();
            sql("UPDATE " + table + " SET qty = 300 WHERE symbol = 'C'");
            await().atMost(WAIT).until(() -> row(table, "C").get("qty").asInt() == 300);
            assertThat(row(table, "A").get("qty").asInt()).isEqualTo(100);
            assertThat(row(table, "B").get("qty").asInt()).isEqualTo(2);
            assertThat(pipeline.applyStats().deadLettered()).isEqualTo(1);

            ConsumerRecord<byte[], byte[]> dead = readOne(config.kafka().deadLetterTopic());
            assertThat(header(dead, DeadLetterPublisher.SOURCE_TOPIC)).isEqualTo(topic);
            assertThat(header(dead, DeadLetterPublisher.SOURCE_OFFSET)).isEqualTo("4"); // 3 snapshot rows, 1 update, then it
            assertThat(header(dead, DeadLetterPublisher.REASON)).contains("UndecodableRecordException");
            assertThat(dead.value()).containsExactly((byte) 0xC3, 0x01, 9, 9, 9);
        }
    }

    private static ConsumerRecord<byte[], byte[]> lastRecord(String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", services.kafka.bootstrapServers()),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            var partition = new org.apache.kafka.common.TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            consumer.seek(partition, end - 1);
            List<ConsumerRecord<byte[], byte[]>> seen = new ArrayList<>();
            await().atMost(WAIT).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
                return !seen.isEmpty();
            });
            return seen.get(seen.size() - 1);
        }
    }

    private static ConsumerRecord<byte[], byte[]> readOne(String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                "bootstrap.servers", services.kafka.bootstrapServers(), "group.id", "dlq-reader-" + topic,
                "auto.offset.reset", "earliest"), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            List<ConsumerRecord<byte[], byte[]>> seen = new ArrayList<>();
            await().atMost(WAIT).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
                return !seen.isEmpty();
            });
            assertThat(seen).hasSize(1);
            return seen.get(0);
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
