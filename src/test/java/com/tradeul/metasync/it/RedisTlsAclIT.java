package com.tradeul.metasync.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.tradeul.metasync.cli.ExitCodes;
import com.tradeul.metasync.clients.RedisClients;
import com.tradeul.metasync.config.MetasyncConfig;
import com.tradeul.metasync.devtools.demo.SampleTickers;
import com.tradeul.metasync.devtools.local.Certificates;
import com.tradeul.metasync.embedded.FreePorts;
import com.tradeul.metasync.verify.KeyCounter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.sql.Connection;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * metasync against a Redis set up as production is: TLS only (no plain port, client certificates
 * required), an ACL user with what metasync needs, the default user off, the password from a
 * mounted file. The packaged `metasync run` syncs every ticker, the commands agree, and a wrong
 * password or CA stops metasync with one line that names the setting. Nothing it printed, logged or
 * served holds a password.
 */
class RedisTlsAclIT {

    private static final Duration SYNC = Duration.ofSeconds(180);

    private static TestServices services;
    private static SecuredRedis redis;

    @BeforeAll
    static void startRedis() {
        services = TestServices.get();
        redis = SecuredRedis.tlsWithAcl(services, RedisClients.REQUIRED_ACL,
                "--maxmemory", "512mb", "--maxmemory-policy", "noeviction", "--appendfsync", "everysec");
    }

    @AfterAll
    static void stopRedis() {
        if (redis != null) {
            redis.close();
        }
    }

    private static MetasyncConfig config(String table, Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(redis.settings());
        settings.putAll(extra);
        return services.isolated(table, settings);
    }

    @Test
    void redis_listens_with_tls_only_and_its_default_user_is_off() {
        assertThat(redis.admin.sync().configGet("port")).containsEntry("port", "0");
        assertThat(redis.admin.sync().configGet("tls-auth-clients")).containsEntry("tls-auth-clients", "yes");
        assertThat(redis.admin.sync().aclList()).anyMatch(user -> user.startsWith("user default off"));
    }

    @Test
    void the_packaged_run_syncs_every_ticker_and_verify_doctor_guard_lag_and_health_agree() throws Exception {
        String table = services.uniqueName("redistls");
        try (Connection c = services.postgres.connect()) {
            SampleTickers.load(c, table, SampleTickers.DEFAULT_ROWS);
        }
        int monitorPort = FreePorts.pick();
        MetasyncConfig config = config(table, Map.of("monitor.port", Integer.toString(monitorPort), "guard.save-interval-seconds", "5"));
        Map<String, String> environment = new HashMap<>(redis.environment());
        environment.put("METASYNC_LOG_LEVEL", "DEBUG"); // metasync's every log line is searched for the password too
        Leaks leaks = new Leaks();
        String prefix = TestServices.keyPrefix(table);
        try (CapturedOutput jvm = CapturedOutput.start();
             MetasyncProcess run = MetasyncProcess.run(config, environment, Files.createTempFile(services.root, "tls-run-", ".log"))) {
            await().atMost(SYNC).pollInterval(Duration.ofMillis(500)).failFast(() -> assertThat(run.alive()).as("metasync run exited: %s", run.output()).isTrue())
                    .until(() -> KeyCounter.count(redis.admin.sync(), prefix + "*") == SampleTickers.DEFAULT_ROWS);
            try (Connection c = services.postgres.connect()) {
                assertThat(TickerComparison.differences(c, table, redis.admin.sync(), prefix)).isEmpty();
            }
            assertCommandsAgree(config, leaks);
            assertServedPages(new InetSocketAddress("127.0.0.1", monitorPort), leaks);
            leaks.keep("metasync run", run.output());
            leaks.keep("this JVM's logs, stdout and stderr (the commands run in-process)", jvm.text());
        }
        leaks.assertNoneOf(redis.password, redis.adminPassword);
    }

