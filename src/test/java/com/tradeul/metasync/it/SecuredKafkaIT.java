package com.tradeul.metasync.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.tradeul.metasync.Pipeline;
import com.tradeul.metasync.config.ConfigLoader;
import com.tradeul.metasync.config.MetasyncConfig;
import com.tradeul.metasync.devtools.demo.SampleTickers;
import com.tradeul.metasync.devtools.local.Certificates;
import com.tradeul.metasync.verify.KeyCounter;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole pipeline against a Kafka secured as managed clusters are (SASL_SSL only, SCRAM-SHA-512
 * or PLAIN, TLS from a CA of the test's own, ACLs): every row arrives exactly, verify, lag and doctor
 * work, and no secret appears in anything metasync printed, logged or served.
 */
class SecuredKafkaIT {

    private static final Duration SYNC_TIMEOUT = Duration.ofSeconds(240);
    private static final String SCRAM_USER = "metasync";
    private static final String PLAIN_USER = "metasync_plain";

    private static TestServices services;
    private static RedisSession redis;
    private static Path dir;
    private static Certificates ca;
    private static SecuredKafkaBroker broker;
    private static final String SCRAM_PASSWORD = KafkaCredentials.password("scram");
    private static final String PLAIN_PASSWORD = KafkaCredentials.password("plain");
    private static final String TRUSTSTORE_PASSWORD = KafkaCredentials.password("truststore");

    @BeforeAll
    static void startBroker() throws Exception {
        services = TestServices.get();
        redis = new RedisSession(services.redis.uri());
        dir = Files.createTempDirectory(services.root, "secured-kafka-");
        ca = Certificates.authority(dir.resolve("ca"), "kafka");
        broker = SecuredKafkaBroker.saslSsl(dir.resolve("broker"), ca, Map.of(PLAIN_USER, PLAIN_PASSWORD));
        broker.createScramUser(SCRAM_USER, SCRAM_PASSWORD);
    }

    @AfterAll
    static void stopBroker() {
        redis.close();
        if (broker != null) {
            broker.close();
        }
    }

    private static List<String> secrets() {
        return List.of(SCRAM_PASSWORD, PLAIN_PASSWORD, TRUSTSTORE_PASSWORD,
                KafkaCredentials.scramJaas(SCRAM_USER, SCRAM_PASSWORD), KafkaCredentials.plainJaas(PLAIN_USER, PLAIN_PASSWORD));
    }

    @Test
    void scram_over_tls_syncs_all_12140_tickers_and_verify_lag_and_doctor_work_without_showing_a_secret() throws Exception {
        String table = loadTable("scram", SampleTickers.DEFAULT_ROWS);
        grant("User:" + SCRAM_USER, table);
        Path truststore = KafkaCredentials.pkcs12Truststore(ca.caCertificate(), dir.resolve(table + "-truststore.p12"), TRUSTSTORE_PASSWORD);
        Map<String, String> kafka = new HashMap<>(Map.of("kafka.bootstrap-servers", broker.bootstrapServers(),
                "kafka.client.security.protocol", "SASL_SSL", "kafka.client.sasl.mechanism", "SCRAM-SHA-512",
                "kafka.client.sasl.jaas.config-file", write(table + ".jaas", KafkaCredentials.scramJaas(SCRAM_USER, SCRAM_PASSWORD)),
                "kafka.client.ssl.truststore.type", "PKCS12", "kafka.client.ssl.truststore.location", truststore.toString(),
                "kafka.client.ssl.truststore.password-file", write(table + ".truststore-password", TRUSTSTORE_PASSWORD + "\n")));
        MetasyncConfig config = services.isolated(table, kafka);
        List<String> said = new ArrayList<>();
        try (CapturedOutput output = CapturedOutput.start()) {
            try (Pipeline pipeline = Pipeline.start(config, EnumSet.allOf(Pipeline.Component.class), Clock.systemUTC())) {
                awaitKeys(table, SampleTickers.DEFAULT_ROWS);
                assertThat(pipeline.applyStats().deadLettered()).isZero();
                // Debezium's offsets went through the secured listener too, to their own topic.
                await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> records(config.kafka().offsetTopic()) > 0);
                said.addAll(commandsAgainst(config));
                said.add(Scrape.of(pipeline.monitor().address().orElseThrow()).text);
                said.add(Scrape.get(pipeline.monitor().address().orElseThrow(), "/health").body());
            }
            said.add(output.text());
            // The capture holds Kafka's own configuration dumps: passwords there are [hidden].
            assertThat(output.text()).contains("sasl.jaas.config = [hidden]", "ssl.truststore.password = [hidden]");
        }
        assertInSync(table);
        Leaks.assertNoSecretIn(String.join("\n", said), secrets());
    }

    /** verify, lag and doctor on the running pipeline's settings, as separate commands; returns what they printed. */
    private static List<String> commandsAgainst(MetasyncConfig config) {
        CliRunner.Outcome verify = SecretSafeCli.run("verify", config);
        assertThat(verify.exitCode()).isZero();
        assertThat(verify.out()).contains("IN SYNC");
        CliRunner.Outcome lag = SecretSafeCli.run("lag", config, "--json");
        assertThat(lag.exitCode()).as(lag.err()).isZero();
        assertThat(lag.out()).contains(config.tablesByTopic().keySet().iterator().next());
        CliRunner.Outcome doctor = SecretSafeCli.run("doctor", config);
        List<String> kafkaChecks = SecretSafeCli.kafkaChecks(doctor.out());
        assertThat(kafkaChecks).isNotEmpty().allMatch(line -> line.startsWith("  PASS  "));
        assertThat(String.join("\n", kafkaChecks)).contains("brokers at " + broker.bootstrapServers() + ": 1 broker(s) reachable")
                .contains("cleanup.policy");
        return List.of(verify.out(), verify.err(), lag.out(), lag.err(), doctor.out(), doctor.err());
    }

    @Test
    void sasl_plain_over_tls_with_the_jaas_config_from_the_environment_syncs_and_streams() throws Exception {
        String table = loadTable("plain", 300);
        grant("User:" + PLAIN_USER, table);
        Map<String, String> settings = services.isolated(table, Map.of("kafka.bootstrap-servers", broker.bootstrapServers(),
                "kafka.client.security.protocol", "SASL_SSL", "kafka.client.sasl.mechanism", "PLAIN",
                "kafka.client.ssl.truststore.type", "PEM", "kafka.client.ssl.truststore.location", ca.caCertificate().toString())).raw();
        MetasyncConfig config = ConfigLoader.load(Optional.empty(),
                Map.of("METASYNC_KAFKA_CLIENT_SASL_JAAS_CONFIG", KafkaCredentials.plainJaas(PLAIN_USER, PLAIN_PASSWORD)), settings);
        String said;
        try (CapturedOutput output = CapturedOutput.start()) {
            try (Pipeline pipeline = Pipeline.start(config, EnumSet.allOf(Pipeline.Component.class), Clock.systemUTC())) {
                awaitKeys(table, 300);
                sql("UPDATE " + table + " SET price = 123456.78 WHERE symbol = 'T00003'");
                await().atMost(Duration.ofSeconds(60)).until(() -> redis().get(TestServices.keyPrefix(table) + "T00003").contains("123456.78"));
            }
            said = output.text();
        }
        assertInSync(table);
        Leaks.assertNoSecretIn(said, secrets());
    }

    private static RedisCommands<String, String> redis() {
        return redis.sync();
    }

    static String loadTable(String base, int rows) throws Exception {
        String table = services.uniqueName(base);
        try (Connection connection = services.postgres.connect()) {
            SampleTickers.load(connection, table, rows);
        }
        return table;
    }

    /** The ACLs the README lists, for metasync's topic prefix (the table, in these tests) and group. */
    private static void grant(String principal, String table) throws Exception {
        try (Admin admin = broker.admin()) {
            KafkaAcls.grantMetasync(admin, principal, table, table);
        }
    }

    private static void awaitKeys(String table, int rows) {
        await().atMost(SYNC_TIMEOUT).pollInterval(Duration.ofMillis(500))
                .until(() -> KeyCounter.count(redis(), TestServices.keyPrefix(table) + "*") == rows);
    }

    private static void assertInSync(String table) throws Exception {
        try (Connection connection = services.postgres.connect()) {
            assertThat(TickerComparison.differences(connection, table, redis(), TestServices.keyPrefix(table))).isEmpty();
        }
    }

    private static void sql(String statement) throws Exception {
        try (Connection connection = services.postgres.connect(); Statement s = connection.createStatement()) {
            s.execute(statement);
        }
    }

    private static String write(String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name), content).toString();
    }

    /** Records ever written to a topic (log end offsets), read as the broker's super user. */
    private static long records(String topic) throws Exception {
        try (Admin admin = broker.admin()) {
            var partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic).partitions();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            partitions.forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            return admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).values().stream().mapToLong(o -> o.offset()).sum();
        }
    }
}
