package com.tradeul.metasync.devtools.demo;

import com.tradeul.metasync.Pipeline;
import com.tradeul.metasync.cli.ExitCodes;
import com.tradeul.metasync.cli.ProgressReporter;
import com.tradeul.metasync.clients.RedisClients;
import com.tradeul.metasync.config.ConfigLoader;
import com.tradeul.metasync.config.MetasyncConfig;
import com.tradeul.metasync.devtools.local.LocalPostgres;
import com.tradeul.metasync.devtools.local.LocalRedis;
import com.tradeul.metasync.verify.KeyCounter;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Shows metasync working on one machine with nothing configured: starts a PostgreSQL (wal_level=logical)",
            "and a Redis of its own in a temporary directory, loads a sample ticker_metadata table (12,140 rows, 51 of",
            "them with the awkward values that broke the old copy job), runs the sync with an embedded Kafka broker,",
            "prints PostgreSQL's row count against Redis's key count, then keeps streaming until Ctrl-C.",
            "Needs the Debian packages postgresql and redis-server (./dev install installs them)."})
public final class DemoCommand implements Callable<Integer> {

    private static final String TABLE = "public.ticker_metadata";
    private static final String KEY_PATTERN = "metadata:ticker:*";

    @Spec
    CommandSpec spec;

    @Option(names = "--rows", defaultValue = "12140", description = "Sample rows to load (default ${DEFAULT-VALUE}).")
    int rows;

    @Option(names = "--exit-when-synced", description = "Stop once Redis holds every row, instead of streaming until Ctrl-C.")
    boolean exitWhenSynced;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path dir = Files.createTempDirectory("metasync-demo-");
        out.printf("metasync demo: working directory %s%n", dir);
        try (LocalPostgres postgres = LocalPostgres.builder(dir.resolve("postgres")).start();
             LocalRedis redis = LocalRedis.builder(dir.resolve("redis")).start()) {
            out.printf("started PostgreSQL on 127.0.0.1:%d (wal_level=logical) and Redis on 127.0.0.1:%d%n", postgres.port(), redis.port());
            try (Connection connection = postgres.connect()) {
                SampleTickers.load(connection, TABLE, rows);
            }
            out.printf("loaded %,d sample rows into %s%n", rows, TABLE);
            out.flush();
            MetasyncConfig config = ConfigLoader.load(Optional.empty(), Map.of(), Map.of(
                    "postgres.host", postgres.host(),
                    "postgres.port", Integer.toString(postgres.port()),
                    "postgres.password", postgres.password(),
                    "redis.uri", redis.uri(),
                    "data-dir", dir.resolve("metasync").toString()));
            return syncAndStream(out, config, postgres, redis);
        } finally {
            deleteQuietly(dir);
        }
    }

    /** The demo leaves nothing behind: its databases and broker log live only for the demo. */
    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException | RuntimeException e) {
            // best effort: it is a temporary directory
        }
    }

    private int syncAndStream(PrintWriter out, MetasyncConfig config, LocalPostgres postgres, LocalRedis redis) throws Exception {
        long started = System.nanoTime();
        RedisClient client = new RedisClients(config.redis()).create();
        try (Pipeline pipeline = Pipeline.start(config, EnumSet.allOf(Pipeline.Component.class), Clock.systemUTC());
             StatefulRedisConnection<String, String> connection = client.connect()) {
            long pgRows = countRows(postgres);
            long keys = 0;
            while (keys < pgRows && pipeline.firstStop().getNow(null) == null) {
                Thread.sleep(500);
                keys = KeyCounter.count(connection.sync(), KEY_PATTERN);
                out.printf("syncing: %,d/%,d keys in Redis | %s%n", keys, pgRows,
                        ProgressReporter.describe(pipeline.captured(), pipeline.applyStats()));
                out.flush();
            }
            out.printf("PostgreSQL rows: %d, Redis keys: %d -> %d/%d in sync after %.1f s%n",
                    pgRows, keys, keys, pgRows, (System.nanoTime() - started) / 1e9);
            out.printf("sample value: GET metadata:ticker:T00000 -> %s%n", connection.sync().get("metadata:ticker:T00000"));
            out.flush();
            showOneLiveChange(out, postgres, connection.sync());
            if (exitWhenSynced) {
                return keys == pgRows ? ExitCodes.OK : ExitCodes.FAILED;
            }
            out.printf("streaming changes until Ctrl-C. Try: psql -h 127.0.0.1 -p %d -U postgres -c "
                    + "\"UPDATE ticker_metadata SET price = 1.23 WHERE symbol = 'T00001'\" (password %s), "
                    + "then redis-cli -p %d GET metadata:ticker:T00001%n", postgres.port(), postgres.password(), redis.port());
            out.flush();
            awaitCtrlC(pipeline);
            return ExitCodes.OK;
        } finally {
            client.shutdown();
        }
    }

    /** Changes one row in PostgreSQL and times how long it takes to show up in Redis. */
    private static void showOneLiveChange(PrintWriter out, LocalPostgres postgres,
                                          io.lettuce.core.api.sync.RedisCommands<String, String> redis) throws Exception {
        String newPrice = "1234.56";
        long started = System.nanoTime();
        try (Connection connection = postgres.connect(); Statement statement = connection.createStatement()) {
            statement.execute("UPDATE " + TABLE + " SET price = " + newPrice + " WHERE symbol = 'T00001'");
        }
        long deadline = started + 30_000_000_000L;
        String value = redis.get("metadata:ticker:T00001");
        while ((value == null || !value.contains("\"price\":" + newPrice)) && System.nanoTime() < deadline) {
            Thread.sleep(5);
            value = redis.get("metadata:ticker:T00001");
        }
        out.printf("live change: UPDATE ticker_metadata SET price = %s WHERE symbol = 'T00001' -> in Redis after %d ms: %s%n",
                newPrice, (System.nanoTime() - started) / 1_000_000, value);
        out.flush();
    }

    private static void awaitCtrlC(Pipeline pipeline) throws InterruptedException {
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            pipeline.close();
            stop.countDown();
        }));
        pipeline.firstStop().whenComplete((ok, error) -> stop.countDown());
        stop.await();
    }

    private static long countRows(LocalPostgres postgres) throws Exception {
        try (Connection connection = postgres.connect();
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT count(*) FROM " + TABLE)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
