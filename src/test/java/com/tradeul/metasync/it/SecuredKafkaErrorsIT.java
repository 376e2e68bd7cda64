package com.tradeul.metasync.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradeul.metasync.cli.ExitCodes;
import com.tradeul.metasync.config.MetasyncConfig;
import com.tradeul.metasync.devtools.demo.SampleTickers;
import com.tradeul.metasync.devtools.local.Certificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Against a SASL_SSL/SCRAM broker with ACLs: a wrong password, a truststore without the brokers' CA
 * and a missing ACL each stop {@code metasync run} with one line on stderr naming what to fix, and
 * make {@code doctor} fail the Kafka check with that fix. No password is ever in the output.
 */
class SecuredKafkaErrorsIT {

    private static final String USER = "metasync";
    private static final String PASSWORD = KafkaCredentials.password("scram");
    private static final String WRONG_PASSWORD = KafkaCredentials.password("wrong");

    private static TestServices services;
    private static Path dir;
    private static Certificates ca;
    private static SecuredKafkaBroker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        services = TestServices.get();
        dir = Files.createTempDirectory(services.root, "secured-kafka-errors-");
        ca = Certificates.authority(dir.resolve("ca"), "kafka");
        broker = SecuredKafkaBroker.saslSsl(dir.resolve("broker"), ca, Map.of());
        broker.createScramUser(USER, PASSWORD);
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void a_wrong_scram_password_makes_run_lag_and_doctor_name_the_jaas_setting() throws Exception {
        MetasyncConfig config = settings(grantedTable("wrongpw"), KafkaCredentials.scramJaas(USER, WRONG_PASSWORD), ca.caCertificate());

        String said = expectFailure(config, ExitCodes.UNREACHABLE, "kafka.client.sasl.jaas.config",
                "Kafka at " + broker.bootstrapServers() + " refused metasync's SASL login (Authentication failed",
                "FAIL  brokers at " + broker.bootstrapServers() + ": Kafka at " + broker.bootstrapServers() + " refused metasync's SASL login",
                "fix: set kafka.client.sasl.jaas.config (or kafka.client.sasl.jaas.config-file, or METASYNC_KAFKA_CLIENT_SASL_JAAS_CONFIG)");

        CliRunner.Outcome lag = SecretSafeCli.run("lag", config);
        SecretSafeCli.assertOneLineNaming(lag, ExitCodes.UNREACHABLE, "kafka.client.sasl.jaas.config");

        Leaks.assertNoSecretIn(String.join("\n", said, lag.out(), lag.err()), List.of(PASSWORD, WRONG_PASSWORD));
    }

    /** As an operator sees it: the packaged jar in its own JVM, with its own logging, stderr and all. */
    @Test
    void the_packaged_run_prints_only_its_one_line_for_a_wrong_password_and_for_an_untrusted_ca() throws Exception {
        String table = grantedTable("process");
        Certificates otherCa = Certificates.authority(dir.resolve("process-ca"), "other");

        CliRunner.Outcome wrongPassword = SecretSafeCli.runPackaged("run",
                settings(table, KafkaCredentials.scramJaas(USER, WRONG_PASSWORD), ca.caCertificate()));
        CliRunner.Outcome untrusted = SecretSafeCli.runPackaged("run",
                settings(table, KafkaCredentials.scramJaas(USER, PASSWORD), otherCa.caCertificate()));

        SecretSafeCli.assertOneLineNaming(wrongPassword, ExitCodes.UNREACHABLE, "kafka.client.sasl.jaas.config");
        SecretSafeCli.assertOneLineNaming(untrusted, ExitCodes.UNREACHABLE, "kafka.client.ssl.truststore.location");
        Leaks.assertNoSecretIn(String.join("\n", wrongPassword.out(), wrongPassword.err(), untrusted.out(), untrusted.err()),
                List.of(PASSWORD, WRONG_PASSWORD));
    }

    @Test
    void a_truststore_without_the_brokers_ca_makes_run_and_doctor_name_the_truststore_setting() throws Exception {
        Certificates otherCa = Certificates.authority(dir.resolve("other-ca"), "other");
        MetasyncConfig config = settings(grantedTable("untrusted"), KafkaCredentials.scramJaas(USER, PASSWORD), otherCa.caCertificate());

        String said = expectFailure(config, ExitCodes.UNREACHABLE, "kafka.client.ssl.truststore.location",
                "the TLS handshake with Kafka at " + broker.bootstrapServers() + " failed",
                "metasync does not trust the brokers' certificate",
                "fix: set kafka.client.ssl.truststore.location to a truststore holding the CA that signed the brokers' certificates");

        Leaks.assertNoSecretIn(said, List.of(PASSWORD));
    }

