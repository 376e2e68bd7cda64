package com.tradeul.metasync.it;

import static org.awaitility.Awaitility.await;

import com.tradeul.metasync.devtools.local.Certificates;
import com.tradeul.metasync.embedded.FreePorts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Uuid;

/**
 * A real single-node Kafka (KRaft) secured as a managed cluster is: its only client listener is
 * SASL_SSL (SCRAM-SHA-512 and PLAIN) or TLS with client certificates required, with certificates
 * from {@link Certificates}; the StandardAuthorizer lets a user do only what an ACL grants
 * ({@link KafkaAcls}). The broker's own user is a super user: SCRAM {@code admin}, made when the
 * log directory is formatted ({@code --add-scram}), or the client certificate {@code kafka-admin}.
 *
 * <p>It runs as its own JVM ({@code kafka.Kafka}), so its logs and its JAAS configuration stay out of
 * what the tests collect of metasync's; it stops when its stdin closes, so it also goes when the test
 * JVM dies. The controller listener is plain text on loopback and its principal (ANONYMOUS) a super
 * user, as KRaft requires of the controller's principal; no client reaches metasync's data through it.
 * Start one per test class. Not thread safe.
 */
final class SecuredKafkaBroker implements AutoCloseable {

    enum Listener { SASL_SSL, MUTUAL_TLS }

    static final String ADMIN = "admin";
    private static final String HOST = "127.0.0.1";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final Path dir;
    private final Listener listener;
    private final Certificates ca;
    private final Certificates.Issued serverCertificate;
    private final Map<String, String> plainUsers;
    private final String adminPassword = KafkaCredentials.password("admin");
    private final int port = FreePorts.pick();
    private final int controllerPort = FreePorts.pick();
    private Certificates.Issued adminCertificate;
    private Process process;

    private SecuredKafkaBroker(Path dir, Listener listener, Certificates ca, Map<String, String> plainUsers) {
        this.dir = dir;
        this.listener = listener;
        this.ca = ca;
        // With client certificates required, the broker's own certificate must pass that check too.
        this.serverCertificate = listener == Listener.MUTUAL_TLS ? ca.peer("kafka-broker") : ca.server("kafka-broker");
        this.plainUsers = Map.copyOf(plainUsers);
    }

    /** SASL_SSL with SCRAM-SHA-512 and PLAIN; {@code plainUsers} (name to password) are PLAIN's users. */
    static SecuredKafkaBroker saslSsl(Path dir, Certificates ca, Map<String, String> plainUsers) {
        return new SecuredKafkaBroker(dir, Listener.SASL_SSL, ca, plainUsers).start();
    }

    /** TLS with {@code ssl.client.auth=required}: a client's certificate subject {@code CN=x} is user {@code x}. */
    static SecuredKafkaBroker mutualTls(Path dir, Certificates ca) {
        SecuredKafkaBroker broker = new SecuredKafkaBroker(dir, Listener.MUTUAL_TLS, ca, Map.of());
        broker.adminCertificate = ca.client("kafka-admin");
        return broker.start();
    }

    String bootstrapServers() {
        return HOST + ":" + port;
    }

    /** The broker's super user, for setting up users and ACLs as an operator would. */
    Admin admin() {
        return Admin.create(superUserProperties());
    }

