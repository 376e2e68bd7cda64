package com.tradeul.metasync.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.tradeul.metasync.Pipeline;
import com.tradeul.metasync.config.MetasyncConfig;
import com.tradeul.metasync.devtools.demo.SampleTickers;
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
 * Stopping metasync while Kafka is away. capture's producer waits out an outage however long
 * (ChangeForwarder; FaultMatrixIT's "Kafka broker down" row with
 * {@code -Dfault-matrix.kafka-down-seconds=150} heals), so stopping must not wait for Kafka too:
 * close returns in bounded time, and the changes capture could not hand over come with the next
 * start. On a broker of the class's own, which it stops and starts again.
 */
class KafkaOutageIT {

    private static final int ROWS = 200;
    private static final int CHANGED = 50;
    private static final Duration WAIT = Duration.ofSeconds(90);
    /**
     * What close may take with Kafka away. It waits about 6 s on timeouts of its own (the offset
     * store's read once closing 2 s, its stop 1 s, capture's producer 3 s; it took 70 s when it
     * waited for Kafka), well under this bound on a busy machine too.
     */
    private static final Duration CLOSE_BOUND = Duration.ofSeconds(20);

    private final TestServices services = TestServices.get();

    @Test
    void a_pipeline_stopped_while_kafka_is_down_stops_and_the_next_start_brings_every_change() throws Exception {
        String table = services.uniqueName("kafkaout");
        try (Connection c = services.postgres.connect()) {
            SampleTickers.load(c, table, ROWS);
        }
        try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(Files.createTempDirectory(services.root, "outage-kafka-"), 0);
                RedisSession redis = new RedisSession(services.redis.uri())) {
            String prefix = TestServices.keyPrefix(table);
            broker.start();
            // The first apply cannot leave its group with Kafka away: a short session lets the second take the partition soon.
            MetasyncConfig config = services.isolated(table, Map.of("kafka.bootstrap-servers", broker.bootstrapServers(),
                    "apply.session-timeout-ms", "6000"));
            Pipeline first = Pipeline.start(config, EnumSet.allOf(Pipeline.Component.class), Clock.systemUTC());
            long closeTook;
            try {
                await().atMost(WAIT).until(() -> KeyCounter.count(redis.sync(), prefix + "*") == ROWS);
                broker.stop();
                try (Connection c = services.postgres.connect(); Statement s = c.createStatement()) {
                    s.execute("UPDATE " + table + " SET name = 'during the outage' WHERE symbol IN (" + changedSymbols() + ")");
                }
                // Long enough for capture to read the change and wait for Kafka's acknowledgement (Debezium polls every 5 ms);
                // were it not read yet, the close below is still one with Kafka away.
                Thread.sleep(5_000);
            } finally {
                long began = System.nanoTime();
                first.close();
                closeTook = System.nanoTime() - began;
            }
            System.out.printf("KAFKA OUTAGE: the pipeline closed %.1f s after close was called, Kafka away%n", closeTook / 1e9);
            assertThat(Duration.ofNanos(closeTook)).as("close with Kafka away").isLessThan(CLOSE_BOUND);

            broker.start();
            try (Pipeline second = Pipeline.start(config, EnumSet.allOf(Pipeline.Component.class), Clock.systemUTC())) {
                await("the changes made while Kafka was away, in Redis").atMost(WAIT)
                        .until(() -> keysHolding(redis, prefix, "during the outage") == CHANGED);
            }
        }
    }

    private static String changedSymbols() {
        return String.join(", ", IntStream.range(0, CHANGED).mapToObj(i -> "'" + SampleTickers.symbol(i) + "'").toList());
    }

    /** Keys under {@code prefix} whose JSON contains {@code text}. */
    private static long keysHolding(RedisSession redis, String prefix, String text) {
        return redis.sync().keys(prefix + "*").stream().filter(key -> String.valueOf(redis.sync().get(key)).contains(text)).count();
    }
}
