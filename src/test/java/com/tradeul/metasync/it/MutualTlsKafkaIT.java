package com.tradeul.metasync.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.tradeul.metasync.Pipeline;
import com.tradeul.metasync.cli.ExitCodes;
import com.tradeul.metasync.config.MetasyncConfig;
import com.tradeul.metasync.devtools.demo.SampleTickers;
import com.tradeul.metasync.devtools.local.Certificates;
import com.tradeul.metasync.verify.KeyCounter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The pipeline against a Kafka whose only listener is TLS with client certificates required
 * ({@code ssl.client.auth=required}): metasync's certificate (subject {@code CN=metasync}) is its
 * user, whose ACLs decide what it may do. Without a certificate, run says which setting to fix.
 */
class MutualTlsKafkaIT {

    private static TestServices services;
    private static RedisSession redis;
    private static Certificates ca;
    private static Certificates.Issued client;
    private static SecuredKafkaBroker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        services = TestServices.get();
        redis = new RedisSession(services.redis.uri());
        Path dir = Files.createTempDirectory(services.root, "mtls-kafka-");
        ca = Certificates.authority(dir.resolve("ca"), "kafka");
        client = ca.client("metasync");
        broker = SecuredKafkaBroker.mutualTls(dir.resolve("broker"), ca);
    }

    @AfterAll
    static void stopBroker() {
        redis.close();
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void a_client_certificate_over_tls_syncs_a_table_and_doctor_passes_its_kafka_checks() throws Exception {
        String table = table("mtls", 500);
        try (Admin admin = broker.admin()) {
            KafkaAcls.grantMetasync(admin, "User:metasync", table, table);
        }
        Map<String, String> settings = new HashMap<>(tls());
        settings.putAll(Map.of("kafka.client.ssl.keystore.type", "PKCS12", "kafka.client.ssl.keystore.location", client.pkcs12().toString(),
                "kafka.client.ssl.keystore.password", client.pkcs12Password()));
        MetasyncConfig config = services.isolated(table, settings);
        String said;
        try (CapturedOutput output = CapturedOutput.start()) {
            try (Pipeline pipeline = Pipeline.start(config, EnumSet.allOf(Pipeline.Component.class), Clock.systemUTC())) {
                await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500))
                        .until(() -> KeyCounter.count(redis.sync(), TestServices.keyPrefix(table) + "*") == 500);
                CliRunner.Outcome doctor = SecretSafeCli.run("doctor", config);
                assertThat(SecretSafeCli.kafkaChecks(doctor.out())).isNotEmpty().allMatch(line -> line.startsWith("  PASS  "));
            }
            said = output.text();
            assertThat(said).contains("ssl.keystore.password = [hidden]");
        }
        try (Connection connection = services.postgres.connect()) {
            assertThat(TickerComparison.differences(connection, table, redis.sync(), TestServices.keyPrefix(table))).isEmpty();
        }
        Leaks.assertNoSecretIn(said, List.of(client.pkcs12Password()));
    }

    @Test
    void without_a_client_certificate_run_names_the_keystore_setting() throws Exception {
        String table = table("nocert", 10);
        MetasyncConfig config = services.isolated(table, tls());

        CliRunner.Outcome run = SecretSafeCli.run("run", config);

        SecretSafeCli.assertOneLineNaming(run, ExitCodes.UNREACHABLE, "kafka.client.ssl.keystore.location");
        assertThat(run.err()).contains("the brokers want a client certificate they trust");
    }

    /** TLS to the broker, trusting the test's CA (a PEM truststore), without a client certificate. */
    private static Map<String, String> tls() {
        return Map.of("kafka.bootstrap-servers", broker.bootstrapServers(), "kafka.client.security.protocol", "SSL",
                "kafka.client.ssl.truststore.type", "PEM", "kafka.client.ssl.truststore.location", ca.caCertificate().toString());
    }

    private static String table(String base, int rows) throws Exception {
        String table = services.uniqueName(base);
        try (Connection connection = services.postgres.connect()) {
            SampleTickers.load(connection, table, rows);
        }
        return table;
    }
}
