package com.tradeul.metasync.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.tradeul.metasync.Pipeline;
import com.tradeul.metasync.apply.BatchPlan;
import com.tradeul.metasync.apply.FenceKeys;
import com.tradeul.metasync.apply.LettuceRedisWriter;
import com.tradeul.metasync.apply.RedisWrite;
import com.tradeul.metasync.apply.RedisWriter;
import com.tradeul.metasync.config.MetasyncConfig;
import com.tradeul.metasync.devtools.demo.SampleTickers;
import com.tradeul.metasync.devtools.local.LocalRedis;
import com.tradeul.metasync.replay.RedisOffsets;
import com.tradeul.metasync.verify.KeyCounter;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Redis loses data and metasync heals it by itself, under ~500 changes/s of live traffic; each case
 * ends with `metasync verify` reporting 0 missing, 0 extra, 0 wrong. Each test has a Redis of its
 * own (restarted, flushed, rolled back) so the shared one stays untouched.
 */
class SelfHealingIT {

    private static final int ROWS = 12_140;
    private static final Duration HEAL = Duration.ofSeconds(120);

    private final TestServices services = TestServices.get();
    private OwnRedis own;
    private LocalRedis redis;
    private RedisSession session;

    private void startRedis(String... args) {
        own = OwnRedis.start(services, args);
        redis = own.server;
        session = own.session;
    }

    @AfterEach
    void stopRedis() {
        if (own != null) {
            own.close();
        }
    }

    private RedisCommands<String, String> redis() {
        return session.sync();
    }

    private long keys(String table) {
        try {
            return KeyCounter.count(redis(), TestServices.keyPrefix(table) + "*");
        } catch (RuntimeException e) {
            return -1; // Redis restarting
        }
    }

    private MetasyncConfig loaded(String table, int rows, Map<String, String> extra) throws Exception {
        try (Connection c = services.postgres.connect()) {
            SampleTickers.load(c, table, rows);
        }
        Map<String, String> settings = new java.util.HashMap<>(extra);
        settings.put("redis.uri", redis.uri());
        return services.isolated(table, settings);
    }

    private Pipeline synced(MetasyncConfig config, String table, int rows) {
        Pipeline pipeline = Pipeline.start(config, EnumSet.allOf(Pipeline.Component.class), Clock.systemUTC());
        await().atMost(HEAL).until(() -> keys(table) == rows);
        return pipeline;
    }