    @Test
    void a_user_without_topic_acls_is_told_which_grant_is_missing() throws Exception {
        String table = table("noacl"); // no ACL at all for its topics or group
        MetasyncConfig config = settings(table, KafkaCredentials.scramJaas(USER, PASSWORD), ca.caCertificate());

        String said = expectFailure(config, ExitCodes.UNFIT, "grant metasync's Kafka user Create, Describe, DescribeConfigs, Read and Write on topics "
                        + "with the prefix '" + table + ".'",
                "denied metasync's user access to topic(s) " + table + ".public." + table,
                "FAIL  access of metasync's Kafka user: Kafka at " + broker.bootstrapServers() + " denied metasync's user access to topic(s) "
                        + table + ".public." + table,
                "fix: grant metasync's Kafka user Create, Describe");

        Leaks.assertNoSecretIn(said, List.of(PASSWORD));
    }

    @Test
    void a_user_without_its_group_acl_is_stopped_when_apply_joins_and_doctor_says_so_first() throws Exception {
        String table = table("nogroup");
        try (Admin admin = broker.admin()) {
            List<AclBinding> topicsOnly = new ArrayList<>();
            ResourcePattern topics = new ResourcePattern(ResourceType.TOPIC, table + ".", PatternType.PREFIXED);
            KafkaAcls.TOPIC_OPERATIONS.forEach(op -> topicsOnly.add(new AclBinding(topics,
                    new AccessControlEntry("User:" + USER, "*", op, AclPermissionType.ALLOW))));
            admin.createAcls(topicsOnly).all().get();
        }
        MetasyncConfig config = settings(table, KafkaCredentials.scramJaas(USER, PASSWORD), ca.caCertificate());

        String said = expectFailure(config, ExitCodes.UNFIT, "Read and Describe on its consumer group (apply.group-id)",
                "denied metasync's user access to consumer group " + table,
                "FAIL  access of metasync's Kafka user: Kafka at " + broker.bootstrapServers() + " denied metasync's user access to "
                        + "consumer group " + table, "fix: grant metasync's Kafka user");

        Leaks.assertNoSecretIn(said, List.of(PASSWORD));
    }

    /**
     * {@code metasync run} exits {@code exitCode} with one line naming {@code setting} and containing
     * {@code runProblem}; {@code doctor} exits 6 with each of {@code doctorLines}.
     *
     * @return everything metasync printed and logged meanwhile
     */
    private static String expectFailure(MetasyncConfig config, int exitCode, String setting, String runProblem, String... doctorLines) {
        try (CapturedOutput output = CapturedOutput.start()) {
            CliRunner.Outcome run = SecretSafeCli.run("run", config);
            SecretSafeCli.assertOneLineNaming(run, exitCode, setting);
            assertThat(run.err()).contains(runProblem);

            CliRunner.Outcome doctor = SecretSafeCli.run("doctor", config);
            assertThat(doctor.exitCode()).isEqualTo(6);
            assertThat(doctor.out()).contains(doctorLines);
            return String.join("\n", run.out(), run.err(), doctor.out(), doctor.err(), output.text());
        }
    }

    private static String table(String base) throws Exception {
        String table = services.uniqueName(base);
        try (Connection connection = services.postgres.connect()) {
            SampleTickers.load(connection, table, 10);
        }
        return table;
    }

    private static String grantedTable(String base) throws Exception {
        String table = table(base);
        try (Admin admin = broker.admin()) {
            KafkaAcls.grantMetasync(admin, "User:" + USER, table, table);
        }
        return table;
    }

    /** SCRAM over TLS to the broker, with the given JAAS config and the truststore (PEM) holding {@code trustedCa}. */
    private static MetasyncConfig settings(String table, String jaas, Path trustedCa) {
        return services.isolated(table, Map.of("kafka.bootstrap-servers", broker.bootstrapServers(),
                "kafka.client.security.protocol", "SASL_SSL", "kafka.client.sasl.mechanism", "SCRAM-SHA-512",
                "kafka.client.sasl.jaas.config", jaas,
                "kafka.client.ssl.truststore.type", "PEM", "kafka.client.ssl.truststore.location", trustedCa.toString()));
    }
}