    /**
     * A SCRAM-SHA-512 user made as an operator makes one ({@link KafkaAcls#createScramUser}), back
     * once the broker lets it log in: it learns credentials from the metadata log, a moment after.
     */
    void createScramUser(String user, String password) throws Exception {
        try (Admin admin = admin()) {
            KafkaAcls.createScramUser(admin, user, password);
        }
        Map<String, Object> asUser = new LinkedHashMap<>(superUserProperties());
        asUser.put("sasl.jaas.config", KafkaCredentials.scramJaas(user, password));
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
            try (Admin admin = Admin.create(asUser)) {
                return !admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty();
            }
        });
    }

    private Map<String, Object> superUserProperties() {
        Map<String, Object> p = new LinkedHashMap<>(Map.of("bootstrap.servers", bootstrapServers(),
                "ssl.truststore.type", "PEM", "ssl.truststore.location", ca.caCertificate().toString(),
                "default.api.timeout.ms", 15_000, "request.timeout.ms", 10_000));
        if (listener == Listener.SASL_SSL) {
            p.putAll(Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512",
                    "sasl.jaas.config", KafkaCredentials.scramJaas(ADMIN, adminPassword)));
        } else {
            p.putAll(Map.of("security.protocol", "SSL", "ssl.keystore.type", "PKCS12",
                    "ssl.keystore.location", adminCertificate.pkcs12().toString(), "ssl.keystore.password", adminCertificate.pkcs12Password()));
        }
        return p;
    }

    private SecuredKafkaBroker start() {
        try {
            Files.createDirectories(dir);
            Path config = dir.resolve("server.properties");
            try (OutputStream out = Files.newOutputStream(config)) {
                properties().store(out, "secured test broker");
            }
            format(config);
            Files.writeString(dir.resolve("logback.xml"), LOGBACK.replace("FILE", dir.resolve("broker.log").toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(this::close, "secured-kafka-stop"));
        launch();
        return this;
    }

    /** The broker's JVM on the configuration and log directory made at start; back once it answers. */
    private void launch() {
        try {
            process = new ProcessBuilder(command(dir.resolve("server.properties"))).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("broker.out").toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        awaitReady();
    }

    /** SIGKILL: the broker gets no chance to flush, close its logs or leave the quorum. */
    synchronized void kill() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the broker did not die within 30 s of SIGKILL");
            }
        }
    }

    /**
     * Starts the broker again after {@link #kill} or {@link #close}: same port, same log directory
     * (not formatted again), so clients that knew it find it where it was, with what it had.
     */
    synchronized void restart() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("the broker is still running");
        }
        launch();
    }

    private List<String> command(Path config) {
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-Dlogback.configurationFile=" + dir.resolve("logback.xml"), "-cp", System.getProperty("java.class.path"),
                SecuredKafkaBrokerMain.class.getName(), config.toString());
    }

    private Properties properties() {
        Properties p = new Properties();
        String name = listener == Listener.SASL_SSL ? "SASL_SSL" : "SSL";
        p.putAll(Map.of("process.roles", "broker,controller", "node.id", "1",
                "controller.quorum.voters", "1@" + HOST + ":" + controllerPort,
                "listeners", name + "://" + HOST + ":" + port + ",CONTROLLER://" + HOST + ":" + controllerPort,
                "advertised.listeners", name + "://" + HOST + ":" + port,
                "listener.security.protocol.map", name + ":" + name + ",CONTROLLER:PLAINTEXT",
                "controller.listener.names", "CONTROLLER", "inter.broker.listener.name", name,
                "log.dirs", dir.resolve("logs").toString()));
        p.putAll(Map.of("offsets.topic.replication.factor", "1", "transaction.state.log.replication.factor", "1",
                "transaction.state.log.min.isr", "1", "share.coordinator.state.topic.replication.factor", "1",
                "share.coordinator.state.topic.min.isr", "1", "group.initial.rebalance.delay.ms", "0",
                "auto.create.topics.enable", "false"));
        p.putAll(Map.of("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer",
                "allow.everyone.if.no.acl.found", "false",
                "ssl.keystore.type", "PKCS12", "ssl.keystore.location", serverCertificate.pkcs12().toString(),
                "ssl.keystore.password", serverCertificate.pkcs12Password(),
                "ssl.truststore.type", "PEM", "ssl.truststore.location", ca.caCertificate().toString()));
        p.putAll(listener == Listener.SASL_SSL ? saslProperties() : Map.of("ssl.client.auth", "required",
                "ssl.principal.mapping.rules", "RULE:^CN=([^,]+)$/$1/,DEFAULT", "super.users", "User:kafka-admin;User:ANONYMOUS"));
        return p;
    }

    /** The JAAS of each mechanism is the listener's own property, so the broker JVM needs no JAAS file. */
    private Map<String, String> saslProperties() {
        StringBuilder plain = new StringBuilder("org.apache.kafka.common.security.plain.PlainLoginModule required username=\"")
                .append(ADMIN).append("\" password=\"").append(adminPassword).append("\" user_").append(ADMIN).append("=\"")
                .append(adminPassword).append('"');
        plainUsers.forEach((user, password) -> plain.append(" user_").append(user).append("=\"").append(password).append('"'));
        return Map.of("sasl.enabled.mechanisms", "SCRAM-SHA-512,PLAIN", "sasl.mechanism.inter.broker.protocol", "SCRAM-SHA-512",
                "listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config", KafkaCredentials.scramJaas(ADMIN, adminPassword),
                "listener.name.sasl_ssl.plain.sasl.jaas.config", plain.append(';').toString(),
                "super.users", "User:" + ADMIN + ";User:ANONYMOUS");
    }

    /** As an operator formats a new KRaft node; the super user's SCRAM credential goes into the first metadata. */
    private void format(Path config) {
        List<String> args = new ArrayList<>(List.of("format", "--config", config.toString(), "--cluster-id", Uuid.randomUuid().toString()));
        if (listener == Listener.SASL_SSL) {
            args.addAll(List.of("--add-scram", "SCRAM-SHA-512=[name=" + ADMIN + ",password=" + adminPassword + "]"));
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int exit = StorageTool.execute(args.toArray(String[]::new), new PrintStream(output, true, StandardCharsets.UTF_8));
        if (exit != 0) {
            throw new IllegalStateException("formatting " + dir + " failed: " + output.toString(StandardCharsets.UTF_8));
        }
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the secured Kafka broker exited (" + process.exitValue() + "):\n" + logTail());
            }
            try (Admin admin = admin()) {
                admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                return;
            } catch (Exception e) {
                last = e;
            }
        }
        close();
        throw new IllegalStateException("the secured Kafka broker did not answer within " + START_TIMEOUT.toSeconds() + " s:\n"
                + logTail(), last);
    }

    /** What the broker logged and printed that says why it failed: the files go with the test root when the JVM exits. */
    private String logTail() {
        StringBuilder tail = new StringBuilder();
        for (String file : List.of("broker.log", "broker.out")) {
            try {
                List<String> lines = Files.readAllLines(dir.resolve(file), StandardCharsets.UTF_8);
                tail.append("--- ").append(file).append(", its errors then its end\n");
                lines.stream().filter(l -> l.contains("ERROR") || l.contains("Exception")).limit(20).forEach(l -> tail.append(l).append('\n'));
                lines.subList(Math.max(0, lines.size() - 10), lines.size()).forEach(l -> tail.append(l).append('\n'));
            } catch (IOException e) {
                tail.append("--- ").append(file).append(": ").append(e).append('\n');
            }
        }
        return tail.toString();
    }

    /** Closes the broker's stdin (it then shuts down cleanly) and waits for it; kills it if it hangs. */
    @Override
    public synchronized void close() {
        if (process == null || !process.isAlive()) {
            return;
        }
        try {
            process.getOutputStream().close();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private static final String LOGBACK = "<configuration><appender name=\"F\" class=\"ch.qos.logback.core.FileAppender\">"
            + "<file>FILE</file><encoder><pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %logger - %msg%n</pattern></encoder></appender>"
            + "<root level=\"INFO\"><appender-ref ref=\"F\"/></root></configuration>";
}
