package com.tradeul.metasync.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.tradeul.metasync.Pipeline;
import com.tradeul.metasync.config.MetasyncConfig;
import com.tradeul.metasync.devtools.demo.SampleTickers;
import com.tradeul.metasync.devtools.local.LocalPostgres;
import com.tradeul.metasync.embedded.EmbeddedKafkaBroker;
import com.tradeul.metasync.verify.KeyCounter;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Stopping metasync while Kafka, Redis or PostgreSQL is away. metasync waits out each outage
 * however long (capture's producer for Kafka, ChangeForwarder; apply for Redis, which never skips;
 * capture's restarts for PostgreSQL), so stopping must not wait for the one that is away: close
 * returns within {@link #CLOSE_BOUND}, under the 10 s {@code docker stop} gives before SIGKILL, and
 * the changes made meanwhile come with the next start. Each test stops a service of its own (a
 * broker, a Redis, a PostgreSQL), with the change made while it is away or just before.
 */
class StopDuringOutageIT {

    private static final int ROWS = 200;
    private static final int CHANGED = 50;
    private static final Duration WAIT = Duration.ofSeconds(90);
    /**
     * What close may take with a service away. With Kafka away it waits about 6 s on timeouts of
     * its own (the offset store's read once closing 2 s, its stop 1 s, capture's producer 3 s; it
     * took 70 s when it waited for Kafka); with Redis or PostgreSQL away, under 1 s; blackholed, a
     * few seconds (capture waits 3 s for an engine still starting). Well under this bound on a busy
     * machine too.
     */
    private static final Duration CLOSE_BOUND = Duration.ofSeconds(20);
    /** Long enough for capture to read the change and wait for Kafka's acknowledgement, or apply for Redis's (Debezium polls every 5 ms). */
    private static final Duration AWAY_BEFORE_CLOSE = Duration.ofSeconds(5);
    private static final String CHANGED_NAME = "during the outage";

    private final TestServices services = TestServices.get();

    @Test
    void a_pipeline_stopped_while_kafka_is_down_stops_and_the_next_start_brings_every_change() throws Exception {
        stopWithKafkaAway(true);
    }

    /**
     * Kafka stopped as soon as the snapshot is in Redis: Debezium's task may still be starting, its
     * read of the offsets waiting for Kafka (seen: the close took 75.5 s, until Debezium's start and
     * stop timeouts), or may stream already, as above; the close is bounded either way.
     */
    @Test
    void a_pipeline_stopped_while_kafka_is_down_as_capture_starts_streaming_stops_too() throws Exception {
        stopWithKafkaAway(false);
    }

    private void stopWithKafkaAway(boolean streaming) throws Exception {
        String table = loaded(services.postgres, "kafkaout");
        try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(Files.createTempDirectory(services.root, "outage-kafka-"), 0);
                RedisSession redis = new RedisSession(services.redis.uri())) {
            broker.start();
            // The first apply cannot leave its group with Kafka away: a short session lets the second take the partition soon.
            MetasyncConfig config = services.isolated(table, Map.of("kafka.bootstrap-servers", broker.bootstrapServers(),
                    "apply.session-timeout-ms", "6000"));
            Pipeline first = started(config, redis, table);
            try {
                if (streaming) {
                    streams(services.postgres, redis, table);
                }
                broker.stop();
                change(services.postgres, table);
                Thread.sleep(AWAY_BEFORE_CLOSE.toMillis());
            } finally {
                closeWithin(first, "Kafka");
            }
            broker.start();
            nextStartBringsTheChanges(config, redis, table);
        }
    }

    @Test
    void a_pipeline_stopped_while_redis_is_down_stops_and_the_next_start_brings_every_change() throws Exception {
        String table = loaded(services.postgres, "redisout");
        try (OwnRedis redis = OwnRedis.start(services)) {
            MetasyncConfig config = services.isolated(table, Map.of("redis.uri", redis.server.uri()));
            Pipeline first = started(config, redis.session, table);
            try {
                redis.server.stop();
                change(services.postgres, table);
                Thread.sleep(AWAY_BEFORE_CLOSE.toMillis());
            } finally {
                closeWithin(first, "Redis");
            }
            redis.server.start();
            nextStartBringsTheChanges(config, redis.session, table);
        }
    }

    @Test
    void a_pipeline_stopped_while_postgres_is_down_stops_and_the_next_start_brings_every_change() throws Exception {
        try (LocalPostgres postgres = LocalPostgres.builder(Files.createTempDirectory(services.root, "outage-pg-")).fastUnsafe(true).start();
                RedisSession redis = new RedisSession(services.redis.uri())) {
            String table = loaded(postgres, "pgout");
            MetasyncConfig config = services.isolated(table, Map.of("postgres.host", postgres.host(),
                    "postgres.port", Integer.toString(postgres.port()), "postgres.password", postgres.password()));
            Pipeline first = started(config, redis, table);
            try {
                change(postgres, table); // committed just before PostgreSQL stops: capture may not have read it yet
                postgres.stop();
                Thread.sleep(AWAY_BEFORE_CLOSE.toMillis());
            } finally {
                closeWithin(first, "PostgreSQL");
            }
            postgres.start();
            nextStartBringsTheChanges(config, redis, table);
        }
    }

    /** Redis blackholed: apply's connections stay open and carry nothing (a frozen network, not a refusal). */
    @Test
    void a_pipeline_stopped_while_redis_is_blackholed_stops_and_the_next_start_brings_every_change() throws Exception {
        String table = loaded(services.postgres, "redishole");
        try (OwnRedis redis = OwnRedis.start(services); TcpForwarder toRedis = new TcpForwarder(redis.server.port())) {
            MetasyncConfig config = services.isolated(table, Map.of("redis.uri", "redis://127.0.0.1:" + toRedis.port()));
            Pipeline first = started(config, redis.session, table);
            try {
                toRedis.freeze();
                change(services.postgres, table);
                Thread.sleep(AWAY_BEFORE_CLOSE.toMillis());
            } finally {
                closeWithin(first, "Redis blackholed");
            }
            toRedis.cut();
            nextStartBringsTheChanges(config, redis.session, table);
        }
    }

    /** PostgreSQL blackholed: capture's replication and query connections stay open and carry nothing. */
    @Test
    void a_pipeline_stopped_while_postgres_is_blackholed_stops_and_the_next_start_brings_every_change() throws Exception {
        try (LocalPostgres postgres = LocalPostgres.builder(Files.createTempDirectory(services.root, "hole-pg-")).fastUnsafe(true).start();
                TcpForwarder toPostgres = new TcpForwarder(postgres.port());
                RedisSession redis = new RedisSession(services.redis.uri())) {
            String table = loaded(postgres, "pghole");
            MetasyncConfig config = services.isolated(table, Map.of("postgres.host", "127.0.0.1",
                    "postgres.port", Integer.toString(toPostgres.port()), "postgres.password", postgres.password()));
            Pipeline first = started(config, redis, table);
            try {
                toPostgres.freeze();
                change(postgres, table);
                Thread.sleep(AWAY_BEFORE_CLOSE.toMillis());
            } finally {
                closeWithin(first, "PostgreSQL blackholed");
            }
            toPostgres.cut();
            nextStartBringsTheChanges(config, redis, table);
        }
    }

    private String loaded(LocalPostgres postgres, String name) throws Exception {
        String table = services.uniqueName(name);
        try (Connection c = postgres.connect()) {
            SampleTickers.load(c, table, ROWS);
        }
        return table;
    }

    private static Pipeline started(MetasyncConfig config, RedisSession redis, String table) {
        Pipeline pipeline = Pipeline.start(config, EnumSet.allOf(Pipeline.Component.class), Clock.systemUTC());
        await("the snapshot in Redis").atMost(WAIT).until(() -> KeyCounter.count(redis.sync(), TestServices.keyPrefix(table) + "*") == ROWS);
        return pipeline;
    }

    /** Waits until a change made now is in Redis: capture streams (Debezium polls), past its start. */
    private static void streams(LocalPostgres postgres, RedisSession redis, String table) throws Exception {
        String probe = SampleTickers.symbol(CHANGED); // not one of the rows the test changes
        try (Connection c = postgres.connect(); Statement s = c.createStatement()) {
            s.execute("UPDATE " + table + " SET name = 'streaming' WHERE symbol = '" + probe + "'");
        }
        await("capture streaming").atMost(WAIT).until(() -> String.valueOf(redis.sync().get(TestServices.keyPrefix(table) + probe)).contains("streaming"));
    }

    private static void closeWithin(Pipeline pipeline, String away) {
        long began = System.nanoTime();
        pipeline.close();
        long took = System.nanoTime() - began;
        System.out.printf("STOP DURING OUTAGE: the pipeline closed %.1f s after close was called, %s away%n", took / 1e9, away);
        assertThat(Duration.ofNanos(took)).as("close with " + away + " away").isLessThan(CLOSE_BOUND);
    }

    private static void change(LocalPostgres postgres, String table) throws Exception {
        String symbols = String.join(", ", IntStream.range(0, CHANGED).mapToObj(i -> "'" + SampleTickers.symbol(i) + "'").toList());
        try (Connection c = postgres.connect(); Statement s = c.createStatement()) {
            s.execute("UPDATE " + table + " SET name = '" + CHANGED_NAME + "' WHERE symbol IN (" + symbols + ")");
        }
    }

    private static void nextStartBringsTheChanges(MetasyncConfig config, RedisSession redis, String table) {
        try (Pipeline second = Pipeline.start(config, EnumSet.allOf(Pipeline.Component.class), Clock.systemUTC())) {
            await("the changes made while the service was away, in Redis").atMost(WAIT).ignoreExceptions()
                    .until(() -> keysHolding(redis, TestServices.keyPrefix(table), CHANGED_NAME) == CHANGED);
        }
    }

    /** Keys under {@code prefix} whose JSON contains {@code text}. */
    private static long keysHolding(RedisSession redis, String prefix, String text) {
        return redis.sync().keys(prefix + "*").stream().filter(key -> String.valueOf(redis.sync().get(key)).contains(text)).count();
    }
}
