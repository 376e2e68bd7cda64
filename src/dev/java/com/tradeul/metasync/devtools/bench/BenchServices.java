package com.tradeul.metasync.devtools.bench;

import com.tradeul.metasync.devtools.local.LocalPostgres;
import com.tradeul.metasync.devtools.local.LocalRedis;
import com.tradeul.metasync.embedded.EmbeddedKafkaBroker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The real services of a bench run, as the demo and the tests start them: PostgreSQL (the load
 * source, so with fsync off), Redis (AOF on, as metasync wants it) and the embedded Kafka broker,
 * on free ports in a temporary directory that {@link #close} removes. Not thread safe.
 */
final class BenchServices implements AutoCloseable {

    final Path root;
    final LocalPostgres postgres;
    final LocalRedis redis;
    final EmbeddedKafkaBroker kafka;

    private BenchServices(Path root, LocalPostgres postgres, LocalRedis redis, EmbeddedKafkaBroker kafka) {
        this.root = root;
        this.postgres = postgres;
        this.redis = redis;
        this.kafka = kafka;
    }

    static BenchServices start() throws IOException {
        Path root = Files.createTempDirectory("metasync-bench-");
        LocalPostgres postgres = null;
        LocalRedis redis = null;
        try {
            postgres = LocalPostgres.builder(root.resolve("postgres")).fastUnsafe(true).start();
            redis = LocalRedis.builder(root.resolve("redis")).start();
            EmbeddedKafkaBroker kafka = new EmbeddedKafkaBroker(root.resolve("kafka"), 0).start();
            return new BenchServices(root, postgres, redis, kafka);
        } catch (RuntimeException e) {
            closeQuietly(redis);
            closeQuietly(postgres);
            deleteTree(root);
            throw e;
        }
    }

    void execute(String sql) throws SQLException {
        try (Connection c = postgres.connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    String postgresVersion() throws SQLException {
        try (Connection c = postgres.connect(); Statement s = c.createStatement(); var rs = s.executeQuery("SHOW server_version")) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Override
    public void close() {
        closeQuietly(kafka);
        closeQuietly(redis);
        closeQuietly(postgres);
        deleteTree(root);
    }

    private static void closeQuietly(AutoCloseable service) {
        if (service == null) {
            return;
        }
        try {
            service.close();
        } catch (Exception e) {
            System.err.println("metasync bench: could not stop " + service.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException e) {
            // best effort: a temporary directory
        }
    }
}