    private static void assertVerifyClean(MetasyncConfig config) {
        CliRunner.Outcome outcome = CliRunner.run("verify", config, "--settle-seconds", "20");
        assertThat(outcome.out()).as(outcome.out() + outcome.err()).contains("0 missing, 0 extra, 0 wrong -> IN SYNC");
        assertThat(outcome.exitCode()).isZero();
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    @Test
    void flushall_while_streaming_refills_every_key_without_human_action() throws Exception {
        startRedis();
        String table = services.uniqueName("flushall");
        MetasyncConfig config = loaded(table, ROWS, Map.of());
        try (Pipeline pipeline = synced(config, table, ROWS)) {
          try (LiveUpdates live = LiveUpdates.start(services, table, ROWS, 500)) {
            await().atMost(HEAL).until(() -> live.count() > 500); // live traffic is flowing before the fault
            redis().flushall();
            long started = System.nanoTime();
            await().atMost(HEAL).pollInterval(Duration.ofMillis(100)).until(() -> keys(table) == ROWS);
            System.out.printf("HEAL flushall: %d keys back in %.1f s under %d live updates%n", ROWS, seconds(started), live.count());
            assertThat(pipeline.applyStats().replays()).isGreaterThanOrEqualTo(1);
            assertThat(pipeline.applyStats().lastReplayReason()).contains("replaying the whole partition");
          }
          assertVerifyClean(config);
        }
    }

    @Test
    void redis_restarted_without_persistence_is_refilled() throws Exception {
        startRedis("--appendonly", "no", "--save", "");
        String table = services.uniqueName("restart_nopersist");
        MetasyncConfig config = loaded(table, ROWS, Map.of());
        try (Pipeline pipeline = synced(config, table, ROWS)) {
          try (LiveUpdates live = LiveUpdates.start(services, table, ROWS, 500)) {
            await().atMost(HEAL).until(() -> live.count() > 500); // live traffic is flowing before the fault
            redis.restart(); // nothing saved: comes back empty
            long started = System.nanoTime();
            await().atMost(HEAL).pollInterval(Duration.ofMillis(100)).until(() -> keys(table) == ROWS);
            System.out.printf("HEAL restart without persistence: %d keys back in %.1f s%n", ROWS, seconds(started));
          }
          assertVerifyClean(config);
        }
    }

    @Test
    void redis_restored_from_an_older_snapshot_catches_up_and_drops_rows_deleted_since() throws Exception {
        startRedis("--appendonly", "no", "--save", "");
        String table = services.uniqueName("rollback");
        int rows = 3_000;
        MetasyncConfig config = loaded(table, rows, Map.of());
        try (Pipeline pipeline = synced(config, table, rows)) {
          try (LiveUpdates live = LiveUpdates.start(services, table, rows, 500)) {
            session.saveNow();
            Path snapshot = Files.copy(redis.dir().resolve("dump.rdb"), redis.dir().resolveSibling(redis.dir().getFileName() + ".old.rdb"),
                    StandardCopyOption.REPLACE_EXISTING);
            RdbFile older = RdbFile.read(services, snapshot, TestServices.keyPrefix(table) + "T00100");
            assertThat(older.value(TestServices.keyPrefix(table) + "T00100")).as("the snapshot has the row deleted next").isNotNull();
            try (Connection c = services.postgres.connect(); Statement s = c.createStatement()) {
                s.execute("DELETE FROM " + table + " WHERE symbol IN ('T00100', 'T00200', 'T00300')");
                s.execute("INSERT INTO " + table + " (symbol, name, price) VALUES ('NEW1', 'after the snapshot', 1.00)");
            }
            await().atMost(HEAL).until(() -> redis().get(TestServices.keyPrefix(table) + "NEW1") != null
                    && redis().get(TestServices.keyPrefix(table) + "T00100") == null);
            redis.stop();
            Files.copy(snapshot, redis.dir().resolve("dump.rdb"), StandardCopyOption.REPLACE_EXISTING);
            redis.start(); // the older snapshot: deleted rows back, the new row gone, older offsets
            long started = System.nanoTime();
            older.assertLoadedBy(own.session);
            await().atMost(HEAL).pollInterval(Duration.ofMillis(100)).until(() ->
                    redis().get(TestServices.keyPrefix(table) + "NEW1") != null
                            && redis().get(TestServices.keyPrefix(table) + "T00100") == null
                            && redis().get(TestServices.keyPrefix(table) + "T00300") == null);
            System.out.printf("HEAL rollback to older RDB: caught up in %.1f s%n", seconds(started));
            assertThat(pipeline.applyStats().lastReplayReason()).contains("older snapshot");
          }
          assertVerifyClean(config);
        }
    }

    @Test
    void apply_killed_with_sigkill_mid_batch_restarts_with_nothing_missing_stale_or_extra() throws Exception {
        startRedis();
        String table = services.uniqueName("kill9");
        MetasyncConfig config = loaded(table, ROWS, Map.of("apply.session-timeout-ms", "6000", "apply.batch-size", "200"));
        assertThat(new File("target/metasync.jar")).exists();
        try (Pipeline capture = Pipeline.start(config, EnumSet.of(Pipeline.Component.CAPTURE), Clock.systemUTC());
             LiveUpdates live = LiveUpdates.start(services, table, ROWS, 500)) {
            Process apply = startApplyProcess(config);
            await().atMost(HEAL).until(() -> keys(table) > ROWS / 2);
            apply.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // SIGKILL while it is still loading and streaming
            long keysAtKill = keys(table);
            Process again = startApplyProcess(config);
            try {
                long started = System.nanoTime();
                await().atMost(HEAL).until(() -> keys(table) == ROWS);
                System.out.printf("HEAL kill -9 of apply at %d keys: all %d back %.1f s after restart%n", keysAtKill, ROWS, seconds(started));
                live.close();
                assertVerifyClean(config);
            } finally {
                again.destroy();
                again.waitFor(60, TimeUnit.SECONDS);
            }
        }
    }

    private Process startApplyProcess(MetasyncConfig config) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", "target/metasync.jar", "run", "--only", "apply"));
        config.raw().forEach((k, v) -> command.addAll(List.of("--set", k + "=" + v)));
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(Files.createTempFile(services.root, "apply-", ".log").toFile()).start();
    }

