package com.tradeul.metasync.it;

import com.tradeul.metasync.config.ConfigLoader;
import com.tradeul.metasync.config.MetasyncConfig;
import com.tradeul.metasync.devtools.local.LocalPostgres;
import com.tradeul.metasync.devtools.local.LocalRedis;
import com.tradeul.metasync.embedded.EmbeddedKafkaBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The real PostgreSQL, Kafka (KRaft) and Redis every integration test runs against: started once
 * per test JVM on free ports in a temporary directory, stopped when the JVM exits. Tests stay
 * apart by using their own table, topic prefix, slot, consumer group and key prefix ({@link #isolated}).
 */
public final class TestServices {

    private static TestServices instance;

    public final Path root;
    public final LocalPostgres postgres;
    public final LocalRedis redis;
    public final EmbeddedKafkaBroker kafka;
    private final AtomicInteger sequence = new AtomicInteger();

    private TestServices(Path root) {
        this.root = root;
        this.postgres = LocalPostgres.builder(root.resolve("postgres")).fastUnsafe(true).start();
        this.redis = LocalRedis.builder(root.resolve("redis")).start();
        this.kafka = new EmbeddedKafkaBroker(root.resolve("kafka"), 0).start();
        Runtime.getRuntime().addShutdownHook(new Thread(this::stopAll, "test-services-stop"));
    }

    public static synchronized TestServices get() {
        if (instance == null) {
            try {
                instance = new TestServices(Files.createTempDirectory("metasync-it-"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return instance;
    }

    /** A name no other test in this JVM uses, valid as table, slot, topic and key prefix: {@code <base>_<n>}. */
    public String uniqueName(String base) {
        return base + "_" + sequence.incrementAndGet();
    }

    /**
     * Settings for a pipeline that copies {@code public.<table>} with everything of its own: topic
     * prefix, slot, publication, consumer group and Redis key prefix {@code <table>:ticker:{symbol}}.
     */
    public MetasyncConfig isolated(String table, Map<String, String> extra) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("postgres.host", postgres.host());
        settings.put("postgres.port", Integer.toString(postgres.port()));
        settings.put("postgres.password", postgres.password());
        settings.put("postgres.tables", "public." + table);
        settings.put("postgres.slot", table);
        settings.put("postgres.publication", table);
        settings.put("kafka.bootstrap-servers", kafka.bootstrapServers());
        settings.put("kafka.topic-prefix", table);
        settings.put("apply.group-id", table);
        settings.put("redis.uri", redis.uri());
        settings.put("tables.public." + table + ".key-template", keyPrefix(table) + "{symbol}");
        settings.put("monitor.port", "0"); // many pipelines share this JVM: each gets a free port
        settings.put("data-dir", root.resolve("data").resolve(table).toString());
        settings.putAll(extra);
        return ConfigLoader.load(Optional.empty(), Map.of(), settings);
    }

    public static String keyPrefix(String table) {
        return table + ":ticker:";
    }

    private void stopAll() {
        for (AutoCloseable service : new AutoCloseable[] {kafka, redis, postgres}) {
            try {
                service.close();
            } catch (Exception e) {
                System.err.println("stopping test service: " + e);
            }
        }
        // The services' data (~80 MB a run) goes with them: nothing of a test run stays in /tmp.
        try (java.util.stream.Stream<Path> paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            System.err.println("removing " + root + ": " + e);
        }
    }
}
