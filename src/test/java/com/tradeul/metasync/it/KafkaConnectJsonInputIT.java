package com.tradeul.metasync.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.tradeul.metasync.Pipeline;
import com.tradeul.metasync.config.MetasyncConfig;
import com.tradeul.metasync.devtools.demo.SampleTickers;
import com.tradeul.metasync.verify.KeyCounter;
import io.debezium.engine.ChangeEvent;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.format.Json;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
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
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Capture as a stock Debezium connector on a Kafka Connect cluster runs it, apply by metasync: a real
 * Debezium engine with the settings of {@code connectors/kafka-connect-postgres.json} and the JSON
 * format (JsonConverter, schemas enabled) emits the records; the test only forwards them into the
 * table's compacted topic, as a Connect worker would, and runs metasync's apply alone.
 */
class KafkaConnectJsonInputIT {

    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final int SAMPLE_ROWS = 200;
    private static final Set<String> DECIMAL_COLUMNS = Set.of("price", "ratio", "change_pct");

    /** Rows beyond double precision, trailing zeros, tiny and huge scales, NULLs. */
    private static final List<String> FINITE_ROWS = List.of(
            "('X01', 'Big Price Corp', '123456789012345678.90', '1.5', '0.0000', 1)",
            "('X02', 'Tiny Ratio Inc', '1.00', '0.000000000123', '0.0001', 2)",
            "('X03', 'Huge Ratio Ltd', '2.50', '1e30', '-0.0001', 3)",
            "('X04', 'Trailing Zeros SA', '-1.10', '-123.4500', '12.3400', 4)",
            "('X05', 'Negative Zero plc', '-0.00', '-0.00', '-0.0000', 5)",
            "('X06', 'Max Values Inc', '999999999999999999.99', '9999999999999999999999999999.99999999', '9999.9999', 6)",
            "('X07', 'Pi Beyond Double', '9.00', '3.14159265358979323846264338327950288', '-9999.9999', 7)",
            "('X08', NULL, NULL, NULL, NULL, NULL)");
    /** NaN and the infinities: Debezium's precise mode cannot carry them (null with a warning, or failure). */
    private static final List<String> SPECIAL_ROWS = List.of(
            "('S01', 'NaN Price Corp', 'NaN', 'NaN', '1.0000', 8)",
            "('S02', 'Infinite Growth Co', '3.00', 'Infinity', '2.0000', 9)",
            "('S03', 'Bottomless Ltd', '4.00', '-Infinity', '3.0000', 10)");
    /** A double precision column: JsonConverter reads its NaN, ±Infinity and -0 back as 0.0 unless apply restores them. */
    private static final Map<String, String> SCORES = Map.of(
            "T00001", "0.1", "T00002", "'NaN'", "T00003", "'Infinity'", "T00004", "'-Infinity'", "T00006", "1e300", "T00008", "'-0'");

    /**
     * Debezium's decimal.handling.mode, with or without metasync's converter in the connector's
     * plugin directory, and what arrives in Redis under it. The converter carries every column as
     * PostgreSQL's text, so with it the mode does not matter: every digit, scale and NaN arrives.
     * Without it, Debezium's own conversion decides.
     */
    enum DecimalMode {
        /** Exact digits and scale, NaN/Infinity spelled out. metasync's own capture uses this mode. */
        STRING(concat(FINITE_ROWS, SPECIAL_ROWS), true),
        /** With metasync's converter, precise is never used for a numeric: exact too. */
        PRECISE(concat(FINITE_ROWS, SPECIAL_ROWS), true),
        /** With metasync's converter, no numeric goes through a double. */
        DOUBLE(concat(FINITE_ROWS, SPECIAL_ROWS), true),
        /**
         * Without the converter, exact for numeric(p,s). Unscaled numeric keeps its value but not its
         * trailing zeros: Debezium strips them (PostgresValueConverter.convertDecimal) before metasync sees
         * them. NaN/Infinity are impossible (null with a warning, or a failure under
         * event.converting.failure.handling.mode=fail).
         */
        PRECISE_WITHOUT_CONVERTER(FINITE_ROWS, false),
        /** Without the converter, lossy by nature: Debezium turns every numeric into a double before metasync sees it. */
        DOUBLE_WITHOUT_CONVERTER(concat(FINITE_ROWS, SPECIAL_ROWS), false);

