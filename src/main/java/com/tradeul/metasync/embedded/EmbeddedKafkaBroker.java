package com.tradeul.metasync.embedded;

import com.tradeul.metasync.clients.KafkaClients;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Kafka broker and KRaft controller in this JVM, with its log under a given directory.
 * The directory is formatted once, so topics and offsets survive {@link #stop()}/{@link #start()} and
 * new instances on the same directory. Methods are synchronized, so it is thread-safe.
 *
 * <p>The broker shares the JVM: a fatal broker error (e.g. a full disk) can halt the whole process.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    private static final String HOST = "127.0.0.1";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Path dir;
    private final int port;
    private final int controllerPort;
    private KafkaRaftServer server;
    private boolean closed;

    /**
     * @param dir           directory for the log, cluster id and generated server.properties
     * @param preferredPort client port on 127.0.0.1; 0 picks a free one
     */
    public EmbeddedKafkaBroker(Path dir, int preferredPort) {
        this.dir = dir.toAbsolutePath();
        this.port = FreePorts.pickOrCheck(preferredPort);
        this.controllerPort = FreePorts.pick();
    }

    /** Formats the log directory if it is new, starts the broker and waits until it serves clients. */
    public synchronized EmbeddedKafkaBroker start() {
        if (closed) {
            throw new IllegalStateException("EmbeddedKafkaBroker in " + dir + " is closed; create a new one.");
        }
        if (server != null) {
            return this;
        }
        long began = System.nanoTime();
        Properties props = properties();
        formatIfNew(props);
        KafkaRaftServer starting = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        try {
            starting.startup();
            awaitCluster();
        } catch (RuntimeException e) {
            shutDown(starting);
            throw new IllegalStateException("Kafka broker in " + dir + " did not start on port " + port + ": "
                    + e.getMessage() + ". Fix: check the broker log lines above; delete " + dir
                    + " if its data may be from another Kafka version.", e);
        }
        server = starting;
        LOG.info("Kafka broker started on {} in {} ms (dir {})", bootstrapServers(),
                (System.nanoTime() - began) / 1_000_000, dir);
        return this;
    }

    /** Shuts the broker down cleanly and waits for it; the data stays. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        shutDown(server);
        server = null;
        LOG.info("Kafka broker on port {} stopped", port);
    }

    /** Stops and starts again on the same ports and directory. */
    public synchronized void restart() {
        stop();
        start();
    }

    @Override
    public synchronized void close() {
        stop();
        closed = true;
    }

    public String bootstrapServers() {
        return HOST + ":" + port;
    }

    public int port() {
        return port;
    }

    public Path dir() {
        return dir;
    }

    /**
     * Static voters rather than {@code controller.quorum.bootstrap.servers}: with static voters the
     * controller endpoint is not written into the log, so a kept directory can restart on new ports.
     */
    private Properties properties() {
        Properties p = new Properties();
        p.putAll(Map.of(
                "process.roles", "broker,controller",
                "node.id", "1",
                "controller.quorum.voters", "1@" + HOST + ":" + controllerPort,
                "listeners", "PLAINTEXT://" + HOST + ":" + port + ",CONTROLLER://" + HOST + ":" + controllerPort,
                "advertised.listeners", "PLAINTEXT://" + HOST + ":" + port,
                "controller.listener.names", "CONTROLLER",
                "listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "inter.broker.listener.name", "PLAINTEXT",
                "log.dirs", logDir().toString()));
        p.putAll(Map.of(
                "offsets.topic.replication.factor", "1",
                "transaction.state.log.replication.factor", "1",
                "transaction.state.log.min.isr", "1",
                "share.coordinator.state.topic.replication.factor", "1",
                "share.coordinator.state.topic.min.isr", "1",
                "group.initial.rebalance.delay.ms", "0",
                "num.partitions", "1",
                "auto.create.topics.enable", "false",
                "log.cleaner.enable", "true"));
        return p;
    }

    private void formatIfNew(Properties props) {
        if (Files.exists(logDir().resolve("meta.properties"))) {
            return;
        }
        Path configFile = dir.resolve("server.properties");
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int exit;
        try {
            Files.createDirectories(dir);
            try (OutputStream out = Files.newOutputStream(configFile)) {
                props.store(out, "Generated by metasync for formatting; rewritten when the directory is new");
            }
            String[] args = {"format", "--config", configFile.toString(), "--cluster-id", clusterId()};
            exit = StorageTool.execute(args, new PrintStream(output, true, StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("Could not format Kafka log directory " + logDir() + ": " + e.getMessage()
                    + ". Fix: make " + dir + " writable, or delete it to start empty.", e);
        }
        if (exit != 0) {
            throw new IllegalStateException("Formatting Kafka log directory " + logDir() + " failed (" + exit + "): "
                    + output.toString(StandardCharsets.UTF_8).strip() + ". Fix: delete " + dir + " to start empty.");
        }
        LOG.info("Formatted Kafka log directory {}", logDir());
    }

    /** Kept in the directory so that a re-format after a lost log still uses the same cluster id. */
    private String clusterId() throws IOException {
        Path file = dir.resolve("cluster.id");
        if (Files.exists(file)) {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        }
        String id = Uuid.randomUuid().toString();
        Files.writeString(file, id + "\n", StandardCharsets.UTF_8);
        return id;
    }

    private void awaitCluster() {
        try (Admin admin = KafkaClients.embedded(bootstrapServers()).admin("metasync-embedded-broker", START_TIMEOUT)) {
            admin.describeCluster().nodes().get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("no answer to describeCluster within " + START_TIMEOUT.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the broker", e);
        }
    }

    private Path logDir() {
        return dir.resolve("logs");
    }

    private static void shutDown(KafkaRaftServer raftServer) {
        raftServer.shutdown();
        raftServer.awaitShutdown();
    }
}