    private static void assertCommandsAgree(MetasyncConfig config, Leaks leaks) throws Exception {
        Map<String, String> env = redis.environment();
        CliRunner.Outcome verify = leaks.keep("verify", CliRunner.run(env, "verify", config, "--settle-seconds", "20"));
        assertThat(verify.out()).as(verify.out() + verify.err()).contains("0 missing, 0 extra, 0 wrong -> IN SYNC");
        assertThat(verify.exitCode()).isZero();

        CliRunner.Outcome doctor = leaks.keep("doctor", CliRunner.run(env, "doctor", config));
        System.out.print(doctor.out() + doctor.err());
        String redisPart = doctor.out().substring(doctor.out().indexOf("\nRedis\n"));
        assertThat(redisPart).as(doctor.out() + doctor.err())
                .contains("PASS  connection to " + redis.server.uri() + ": Redis 7")
                .contains("as user 'metasync', TLS (verify full, client certificate): credentials accepted")
                .contains("PASS  maxmemory-policy: noeviction").doesNotContain("WARN ").doesNotContain("FAIL ");
        assertThat(doctor.exitCode()).as(doctor.out()).isZero();
        leaks.keep("doctor --json", CliRunner.run(env, "doctor", config, "--json"));

        CliRunner.Outcome guard = leaks.keep("guard", CliRunner.run(env, "guard", config, "--save"));
        System.out.print(guard.out() + guard.err());
        assertThat(guard.out()).as(guard.out() + guard.err()).contains("save: OK").contains("OK       no setting that loses data");
        assertThat(guard.exitCode()).isZero();
        leaks.keep("guard --json", CliRunner.run(env, "guard", config, "--json"));

        CliRunner.Outcome lag = leaks.keep("lag", CliRunner.run(env, "lag", config));
        assertThat(lag.exitCode()).as(lag.out() + lag.err()).isZero();
        assertThat(lag.out()).contains(config.tablesByTopic().keySet().iterator().next());
        leaks.keep("config", CliRunner.run(env, "config", config));
    }

    private static void assertServedPages(InetSocketAddress monitor, Leaks leaks) {
        await().atMost(Duration.ofSeconds(60)).until(() -> Scrape.get(monitor, "/health").body().contains("\"status\":\"UP\""));
        leaks.keep("/health", await().atMost(Duration.ofSeconds(30)).until(() -> Scrape.get(monitor, "/health").body(), b -> true));
        String metrics = leaks.keep("/metrics", await().atMost(Duration.ofSeconds(30))
                .until(() -> Scrape.get(monitor, "/metrics").body(), b -> b.contains("metasync_redis_reachable 1.0")));
        assertThat(metrics).contains("metasync_guard_persistence_managed 0.0");
    }

    @Test
    void a_wrong_password_exits_7_with_one_line_naming_redis_password_and_not_the_password() {
        MetasyncConfig config = config(services.uniqueName("redisbadpw"), Map.of("redis.password", "not-" + redis.password));
        CliRunner.Outcome outcome = CliRunner.run(Map.of(), "run", config);
        System.out.print(outcome.err());
        assertThat(outcome.exitCode()).as(outcome.out() + outcome.err()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(outcome.err().strip().lines()).hasSize(1);
        assertThat(outcome.err()).contains("refused the password of user 'metasync'").contains("Fix: set redis.password")
                .doesNotContain(redis.password);
    }

    @Test
    void a_ca_that_did_not_sign_redis_certificate_exits_7_with_one_line_naming_redis_tls_ca_file() throws Exception {
        Certificates other = Certificates.authority(Files.createTempDirectory(redis.dir, "other-ca-"), "other");
        MetasyncConfig config = config(services.uniqueName("redisbadca"),
                Map.of("redis.tls.ca-file", other.caCertificate().toString()));
        CliRunner.Outcome outcome = CliRunner.run(redis.environment(), "run", config);
        System.out.print(outcome.err());
        assertThat(outcome.exitCode()).as(outcome.out() + outcome.err()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(outcome.err().strip().lines()).hasSize(1);
        assertThat(outcome.err()).contains("presented a TLS certificate that metasync does not trust")
                .contains("Fix: set redis.tls.ca-file").doesNotContain(redis.password);
        assertThat(List.of(outcome.out(), outcome.err())).noneMatch(text -> text.contains(redis.adminPassword));
    }
}
