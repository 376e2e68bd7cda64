package com.tradeul.metasync.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.tradeul.metasync.Pipeline;
import com.tradeul.metasync.cli.ExitCodes;
import com.tradeul.metasync.config.MetasyncConfig;
import com.tradeul.metasync.devtools.demo.SampleTickers;
import com.tradeul.metasync.devtools.local.Certificates;
import com.tradeul.metasync.verify.KeyCounter;
import java.net.InetSocketAddress;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole pipeline against a PostgreSQL configured as production is ({@link SecuredPostgres}: TLS
 * only, SCRAM, a non-superuser with REPLICATION), with postgres.sslmode=verify-full: every row
 * arrives exactly, verify, doctor and the slot monitor work, and no password shows in anything
 * metasync printed, logged or served.
 */
class PostgresTlsIT {

    private static final Duration SYNC_TIMEOUT = Duration.ofSeconds(240);
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static TestServices services;
    private static SecuredPostgres postgres;
    private static RedisSession redis;

    @BeforeAll
    static void startSecuredPostgres() throws Exception {
        services = TestServices.get();
        postgres = SecuredPostgres.start(services);
        redis = new RedisSession(services.redis.uri());
    }

    @AfterAll
    static void stop() {
        redis.close();
        postgres.close();
    }

    @Test
    void a_non_superuser_over_verified_tls_syncs_every_ticker_and_no_password_leaks() throws Exception {
        String table = services.uniqueName("tls");
        postgres.loadTickers(table, SampleTickers.DEFAULT_ROWS, SecuredPostgres.APP_USER);
        String prefix = TestServices.keyPrefix(table);
        MetasyncConfig config = postgres.config(table, Map.of("monitor.interval-seconds", "1"));
        List<String> seen = new ArrayList<>();
        try (CapturedOutput logs = CapturedOutput.start()) {
            try (Pipeline pipeline = Pipeline.start(config, EnumSet.allOf(Pipeline.Component.class), Clock.systemUTC())) {
                await().atMost(SYNC_TIMEOUT).pollInterval(Duration.ofMillis(500))
                        .until(() -> KeyCounter.count(redis.sync(), prefix + "*") == SampleTickers.DEFAULT_ROWS);
                try (Connection connection = postgres.server.connect()) {
                    assertThat(TickerComparison.differences(connection, table, redis.sync(), prefix)).isEmpty();
                }
                InetSocketAddress monitor = pipeline.monitor().address().orElseThrow();
                await().atMost(WAIT).until(() -> Scrape.of(monitor).value("metasync_slot_active") == 1.0);
                seen.add(Scrape.of(monitor).text);
                seen.add(Scrape.get(monitor, "/health").body());

                seen.add(assertVerifyInSync(config, table));
                seen.add(assertPostgresChecksAllPass(config));
                seen.add(assertPostgresChecksAllPass(config, "--json"));
            }
            CliRunner.Outcome dump = CliRunner.run("config", config);
            assertThat(dump.out()).contains("postgres.sslmode").contains("verify-full");
            seen.add(dump.out() + dump.err());
            // Debezium logs its configuration when the task starts; metasync's TLS settings reached it, the password masked.
            assertThat(logs.text()).contains("database.sslmode = verify-full").contains("database.password = ********");
            seen.add(logs.text());
        }
        Leaks.assertNoSecretIn(String.join("\n", seen), List.of(postgres.appPassword));
    }

    @Test
    void with_a_client_certificate_capture_and_verify_work_and_the_key_password_stays_hidden() throws Exception {
        String table = services.uniqueName("tlscert");
        postgres.loadTickers(table, 300, SecuredPostgres.CERT_USER);
        String prefix = TestServices.keyPrefix(table);
        // PKCS-12 with its password for capture; PKCS-8 DER (unencrypted) for verify: both forms pgjdbc reads.
        MetasyncConfig withP12 = postgres.certConfig(table, Map.of(
                "postgres.sslkey", postgres.userPkcs12.toString(), "postgres.sslpassword", postgres.keyPassword));
        try (CapturedOutput logs = CapturedOutput.start()) {
            try (Pipeline pipeline = Pipeline.start(withP12, EnumSet.allOf(Pipeline.Component.class), Clock.systemUTC())) {
                await().atMost(SYNC_TIMEOUT).until(() -> KeyCounter.count(redis.sync(), prefix + "*") == 300);
            }
            MetasyncConfig withPk8 = postgres.certConfig(table, Map.of(
                    "postgres.sslcert", postgres.clientCertificate.certificate().toString(),
                    "postgres.sslkey", postgres.clientCertificate.pkcs8Der().toString()));
            CliRunner.Outcome verify = CliRunner.run("verify", withPk8);
            assertThat(verify.exitCode()).as(verify.out() + verify.err()).isZero();
            assertThat(verify.out()).contains("300 rows, 300 keys: 300 in sync, 0 missing, 0 extra, 0 wrong -> IN SYNC");
            assertThat(logs.text()).contains("database.sslpassword = ********");
            Leaks.assertNoSecretIn(logs.text() + verify.out() + verify.err(), List.of(postgres.certPassword, postgres.keyPassword));
        }
    }