    @Test
    void a_zombie_writer_with_old_changes_cannot_move_a_key_backwards() throws Exception {
        startRedis();
        String table = services.uniqueName("zombie");
        MetasyncConfig config = loaded(table, 100, Map.of());
        String key = TestServices.keyPrefix(table) + "T00005";
        try (Pipeline pipeline = synced(config, table, 100)) {
            try (Connection c = services.postgres.connect(); Statement s = c.createStatement()) {
                s.execute("UPDATE " + table + " SET name = 'newest' WHERE symbol = 'T00005'");
            }
            await().atMost(HEAL).until(() -> redis().get(key).contains("newest"));
            // A zombie: a second apply instance that still holds an old batch (position 1, long before the update).
            try (LettuceRedisWriter zombie = new LettuceRedisWriter(session.client, RedisOffsets.key("zombie-group"),
                    com.tradeul.metasync.apply.UnconvertibleMarks.key("zombie-group"))) {
                RedisWriter.Result result = zombie.write(List.of(
                        new RedisWrite.Upsert(key, "{\"symbol\":\"T00005\",\"name\":\"stale\"}".getBytes(StandardCharsets.UTF_8), 1L),
                        new RedisWrite.Delete(key, 2L)), Map.of());
                assertThat(result.fenced()).isEqualTo(2);
                assertThat(result.poison()).isEmpty();
                // One script call fences each row of a batch on its own, in order: a key written
                // twice in one batch keeps the newer change (keys outside the table: verify ignores them).
                String other = "zombie-test:" + table;
                RedisWriter.Result mixed = zombie.write(List.of(
                        new RedisWrite.Upsert(other, "{\"v\":\"newer\"}".getBytes(StandardCharsets.UTF_8), 10L),
                        new RedisWrite.Upsert(key, "{\"symbol\":\"T00005\",\"name\":\"stale\"}".getBytes(StandardCharsets.UTF_8), 1L),
                        new RedisWrite.Upsert(other, "{\"v\":\"older\"}".getBytes(StandardCharsets.UTF_8), 5L),
                        new RedisWrite.Delete(other + ":never-written", RedisWrite.UNFENCED)), Map.of());
                assertThat(mixed.fenced()).isEqualTo(2);
                assertThat(redis().get(other)).isEqualTo("{\"v\":\"newer\"}");
                assertThat(redis().get(FenceKeys.of(other))).isEqualTo("10");
                // A fence written before positions lost their padding (20 digits) fences by number still.
                redis().set(FenceKeys.of(other), "00000000000000000100");
                RedisWriter.Result olderThanPadded = zombie.write(List.of(
                        new RedisWrite.Upsert(other, "{\"v\":\"99\"}".getBytes(StandardCharsets.UTF_8), 99L)), Map.of());
                assertThat(olderThanPadded.fenced()).isEqualTo(1);
                RedisWriter.Result newerThanPadded = zombie.write(List.of(
                        new RedisWrite.Upsert(other, "{\"v\":\"101\"}".getBytes(StandardCharsets.UTF_8), 101L)), Map.of());
                assertThat(newerThanPadded.fenced()).isZero();
                assertThat(redis().get(other)).isEqualTo("{\"v\":\"101\"}");
                assertThat(redis().get(FenceKeys.of(other))).isEqualTo("101");
                redis().del(other, FenceKeys.of(other));
            }
            assertThat(redis().get(key)).contains("newest");
            // The pipeline fences a duplicate the same way: capture re-sending an old change after a restart.
            long fencedBefore = pipeline.applyStats().fenced();
            String topic = config.tablesByTopic().keySet().iterator().next();
            ConsumerRecord<byte[], byte[]> old = firstRecordOfKey(topic, "{\"symbol\":\"T00005\"}");
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", services.kafka.bootstrapServers()),
                    new ByteArraySerializer(), new ByteArraySerializer())) {
                producer.send(new ProducerRecord<>(topic, null, old.key(), old.value(), old.headers())).get();
            }
            await().atMost(HEAL).until(() -> pipeline.applyStats().fenced() > fencedBefore);
            assertThat(redis().get(key)).contains("newest");
            assertVerifyClean(config);
        }
    }

    private ConsumerRecord<byte[], byte[]> firstRecordOfKey(String topic, String key) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", services.kafka.bootstrapServers(),
                "auto.offset.reset", "earliest", "group.id", "find-" + topic), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            List<ConsumerRecord<byte[], byte[]>> found = new ArrayList<>();
            await().atMost(HEAL).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (new String(r.key(), StandardCharsets.UTF_8).equals(key) && r.value() != null) {
                        found.add(r);
                    }
                });
                return !found.isEmpty();
            });
            return found.get(0);
        }
    }

    @Test
    void replay_command_while_run_is_running_ends_current_and_shows_progress() throws Exception {
        startRedis();
        String table = services.uniqueName("replaycmd");
        MetasyncConfig config = loaded(table, 5_000, Map.of());
        try (Pipeline pipeline = synced(config, table, 5_000)) {
          try (LiveUpdates live = LiveUpdates.start(services, table, 5_000, 500)) {
            CliRunner.Outcome dry = CliRunner.run("replay", config, "--from-beginning", "--table", "public." + table, "--clear", "--dry-run");
            assertThat(dry.out()).contains("clear keys matching " + TestServices.keyPrefix(table) + "*").contains("dry run: nothing changed");
            assertThat(keys(table)).isEqualTo(5_000);

            CliRunner.Outcome replay = CliRunner.run("replay", config, "--from-beginning", "--table", "public." + table);
            System.out.print(replay.out());
            assertThat(replay.exitCode()).as(replay.out() + replay.err()).isZero();
            assertThat(replay.out()).contains("replay done:");
            assertThat(replay.err()).as("progress goes to stderr").containsPattern("replay \\[#+\\] 100% ([0-9,]+)/\\1 records [0-9,]+ records/s");
          }
          assertVerifyClean(config);
        }
    }
}