        final List<String> extraRows;
        final boolean converter;

        DecimalMode(List<String> extraRows, boolean converter) {
            this.extraRows = extraRows;
            this.converter = converter;
        }

        String debezium() {
            return name().replace("_WITHOUT_CONVERTER", "").toLowerCase(java.util.Locale.ROOT);
        }

        boolean lossy(String debeziumMode) {
            return !converter && debezium().equals(debeziumMode);
        }
    }

    private static TestServices services;
    private static RedisClient redisClient;
    private static StatefulRedisConnection<String, String> redisConnection;

    @BeforeAll
    static void start() {
        services = TestServices.get();
        redisClient = RedisClient.create(services.redis.uri());
        redisConnection = redisClient.connect();
    }

    @AfterAll
    static void stop() {
        redisConnection.close();
        redisClient.shutdown();
    }

    private static RedisCommands<String, String> redis() {
        return redisConnection.sync();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DecimalMode.class)
    void debezium_json_envelopes_written_by_kafka_connect_reach_redis_exactly(DecimalMode mode) throws Exception {
        String table = services.uniqueName("connect_" + mode.name().toLowerCase());
        createTable(table, mode);
        int rows = SAMPLE_ROWS + mode.extraRows.size();
        MetasyncConfig config = services.isolated(table, Map.of());
        String topic = config.tablesByTopic().keySet().iterator().next();
        String prefix = TestServices.keyPrefix(table);
        createCompactedTopic(topic);

        try (ConnectWorkerStandIn worker = new ConnectWorkerStandIn(table, topic, mode);
             Pipeline apply = Pipeline.start(config, EnumSet.of(Pipeline.Component.APPLY), Clock.systemUTC())) {
            await().atMost(WAIT).pollInterval(Duration.ofMillis(200))
                    .until(() -> worker.running() && KeyCounter.count(redis(), prefix + "*") == rows);
            assertSameValues(table, prefix, mode);

            sql("UPDATE " + table + " SET price = 99999999999999.90, ratio = -123.4500, score = 'NaN', name = 'Renamed' WHERE symbol = 'T00005'");
            sql("DELETE FROM " + table + " WHERE symbol = 'T00007'");
            await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> worker.running()
                    && redis().get(prefix + "T00007") == null && redis().get(prefix + "T00005").contains("Renamed"));

            assertThat(KeyCounter.count(redis(), prefix + "*")).isEqualTo(rows - 1);
            assertSameValues(table, prefix, mode);
            assertThat(apply.applyStats().deadLettered()).as("records apply could not decode").isZero();
            // snapshot, update, delete and its tombstone: all forwarded, nothing else on the table's topic
            await().atMost(WAIT).until(() -> worker.forwarded() == rows + 3);
        }
    }

    // --- the table -------------------------------------------------------------------------------

    private static void createTable(String table, DecimalMode mode) throws Exception {
        try (Connection connection = services.postgres.connect()) {
            SampleTickers.load(connection, table, SAMPLE_ROWS);
        }
        sql("INSERT INTO " + table + " (symbol, name, price, ratio, change_pct, volume) VALUES " + String.join(", ", mode.extraRows));
        sql("ALTER TABLE " + table + " ADD COLUMN score double precision");
        for (var score : SCORES.entrySet()) {
            sql("UPDATE " + table + " SET score = " + score.getValue() + " WHERE symbol = '" + score.getKey() + "'");
        }
    }

    private static void sql(String statement) throws Exception {
        try (Connection connection = services.postgres.connect(); Statement s = connection.createStatement()) {
            s.execute(statement);
        }
    }

    private static void createCompactedTopic(String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", services.kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1)
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)))).all().get(30, TimeUnit.SECONDS);
        }
    }

    // --- comparing PostgreSQL with Redis ---------------------------------------------------------

    private static void assertSameValues(String table, String prefix, DecimalMode mode) throws Exception {
        List<String> differences = new ArrayList<>();
        List<String> lossy = new ArrayList<>();
        try (Connection connection = services.postgres.connect()) {
            Map<String, Map<String, String>> expected = TickerComparison.postgresTexts(connection, table);
            Map<String, String> scores = scores(connection, table);
            for (var row : expected.entrySet()) {
                String json = redis().get(prefix + row.getKey());
                if (json == null) {
                    differences.add(row.getKey() + ": key missing");
                    continue;
                }
                Map<String, TickerComparison.Literal> actual = TickerComparison.literals(json);
                for (var column : row.getValue().entrySet()) {
                    TickerComparison.Literal literal = actual.get(column.getKey());
                    String problem = compare(mode, column.getKey(), column.getValue(), literal);
                    if (problem != null) {
                        differences.add(row.getKey() + "." + column.getKey() + ": " + problem);
                    }
                    if (literal != null && column.getValue() != null && !column.getValue().equals(literal.text())) {
                        lossy.add(row.getKey() + "." + column.getKey() + ": " + column.getValue() + " -> " + literal.text());
                    }
                }
                String scoreProblem = asDoubles(scores.get(row.getKey()), actual.get("score"));
                if (scoreProblem != null) {
                    differences.add(row.getKey() + ".score: " + scoreProblem);
                }
            }
        }
        assertThat(differences).as("columns that differ between PostgreSQL and Redis").isEmpty();
        assertLossAsDocumented(mode, lossy);
    }

    /** String mode: every digit. Precise: every digit but the trailing zeros of unscaled numerics. Double: as doubles. */
    private static String compare(DecimalMode mode, String column, String postgresText, TickerComparison.Literal redis) {
        if (mode.lossy("double") && DECIMAL_COLUMNS.contains(column)) {
            return asDoubles(postgresText, redis);
        }
        if (mode.lossy("precise") && column.equals("ratio") && postgresText != null && redis != null && redis.token().isNumeric()) {
            return new BigDecimal(postgresText).compareTo(new BigDecimal(redis.text())) == 0 ? null
                    : "PostgreSQL " + postgresText + " but Redis " + redis.text();
        }
        return TickerComparison.compare(column, postgresText, redis);
    }

    /**
     * Where the digits in Redis differ from PostgreSQL's text, it is Debezium's doing, as documented:
     * none with metasync's converter or in string mode; without the converter, trailing zeros of
     * unscaled numerics in precise mode, and in double mode every numeric a double cannot hold
     * (123456789012345678.90 → 1.2345678901234568E17).
     */
    private static void assertLossAsDocumented(DecimalMode mode, List<String> lossy) {
        List<String> changedDigits = lossy.stream().filter(l -> !l.contains(".listed_at:")).toList();
        if (mode.lossy("precise")) {
            assertThat(changedDigits).as("digits that differ from PostgreSQL's text")
                    .contains("X04.ratio: -123.4500 -> -123.45", "T00010.ratio: 10.000 -> 10")
                    .allMatch(l -> l.contains(".ratio: "), "only the unscaled numeric column");
        } else if (mode.lossy("double")) {
            assertThat(changedDigits).contains("X01.price: 123456789012345678.90 -> 1.2345678901234568E17",
                    "X04.ratio: -123.4500 -> -123.45", "X07.ratio: 3.14159265358979323846264338327950288 -> 3.141592653589793");
        } else {
            assertThat(changedDigits).as("digits that differ from PostgreSQL's text").isEmpty();
        }
    }

    /** Both sides as doubles: NaN and the infinities as the strings PostgreSQL spells them. */
    private static String asDoubles(String postgresText, TickerComparison.Literal redis) {
        if (redis == null) {
            return "column missing in Redis (PostgreSQL: " + postgresText + ")";
        }
        boolean same;
        if (postgresText == null) {
            same = redis.token() == JsonToken.VALUE_NULL;
        } else if (Set.of("NaN", "Infinity", "-Infinity").contains(postgresText)) {
            same = redis.token() == JsonToken.VALUE_STRING && redis.text().equals(postgresText);
        } else {
            same = redis.token().isNumeric()
                    && Double.compare(Double.parseDouble(postgresText), Double.parseDouble(redis.text())) == 0;
        }
        return same ? null : "PostgreSQL " + postgresText + " but Redis " + redis.token() + " " + redis.text();
    }

    private static Map<String, String> scores(Connection connection, String table) throws Exception {
        Map<String, String> scores = new LinkedHashMap<>();
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT symbol, score::text FROM " + table)) {
            while (rs.next()) {
                scores.put(rs.getString(1), rs.getString(2));
            }
        }
        return scores;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }

    /**
     * What a Kafka Connect worker does with the stock connector: a Debezium engine in JSON format
     * (JsonConverter, schemas enabled) whose records go, key and value as UTF-8 bytes, into the
     * table's topic; offsets marked only after Kafka acknowledged. Heartbeats have their own topic
     * on Connect and are not forwarded here.
     */
    static final class ConnectWorkerStandIn implements AutoCloseable {

        private final String topic;
        private final KafkaProducer<byte[], byte[]> producer;
        private final DebeziumEngine<ChangeEvent<String, String>> engine;
        private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> new Thread(r, "connect-stand-in"));
        private final AtomicReference<String> failure = new AtomicReference<>();
        private volatile long forwarded;

        ConnectWorkerStandIn(String table, String topic, DecimalMode mode) throws Exception {
            this.topic = topic;
            this.producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, services.kafka.bootstrapServers(),
                    ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true), new ByteArraySerializer(), new ByteArraySerializer());
            this.engine = DebeziumEngine.create(Json.class)
                    .using(connectorProperties(table, mode))
                    .notifying(this::forward)
                    .using((success, message, error) -> {
                        if (!success) {
                            failure.set(message + (error == null ? "" : ": " + error));
                        }
                    })
                    .build();
            executor.execute(engine);
        }

        /** The stock connector's config, pointed at this test's database, table, slot and topic prefix. */
        private static Properties connectorProperties(String table, DecimalMode mode) throws Exception {
            JsonNode config;
            try (InputStream in = KafkaConnectJsonInputIT.class.getResourceAsStream("/connectors/kafka-connect-postgres.json")) {
                assertThat(in).as("connectors/kafka-connect-postgres.json on the classpath").isNotNull();
                config = new ObjectMapper().readTree(in).get("config");
            }
            Properties properties = new Properties();
            config.properties().forEach(e -> properties.setProperty(e.getKey(), e.getValue().asText()));
            properties.setProperty("name", table);
            properties.setProperty("topic.prefix", table);
            properties.setProperty("database.hostname", services.postgres.host());
            properties.setProperty("database.port", Integer.toString(services.postgres.port()));
            properties.setProperty("database.user", services.postgres.user());
            properties.setProperty("database.password", services.postgres.password());
            properties.setProperty("table.include.list", "public." + table);
            properties.setProperty("slot.name", table);
            properties.setProperty("publication.name", table);
            properties.setProperty("decimal.handling.mode", mode.debezium());
            if (!mode.converter) {
                properties.remove("converters");
                properties.remove("metasync.type");
            }
            properties.setProperty("offset.storage", "org.apache.kafka.connect.storage.MemoryOffsetBackingStore");
            properties.setProperty("converter.schemas.enable", "true");
            properties.setProperty("key.converter.schemas.enable", "true");
            properties.setProperty("value.converter.schemas.enable", "true");
            properties.setProperty("slot.drop.on.stop", "true"); // the shared test PostgreSQL has few slots
            return properties;
        }

        private void forward(List<ChangeEvent<String, String>> records,
                             DebeziumEngine.RecordCommitter<ChangeEvent<String, String>> committer) throws InterruptedException {
            List<Future<RecordMetadata>> sends = new ArrayList<>();
            for (ChangeEvent<String, String> record : records) {
                if (topic.equals(record.destination())) {
                    sends.add(producer.send(new ProducerRecord<>(topic, utf8(record.key()), utf8(record.value()))));
                }
            }
            for (Future<RecordMetadata> send : sends) {
                try {
                    send.get();
                } catch (ExecutionException e) {
                    throw new IllegalStateException("Kafka refused a record: " + e.getCause(), e.getCause());
                }
            }
            for (ChangeEvent<String, String> record : records) {
                committer.markProcessed(record);
            }
            committer.markBatchFinished();
            forwarded += sends.size();
        }

        private static byte[] utf8(String text) {
            return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
        }

        /** @throws AssertionError when the engine stopped with an error: waiting on would only time out */
        boolean running() {
            String error = failure.get();
            if (error != null) {
                throw new AssertionError("Debezium engine failed: " + error);
            }
            return true;
        }

        long forwarded() {
            return forwarded;
        }

        @Override
        public void close() throws IOException {
            try {
                engine.close();
            } finally {
                executor.shutdown();
                try {
                    assertThat(executor.awaitTermination(30, TimeUnit.SECONDS)).as("Debezium engine stopped").isTrue();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    producer.close();
                }
            }
        }
    }
}