    @Test
    void a_pkcs12_key_under_another_entry_name_is_refused_with_the_export_command() {
        Certificates.Issued issued = postgres.clientCertificate;
        CliRunner.Outcome outcome = CliRunner.run("verify", postgres.certConfig(services.uniqueName("p12"), Map.of(
                "postgres.sslkey", issued.pkcs12().toString(), "postgres.sslpassword", issued.pkcs12Password())));

        assertThat(outcome.exitCode()).as("a key file of metasync's that cannot be used").isEqualTo(ExitCodes.CONFIGURATION);
        assertThat(outcome.err().strip().lines()).hasSize(1);
        assertThat(outcome.err()).contains("it reads only the PKCS-12 entry named 'user'")
                .contains("Fix: export the key under that name: openssl pkcs12 -export -name user")
                .doesNotContain(issued.pkcs12Password()).doesNotContain(postgres.certPassword);
    }

    @Test
    void without_its_client_certificate_the_user_is_refused_in_one_line_naming_sslcert_and_sslkey() {
        CliRunner.Outcome outcome = CliRunner.run("verify", postgres.certConfig(services.uniqueName("nocert"), Map.of()));

        assertThat(outcome.exitCode()).as("PostgreSQL refused the login").isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(outcome.err().strip().lines()).hasSize(1);
        assertThat(outcome.err()).contains("requires a client certificate from user '" + SecuredPostgres.CERT_USER + "'")
                .contains("Fix: set postgres.sslcert and postgres.sslkey").doesNotContain(postgres.certPassword);
    }

    private static String assertVerifyInSync(MetasyncConfig config, String table) {
        CliRunner.Outcome verify = CliRunner.run("verify", config);
        assertThat(verify.exitCode()).as(verify.out() + verify.err()).isZero();
        assertThat(verify.out()).contains("public." + table + ": 12,140 rows, 12,140 keys: 12,140 in sync, 0 missing, 0 extra,"
                + " 0 wrong -> IN SYNC");
        return verify.out() + verify.err();
    }

    /** Redis and Kafka are the shared test ones, whose own findings are not this test's business. */
    private static String assertPostgresChecksAllPass(MetasyncConfig config, String... options) throws Exception {
        CliRunner.Outcome doctor = CliRunner.run("doctor", config, options);
        System.out.print(doctor.out() + doctor.err());
        if (options.length == 0) {
            assertThat(doctor.out()).contains("PASS  replication privilege of " + SecuredPostgres.APP_USER
                    + ": created and dropped a temporary pgoutput slot (REPLICATION attribute)")
                    .contains("PASS  publication " + config.postgres().publication() + ": publishes every configured table")
                    .contains("PASS  replication slot " + config.postgres().slot() + ": active");
            return doctor.out() + doctor.err();
        }
        List<String> postgresChecks = new ArrayList<>();
        List<String> notPassing = new ArrayList<>();
        for (JsonNode check : new ObjectMapper().readTree(doctor.out())) {
            if (check.path("area").asText().equals("PostgreSQL")) {
                postgresChecks.add(check.path("item").asText());
                if (!check.path("verdict").asText().equals("PASS")) {
                    notPassing.add(check.toString());
                }
            }
        }
        assertThat(postgresChecks).hasSizeGreaterThan(10).contains("replication privilege of " + SecuredPostgres.APP_USER);
        assertThat(notPassing).as("PostgreSQL checks that did not pass").isEmpty();
        return doctor.out() + doctor.err();
    }
}
