package com.tradeul.metasync.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.tradeul.metasync.clients.RedisClients;
import com.tradeul.metasync.devtools.demo.SampleTickers;
import com.tradeul.metasync.devtools.local.Certificates;
import com.tradeul.metasync.embedded.FreePorts;
import com.tradeul.metasync.verify.KeyCounter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * All three systems secured at once, as a production deployment has them: PostgreSQL TLS only
 * (verify-full, scram-sha-256, a non-superuser with REPLICATION), Kafka whose only listener is
 * SASL_SSL with SCRAM-SHA-512 and ACLs, Redis TLS only with client certificates, an ACL user and
 * the default user off. The packaged jar runs as an operator runs it: one settings file, every
 * secret from a mounted file or the environment, never on the command line. The whole ticker
 * table arrives exactly; verify, lag, doctor, guard, config, /metrics and /health agree; and no
 * secret is in any byte metasync printed, logged or served.
 */
class ProductionShapeIT {

    private static final Duration SYNC = Duration.ofSeconds(240);
    private static final String KAFKA_USER = "metasync";

    private static TestServices services;
    private static Path dir;
    private static SecuredPostgres postgres;
    private static Certificates kafkaCa;
    private static SecuredKafkaBroker kafka;
    private static SecuredRedis redis;
    private static final String KAFKA_PASSWORD = KafkaCredentials.password("scram");

    @BeforeAll
    static void startSecuredServices() throws Exception {
        services = TestServices.get();
        dir = Files.createTempDirectory(services.root, "production-");
        postgres = SecuredPostgres.start(services);
        kafkaCa = Certificates.authority(dir.resolve("kafka-ca"), "kafka");
        kafka = SecuredKafkaBroker.saslSsl(dir.resolve("kafka"), kafkaCa, Map.of());
        kafka.createScramUser(KAFKA_USER, KAFKA_PASSWORD);
        redis = SecuredRedis.tlsWithAcl(services, RedisClients.REQUIRED_ACL,
                "--maxmemory", "512mb", "--maxmemory-policy", "noeviction", "--appendfsync", "everysec");
    }

    @AfterAll
    static void stopSecuredServices() {
        for (AutoCloseable server : new AutoCloseable[] {redis, kafka, postgres}) {
            try {
                if (server != null) {
                    server.close();
                }
            } catch (Exception e) {
                System.err.println("stopping " + server + ": " + e);
            }
        }
    }

    private static List<String> secrets() {
        return List.of(postgres.appPassword, KAFKA_PASSWORD, KafkaCredentials.scramJaas(KAFKA_USER, KAFKA_PASSWORD),
                redis.password, redis.adminPassword);
    }

    @Test
    void the_packaged_service_syncs_every_ticker_through_secured_postgres_kafka_and_redis_and_never_shows_a_secret() throws Exception {
        String table = services.uniqueName("production");
        postgres.loadTickers(table, SampleTickers.DEFAULT_ROWS, SecuredPostgres.APP_USER);
        try (Admin admin = kafka.admin()) {
            KafkaAcls.grantMetasync(admin, "User:" + KAFKA_USER, table, table);
        }
        int monitorPort = FreePorts.pick();
        Path settings = writeSettings(table, monitorPort);
        Map<String, String> environment = redis.environment(); // METASYNC_REDIS_PASSWORD_FILE
        Leaks leaks = new Leaks();
        String prefix = TestServices.keyPrefix(table);
        try (PackagedCommand run = PackagedCommand.start(dir, settings, environment, "run")) {
            await().atMost(SYNC).pollInterval(Duration.ofMillis(500))
                    .failFast(() -> assertThat(run.alive()).as("metasync run exited: %s", run.output()).isTrue())
                    .until(() -> KeyCounter.count(redis.admin.sync(), prefix + "*") == SampleTickers.DEFAULT_ROWS);
            try (Connection connection = postgres.server.connect()) {
                assertThat(TickerComparison.differences(connection, table, redis.admin.sync(), prefix)).isEmpty();
            }
            commandsAgree(settings, environment, leaks, table);
            InetSocketAddress monitor = new InetSocketAddress("127.0.0.1", monitorPort);
            String health = leaks.keep("/health", Scrape.get(monitor, "/health").body());
            assertThat(new ObjectMapper().readTree(health).get("status").asText()).as(health).isEqualTo("UP");
            leaks.keep("/metrics", Scrape.of(monitor).text);
            run.stop();
            assertThat(run.exitCode()).as(run.output()).isEqualTo(143); // stopped by SIGTERM, cleanly
            leaks.keep("metasync run", run.output());
        }
        leaks.assertNoneOf(secrets().toArray(String[]::new));
    }

