package com.tradeul.metasync.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.tradeul.metasync.config.MetasyncConfig;
import com.tradeul.metasync.devtools.demo.SampleTickers;
import com.tradeul.metasync.verify.KeyCounter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

/**
 * What happens to a whole table with several partitions and several apply processes (3 partitions,
 * 2 {@code metasync run --only apply} and one {@code --only capture}, as in {@link ManyApplyProcessesIT}),
 * each on a Redis of its own: a rebuild decided by the owner of one partition, and a TRUNCATE
 * while another member lags. Both end with {@code verify} IN SYNC.
 */
class ManyApplyPartitionsIT {

    private static final int ROWS = 2_000;
    private static final int PARTITIONS = 3;
    /** Small, so that a Redis rolled back by a few seconds is past the retained tombstones: a rebuild. */
    private static final long DELETE_RETENTION_MS = 1_000;

    private final TestServices services = TestServices.get();

    /**
     * Redis restored from an RDB saved before one row changed, seconds later (past the topic's
     * delete.retention.ms): that row's partition finds Redis behind and rebuilds the table, deleting
     * the keys of every partition. The two partitions whose offsets Redis still held as their
     * owners expected must be replayed too (the rebuild forgets their offsets).
     */
    @Test
    void a_rebuild_decided_by_one_partition_replays_every_partition_of_the_table() throws Exception {
        String table = services.uniqueName("rebuildparts");
        try (OwnRedis redis = OwnRedis.start(services, "--appendonly", "no", "--save", "");
             Group group = Group.start(services, table, redis)) {
            redis.session.saveNow();
            Path snapshot = Files.copy(redis.server.dir().resolve("dump.rdb"), group.dir.resolve("older.rdb"));
            RdbFile older = RdbFile.read(services, snapshot, TestServices.keyPrefix(table) + SampleTickers.symbol(7));
            assertThat(older.value(TestServices.keyPrefix(table) + SampleTickers.symbol(7))).as("the older RDB").isNotNull()
                    .doesNotContain("after the save");
            try (Connection c = services.postgres.connect(); Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE " + table + " SET name = 'after the save' WHERE symbol = '" + SampleTickers.symbol(7) + "'");
            }
            String changed = TestServices.keyPrefix(table) + SampleTickers.symbol(7);
            await().atMost(Duration.ofSeconds(30)).until(() -> String.valueOf(redis.session.sync().get(changed)).contains("after the save"));
            Thread.sleep(2 * DELETE_RETENTION_MS); // the change is now older than the retained tombstones
            redis.server.stop();
            Files.copy(snapshot, redis.server.dir().resolve("dump.rdb"), StandardCopyOption.REPLACE_EXISTING);
            redis.server.start();
            long restarted = System.nanoTime();
            older.assertLoadedBy(redis.session);

            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> group.logs().contains("rebuilding the table"));
            String verified = group.awaitInSync(ROWS);
            System.out.printf("rebuild over %d partitions, 2 apply processes: in sync %.1f s after the rollback; %s%n",
                    PARTITIONS, seconds(restarted), verified);
            assertThat(redis.session.sync().get(changed)).contains("after the save");
        }
    }

    /**
     * A TRUNCATE followed at once by inserts, while updates keep coming and one member is frozen
     * (SIGSTOP, shorter than the session timeout, so it keeps its partitions and applies its backlog
     * late): its partitions' changes from before the TRUNCATE arrive after the other member applied
     * the TRUNCATE and the inserts after it, or the other way round. Fenced in every partition, the
     * table ends as PostgreSQL holds it.
     */
    @Test
    void a_truncate_with_a_lagging_member_ends_as_postgres_holds_the_table() throws Exception {
        String table = services.uniqueName("truncparts");
        try (OwnRedis redis = OwnRedis.start(services);
             Group group = Group.start(services, table, redis);
             LiveUpdates updates = LiveUpdates.start(services, table, ROWS, 300)) {
            Thread.sleep(1_000);
            group.b.signal("STOP");
            Thread.sleep(1_500); // b's partitions fall behind by the updates meanwhile
            int kept;
            try (Connection c = services.postgres.connect(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE " + table + "_kept AS SELECT * FROM " + table + " WHERE symbol <= '" + SampleTickers.symbol(ROWS / 2) + "'");
                s.execute("TRUNCATE " + table);
                kept = s.executeUpdate("INSERT INTO " + table + " SELECT * FROM " + table + "_kept"); // at once, in its own transaction
            }
            Thread.sleep(1_500); // the other member applies the TRUNCATE, the inserts and the updates after them
            group.b.signal("CONT");
            Thread.sleep(2_000);
            updates.close();
            String verified = group.awaitInSync(kept);
            assertThat(group.logs()).as("capture sent the TRUNCATE to every partition").contains("sent to its " + PARTITIONS + " partitions");
            System.out.printf("TRUNCATE + inserts under %,d live updates, apply-b frozen 3 s: %s%n", updates.count(), verified);
        }
    }

    /** The processes of one test: capture, apply-a and apply-b, over a topic of {@link #PARTITIONS} partitions. */
    private static final class Group implements AutoCloseable {
        final TestServices services;
        final String table;
        final Path dir;
        final OwnRedis redis;
        final List<MetasyncProcess> processes = new ArrayList<>();
        MetasyncProcess b;

        private Group(TestServices services, String table, Path dir, OwnRedis redis) {
            this.services = services;
            this.table = table;
            this.dir = dir;
            this.redis = redis;
        }

        /** Loads {@link #ROWS} rows, creates the topic (small delete.retention.ms), starts the processes, waits for the snapshot. */
        static Group start(TestServices services, String table, OwnRedis redis) throws Exception {
            try (Connection c = services.postgres.connect()) {
                SampleTickers.load(c, table, ROWS);
            }
            Group group = new Group(services, table, Files.createTempDirectory(services.root, "many-partitions-"), redis);
            try {
                group.createTopic();
                group.processes.add(MetasyncProcess.run(group.settings("capture"), Map.of(), group.dir.resolve("capture.log"),
                        List.of("--only", "capture")));
                group.processes.add(MetasyncProcess.run(group.settings("apply-a"), Map.of(), group.dir.resolve("apply-a.log"),
                        List.of("--only", "apply")));
                group.b = MetasyncProcess.run(group.settings("apply-b"), Map.of(), group.dir.resolve("apply-b.log"), List.of("--only", "apply"));
                group.processes.add(group.b);
                String prefix = TestServices.keyPrefix(table);
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                        .failFast(() -> assertThat(group.processes).allMatch(MetasyncProcess::alive))
                        .until(() -> KeyCounter.count(redis.session.sync(), prefix + "*") == ROWS);
                Thread.sleep(1_000); // the last batches' offsets, and both members assigned
                return group;
            } catch (Exception | AssertionError e) {
                group.close();
                throw e;
            }
        }

        private void createTopic() throws Exception {
            String topic = settings("capture").tablesByTopic().keySet().iterator().next();
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", services.kafka.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic(topic, Optional.of(PARTITIONS), Optional.empty()).configs(Map.of(
                        TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                        TopicConfig.DELETE_RETENTION_MS_CONFIG, Long.toString(DELETE_RETENTION_MS))))).all().get();
            }
        }

        MetasyncConfig settings(String name) {
            return services.isolated(table, Map.of(
                    "kafka.partitions", Integer.toString(PARTITIONS),
                    "apply.session-timeout-ms", "6000",
                    "redis.uri", redis.server.uri(),
                    "verify.interval-seconds", "0", // nothing but apply writes rows: a wrong write would stay
                    "data-dir", dir.resolve(name).toString()));
        }

        /** @return verify's line once it says IN SYNC with {@code rows} rows; fails with verify's last output */
        String awaitInSync(int rows) {
            String expected = String.format("%,d rows, %,d keys: %,d in sync, 0 missing, 0 extra, 0 wrong -> IN SYNC", rows, rows, rows);
            String[] last = {""};
            try {
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2)).until(() -> {
                    CliRunner.Outcome verify = CliRunner.run("verify", settings("verify"));
                    if (verify.out().contains("->")) { // a whole report, not one the timeout interrupted
                        last[0] = verify.out() + verify.err();
                    }
                    return verify.out().contains(expected);
                });
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError("verify never said: " + expected + "\nits last whole report:\n" + last[0], e);
            }
            return last[0].strip();
        }

        String logs() throws Exception {
            StringBuilder all = new StringBuilder();
            for (MetasyncProcess process : processes) {
                all.append(process.output());
            }
            return all.toString();
        }

        @Override
        public void close() throws Exception {
            for (MetasyncProcess process : processes) {
                if (process.alive()) {
                    process.signal("CONT"); // a stopped process would not act on SIGTERM
                }
                process.close();
            }
            Path kept = Files.createDirectories(Path.of("target", "many-partitions-logs"));
            try (var logs = Files.list(dir)) {
                for (Path log : logs.filter(p -> p.toString().endsWith(".log")).toList()) {
                    Files.copy(log, kept.resolve(table + "-" + log.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static double seconds(long sinceNanos) {
        return (System.nanoTime() - sinceNanos) / 1e9;
    }
}