    /** verify, lag, doctor, guard and config as their own processes, on the same settings file. */
    private static void commandsAgree(Path settings, Map<String, String> environment, Leaks leaks, String table) throws Exception {
        PackagedCommand.Result verify = run(leaks, "verify", settings, environment, "verify");
        assertThat(verify.exitCode()).as(verify.text()).isZero();
        assertThat(verify.stdout()).contains("12,140 rows, 12,140 keys: 12,140 in sync, 0 missing, 0 extra, 0 wrong -> IN SYNC");

        PackagedCommand.Result lag = run(leaks, "lag", settings, environment, "lag", "--json");
        assertThat(lag.exitCode()).as(lag.text()).isZero();
        assertThat(lag.stdout()).contains(table + ".public." + table);

        PackagedCommand.Result doctor = run(leaks, "doctor", settings, environment, "doctor");
        assertThat(doctor.exitCode()).as(doctor.text()).isZero();
        List<String> checks = doctor.stdout().lines().filter(l -> l.startsWith("  ") && !l.startsWith("        ")).toList();
        assertThat(checks).as(doctor.stdout()).hasSizeGreaterThan(20).allMatch(l -> l.startsWith("  PASS  "));
        PackagedCommand.Result doctorJson = run(leaks, "doctor --json", settings, environment, "doctor", "--json");
        JsonNode json = new ObjectMapper().readTree(doctorJson.stdout());
        json.forEach(check -> assertThat(check.get("verdict").asText()).as(check.toString()).isEqualTo("PASS"));

        PackagedCommand.Result guard = run(leaks, "guard", settings, environment, "guard", "--json", "--save");
        assertThat(guard.exitCode()).as(guard.text()).isZero();
        PackagedCommand.Result config = run(leaks, "config", settings, environment, "config");
        assertThat(config.stdout()).contains("postgres.password", "[hidden]", "kafka.client.sasl.jaas.config", "redis.password");
        run(leaks, "config --json", settings, environment, "config", "--json");
        run(leaks, "--help", settings, environment, "run", "--help");
    }

    private static PackagedCommand.Result run(Leaks leaks, String source, Path settings, Map<String, String> environment,
                                              String... args) throws Exception {
        PackagedCommand.Result result = PackagedCommand.run(dir, settings, environment, args);
        leaks.keep(source, result.text());
        return result;
    }

    /** One settings file, as an operator writes it: secrets only as paths of mounted files. */
    private static Path writeSettings(String table, int monitorPort) throws Exception {
        Path secrets = Files.createDirectories(dir.resolve(table + "-secrets"));
        Map<String, String> s = new LinkedHashMap<>();
        s.put("postgres.host", postgres.server.host());
        s.put("postgres.port", Integer.toString(postgres.server.port()));
        s.put("postgres.user", SecuredPostgres.APP_USER);
        s.put("postgres.password-file", write(secrets.resolve("postgres-password"), postgres.appPassword + "\n"));
        s.put("postgres.sslmode", "verify-full");
        s.put("postgres.sslrootcert", postgres.ca.caCertificate().toString());
        s.put("postgres.tables", "public." + table);
        s.put("postgres.slot", table);
        s.put("postgres.publication", table);
        s.put("kafka.bootstrap-servers", kafka.bootstrapServers());
        s.put("kafka.topic-prefix", table);
        s.put("kafka.client.security.protocol", "SASL_SSL");
        s.put("kafka.client.sasl.mechanism", "SCRAM-SHA-512");
        s.put("kafka.client.sasl.jaas.config-file", write(secrets.resolve("kafka-jaas"), KafkaCredentials.scramJaas(KAFKA_USER, KAFKA_PASSWORD)));
        s.put("kafka.client.ssl.truststore.type", "PEM");
        s.put("kafka.client.ssl.truststore.location", kafkaCa.caCertificate().toString());
        s.put("apply.group-id", table);
        s.putAll(redis.settings());
        s.put("tables.public." + table + ".key-template", TestServices.keyPrefix(table) + "{symbol}");
        s.put("monitor.port", Integer.toString(monitorPort));
        s.put("data-dir", dir.resolve(table + "-data").toString());
        StringBuilder text = new StringBuilder();
        s.forEach((k, v) -> text.append(k).append('=').append(v.replace("\\", "\\\\")).append('\n'));
        return Files.writeString(dir.resolve(table + ".properties"), text.toString(), StandardCharsets.UTF_8);
    }

    private static String write(Path file, String content) throws Exception {
        return Files.writeString(file, content, StandardCharsets.UTF_8).toString();
    }

    /** The packaged jar run as {@code java -jar target/metasync.jar <command> --config <file>}, its output in files. */
    static final class PackagedCommand implements AutoCloseable {

        record Result(int exitCode, String stdout, String stderr) {
            String text() {
                return stdout + "\n" + stderr;
            }
        }

        private final Process process;
        private final Path out;
        private final Path err;

        private PackagedCommand(Process process, Path out, Path err) {
            this.process = process;
            this.out = out;
            this.err = err;
        }

        static PackagedCommand start(Path dir, Path settings, Map<String, String> environment, String... args) throws Exception {
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-jar", "target/metasync.jar"));
            command.addAll(List.of(args));
            command.addAll(List.of("--config", settings.toString()));
            Path out = Files.createTempFile(dir, args[0] + "-", ".out");
            Path err = Files.createTempFile(dir, args[0] + "-", ".err");
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().putAll(environment);
            return new PackagedCommand(builder.start(), out, err);
        }

        /** Runs a command to its end (at most two minutes) and returns what it printed. */
        static Result run(Path dir, Path settings, Map<String, String> environment, String... args) throws Exception {
            try (PackagedCommand command = start(dir, settings, environment, args)) {
                assertThat(command.process.waitFor(120, TimeUnit.SECONDS)).as("metasync %s ends", String.join(" ", args)).isTrue();
                return new Result(command.process.exitValue(), Files.readString(command.out), Files.readString(command.err));
            }
        }

        boolean alive() {
            return process.isAlive();
        }

        String output() throws Exception {
            return Files.readString(out) + Files.readString(err);
        }

        /** SIGTERM, as an operator stops it. */
        void stop() throws Exception {
            process.destroy();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("stops within 60 s of SIGTERM").isTrue();
        }

        int exitCode() {
            return process.exitValue();
        }

        @Override
        public void close() throws Exception {
            if (process.isAlive()) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }
}
