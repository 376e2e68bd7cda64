package com.tradeul.metasync.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.tradeul.metasync.Pipeline;
import com.tradeul.metasync.cluster.SlotOffsetRecords;
import com.tradeul.metasync.cluster.SlotTags;
import com.tradeul.metasync.config.MetasyncConfig;
import com.tradeul.metasync.devtools.demo.SampleTickers;
import com.tradeul.metasync.devtools.local.LocalRedis;
import com.tradeul.metasync.monitor.HealthReport;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real Redis Cluster on loopback (three masters, one replica each), metasync given its seeds and
 * {@code redis.mode=cluster}: the 12,140 ticker rows arrive exact; then, under live updates, one
 * master is wiped (FLUSHALL) and another restarts without persistence (its replica resyncs empty);
 * each time the slots' offset records on that master say it lost its rows, apply replays, and
 * verify finds nothing missing, extra or wrong. The persistence guard saves every master; lag reads
 * every slot's record. Then a master is killed (kill -9) and its replica promoted, and 1000 slots
 * move from one master to another, both under live updates, each ending in sync. The cluster is
 * started once for the class.
 */
class RedisClusterIT {

    private static final int ROWS = 12_140;
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static TestServices services;
    private static RedisClusterNodes cluster;
    private static RedisClusterClient client;
    private static StatefulRedisClusterConnection<String, String> redis;

    @BeforeAll
    static void startCluster() {
        services = TestServices.get();
        cluster = RedisClusterNodes.start(services.root);
        client = RedisClusterClient.create(cluster.uri());
        redis = client.connect();
    }

    @AfterAll
    static void stopCluster() {
        if (redis != null) {
            redis.close();
            client.shutdown();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    /** Keys matching {@code pattern} on every master (a cluster SCAN walks them all). */
    private static long count(String pattern) {
        long keys = 0;
        ScanArgs args = ScanArgs.Builder.matches(pattern).limit(1000);
        KeyScanCursor<String> cursor = redis.sync().scan(ScanCursor.INITIAL, args);
        keys += cursor.getKeys().size();
        while (!cursor.isFinished()) {
            cursor = redis.sync().scan(cursor, args);
            keys += cursor.getKeys().size();
        }
        return keys;
    }

    private static void assertInSync(MetasyncConfig config, String after) {
        CliRunner.Outcome verify = CliRunner.run("verify", config, "--settle-seconds", "15");
        System.out.printf("VERIFY after %s: %s%n", after, verify.out().strip());
        assertThat(verify.out()).as(after + ": " + verify.out() + verify.err()).contains("0 missing, 0 extra, 0 wrong -> IN SYNC");
        assertThat(verify.exitCode()).isZero();
    }

    /**
     * {@code metasync lag} once apply settled: every partition shows what Redis holds, the log end,
     * which it can only when every slot has a record (the wiped master's slots too).
     */
    private static void assertRedisHoldsLogEnd(MetasyncConfig config, String after) {
        String[] shown = new String[1];
        await().atMost(WAIT).untilAsserted(() -> {
            CliRunner.Outcome lag = CliRunner.run("lag", config, "--json");
            shown[0] = lag.out().strip();
            assertThat(lag.exitCode()).as(lag.out() + lag.err()).isZero();
            JsonNode partitions = JSON.readTree(lag.out()).get("partitions");
            assertThat(partitions).as(lag.out()).isNotEmpty();
            for (JsonNode p : partitions) {
                assertThat(p.get("redisOffset").isNumber()).as(after + ": Redis holds a figure: " + lag.out()).isTrue();
                assertThat(p.get("redisOffset").asLong()).as(after + ": " + lag.out()).isEqualTo(p.get("logEndOffset").asLong());
            }
        });
        System.out.printf("LAG after %s: %s%n", after, shown[0]);
    }

    /** @return when the first drift check that ended after {@code after} ended */
    private static java.time.Instant awaitDriftCheckAfter(Pipeline pipeline, java.time.Instant after) {
        await().atMost(WAIT).until(() -> pipeline.driftStatus().map(d -> d.checkedAt() != null && d.checkedAt().isAfter(after))
                .orElse(false));
        return pipeline.driftStatus().orElseThrow().checkedAt();
    }

    @Test
    void ticker_rows_arrive_exact_and_a_wiped_or_emptied_master_is_healed_under_live_updates() throws Exception {
        String table = services.uniqueName("cluster");
        try (Connection c = services.postgres.connect()) {
            SampleTickers.load(c, table, ROWS);
        }
        String prefix = TestServices.keyPrefix(table);
        MetasyncConfig config = services.isolated(table, Map.of("redis.uri", cluster.uri(), "redis.mode", "cluster",
                "verify.interval-seconds", "3", "monitor.interval-seconds", "2"));
        try (Pipeline pipeline = Pipeline.start(config, EnumSet.allOf(Pipeline.Component.class), Clock.systemUTC())) {
            await().atMost(WAIT).until(() -> count(prefix + "*") == ROWS);
            for (LocalRedis master : cluster.masters()) {
                assertThat(cluster.keysOn(master)).as("every master holds a share of the rows").isGreaterThan(ROWS / 6);
            }
            assertInSync(config, "the snapshot");

            LocalRedis wiped = cluster.masterOf(SlotTags.slotOf(prefix + SampleTickers.symbol(1)));
            long replays = pipeline.applyStats().replays();
            try (LiveUpdates live = LiveUpdates.start(services, table, ROWS, 300)) {
                await().atMost(WAIT).until(() -> live.count() > 300);
                cluster.flushAll(wiped);
                await().atMost(WAIT).until(() -> pipeline.applyStats().replays() > replays);
                await().atMost(WAIT).until(() -> count(prefix + "*") == ROWS);
                System.out.printf("FLUSHALL of master %d: replays %d (%s), %d live updates%n", wiped.port(),
                        pipeline.applyStats().replays(), pipeline.applyStats().lastReplayReason(), live.count());
            }
            assertInSync(config, "FLUSHALL of one master");
            assertRedisHoldsLogEnd(config, "FLUSHALL of one master");

            LocalRedis emptied = cluster.masters().stream().filter(m -> m != wiped).findFirst().orElseThrow();
            long replaysBefore = pipeline.applyStats().replays();
            try (LiveUpdates live = LiveUpdates.start(services, table, ROWS, 300)) {
                await().atMost(WAIT).until(() -> live.count() > 300);
                cluster.restartEmpty(emptied);
                await().atMost(WAIT).until(() -> pipeline.applyStats().replays() > replaysBefore);
                await().atMost(WAIT).until(() -> count(prefix + "*") == ROWS);
                System.out.printf("restart without persistence of master %d: replays %d (%s), %d live updates%n", emptied.port(),
                        pipeline.applyStats().replays(), pipeline.applyStats().lastReplayReason(), live.count());
            }
            assertInSync(config, "a restart without persistence of one master");

            // The guard forces saves and audits on every master; lag reads every slot's record.
            await().atMost(WAIT).until(() -> pipeline.guardStatusByMaster().size() == 3 && pipeline.guardStatusByMaster().values()
                    .stream().allMatch(s -> s.lastSave() != null && s.lastSave().ok()));
            pipeline.guardStatusByMaster().forEach((master, status) -> System.out.printf("GUARD %s: last save %s, findings %s%n",
                    master, status.lastSave(), status.findings()));
            assertRedisHoldsLogEnd(config, "a restart without persistence of one master");

            // metasync guard and doctor's Redis checks run on every master, each under its address.
            java.util.Set<String> masterAddresses = pipeline.guardStatusByMaster().keySet();
            CliRunner.Outcome guardCli = CliRunner.run("guard", config, "--save");
            System.out.println("GUARD CLI " + guardCli.out().strip() + guardCli.err());
            assertThat(guardCli.exitCode()).as(guardCli.out() + guardCli.err()).isZero();
            for (String address : masterAddresses) {
                assertThat(guardCli.out()).contains("master " + address + ":" + System.lineSeparator() + "persistence: ");
            }
            assertThat(guardCli.out().split("save: OK", -1)).as(guardCli.out()).hasSize(masterAddresses.size() + 1);
            CliRunner.Outcome doctor = CliRunner.run("doctor", config);
            System.out.println("DOCTOR " + doctor.out().strip());
            assertThat(doctor.out()).as(doctor.out() + doctor.err()).contains("PASS  connection to the Redis Cluster")
                    .contains("3 master(s) serve every slot").doesNotContain("redis.mode");
            for (String address : masterAddresses) {
                assertThat(doctor.out()).contains("PASS  master " + address + ": Redis ").contains(address + " maxmemory");
            }

            LocalRedis failed = cluster.masterOf(SlotTags.slotOf(prefix + SampleTickers.symbol(2)));
            try (LiveUpdates live = LiveUpdates.start(services, table, ROWS, 300)) {
                await().atMost(WAIT).until(() -> live.count() > 300);
                cluster.killAndAwaitFailover(failed);
                long appliedAtFailover = pipeline.applyStats().records();
                await().atMost(WAIT).until(() -> pipeline.applyStats().records() > appliedAtFailover + 600);
                System.out.printf("kill -9 of master %d, replica promoted: replays %d (%s), %d live updates%n", failed.port(),
                        pipeline.applyStats().replays(), pipeline.applyStats().lastReplayReason(), live.count());
            }
            assertInSync(config, "a failover of one master");
            assertRedisHoldsLogEnd(config, "a failover of one master");
            // The killed master stays down: health names it, and each master serving slots with its guard's state.
            String down = "127.0.0.1:" + failed.port();
            await().atMost(WAIT).untilAsserted(() -> {
                HealthReport health = pipeline.monitor().health();
                assertThat(health.status()).as(health.toString()).isEqualTo(HealthReport.Status.DEGRADED);
                assertThat(health.reasons()).as(health.toString())
                        .anySatisfy(r -> assertThat(r.check() + " " + r.message()).startsWith("redis-node Redis Cluster node " + down + " is down"));
                assertThat(health.nodes()).as(health.toString()).filteredOn(n -> n.role().equals("master") && n.reachable())
                        .extracting(HealthReport.NodeHealth::address)
                        .containsExactlyInAnyOrderElementsOf(cluster.masters().stream().map(m -> "127.0.0.1:" + m.port()).toList());
                assertThat(health.nodes()).filteredOn(n -> n.reachable() && n.role().equals("master"))
                        .allSatisfy(n -> assertThat(n.guard()).startsWith("saved at"));
            });
            HealthReport health = pipeline.monitor().health();
            System.out.println("HEALTH after the failover: " + health.status() + " " + health.reasons());
            health.nodes().forEach(n -> System.out.println("HEALTH node " + n));

            java.util.List<LocalRedis> masters = cluster.masters();
            LocalRedis from = masters.get(0);
            LocalRedis to = masters.get(1);
            long keysBefore = cluster.keysOn(to);
            try (LiveUpdates live = LiveUpdates.start(services, table, ROWS, 300)) {
                await().atMost(WAIT).until(() -> live.count() > 300);
                cluster.reshard(from, to, 1000);
                long appliedAfterMove = pipeline.applyStats().records();
                await().atMost(WAIT).until(() -> pipeline.applyStats().records() > appliedAfterMove + 600);
                System.out.printf("1000 slots moved from %d to %d: keys there %d -> %d, replays %d, %d live updates%n", from.port(),
                        to.port(), keysBefore, cluster.keysOn(to), pipeline.applyStats().replays(), live.count());
            }
            assertThat(cluster.keysOn(to)).as("the moved slots' rows, fences and offset records").isGreaterThan(keysBefore + 1000);
            assertInSync(config, "a migration of 1000 slots");
            assertRedisHoldsLogEnd(config, "a migration of 1000 slots");

            java.time.Instant settled = java.time.Instant.now();
            // Marks of rows capture could not carry are kept per slot on a cluster: health and verify read every slot's.
            String markedKey = prefix + "MARKED";
            String marks = SlotOffsetRecords.marksKey(config.apply().groupId(), SlotTags.slotOf(markedKey));
            redis.sync().hset(marks, markedKey, "{\"table\":\"public." + table + "\",\"column\":\"name\",\"reason\":\"a test mark\","
                    + "\"lsn\":1,\"policy\":\"keep\"}");
            await().atMost(WAIT).untilAsserted(() -> assertThat(pipeline.monitor().health().reasons())
                    .anySatisfy(r -> assertThat(r.check() + " " + r.message()).startsWith("unconvertible 1 row(s)").contains(markedKey)));
            CliRunner.Outcome markedVerify = CliRunner.run("verify", config, "--settle-seconds", "0");
            System.out.println("VERIFY with a mark: " + markedVerify.out().strip());
            assertThat(markedVerify.out()).contains(markedKey + " (column name: a test mark)");
            redis.sync().del(marks);
            // The scheduled drift check samples the cluster too: the second check after all settled (so it started after) is clean.
            java.time.Instant first = awaitDriftCheckAfter(pipeline, settled);
            awaitDriftCheckAfter(pipeline, first);
            var drift = pipeline.driftStatus().orElseThrow();
            System.out.println("DRIFT " + drift);
            assertThat(drift.clean()).as(drift.toString()).isTrue();
            assertThat(drift.reports()).singleElement().satisfies(r -> assertThat(r.rows()).isPositive());
            assertThat(pipeline.applyStats().deadLettered()).isZero();
        }
        // metasync replay on a cluster: every slot's record set back, the table's keys cleared on every master, rebuilt.
        CliRunner.Outcome replay = CliRunner.run("replay", config, "--from-beginning", "--table", "public." + table, "--clear",
                "--timeout-seconds", "120");
        System.out.println("REPLAY " + replay.out().strip());
        assertThat(replay.exitCode()).as(replay.out() + replay.err()).isZero();
        assertThat(replay.out()).contains("cleared 12,140 keys").contains("replay done");
        assertInSync(config, "metasync replay --clear");
    }
    /**
     * The two whole-table operations over several partitions, on a cluster: a rebuild (one
     * partition's records set back to offset 0 in every slot, past a 1 s delete.retention.ms) clears
     * the table on every master and must replay every partition, not only that one; a TRUNCATE,
     * sent to every partition, deletes fenced slot by slot.
     */
    @Test
    void a_rebuild_and_a_truncate_over_three_partitions_end_in_sync_on_a_cluster() throws Exception {
        String table = services.uniqueName("clusterparts");
        int rows = 2_000;
        try (Connection c = services.postgres.connect()) {
            SampleTickers.load(c, table, rows);
        }
        String prefix = TestServices.keyPrefix(table);
        MetasyncConfig config = services.isolated(table, Map.of("redis.uri", cluster.uri(), "redis.mode", "cluster",
                "kafka.partitions", "3", "verify.interval-seconds", "0"));
        String topic = config.tablesByTopic().keySet().iterator().next();
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
                Map.of("bootstrap.servers", services.kafka.bootstrapServers()))) {
            admin.createTopics(java.util.List.of(new org.apache.kafka.clients.admin.NewTopic(topic, java.util.Optional.of(3),
                    java.util.Optional.empty()).configs(Map.of("cleanup.policy", "compact", "delete.retention.ms", "1000")))).all().get();
        }
        try (Pipeline pipeline = Pipeline.start(config, EnumSet.allOf(Pipeline.Component.class), Clock.systemUTC());
             SlotOffsetRecords records = new SlotOffsetRecords(client, config.apply().groupId())) {
            await().atMost(WAIT).until(() -> count(prefix + "*") == rows);
            Thread.sleep(2_000); // every record is now older than the retained tombstones
            records.writeAll(Map.of(com.tradeul.metasync.replay.RedisOffsets.field(topic, 0), 0L));
            await().atMost(WAIT).until(() -> pipeline.applyStats().replays(
                    com.tradeul.metasync.replay.RedisPositionPolicy.ReplayCause.REBUILD) > 0);
            await().atMost(WAIT).until(() -> count(prefix + "*") == rows);
            System.out.printf("rebuild on a cluster over 3 partitions: replays %d (%s)%n", pipeline.applyStats().replays(),
                    pipeline.applyStats().lastReplayReason());
            assertInSync(config, "a rebuild decided by one of three partitions");
            assertRedisHoldsLogEnd(config, "a rebuild decided by one of three partitions");

            try (Connection c = services.postgres.connect(); java.sql.Statement s = c.createStatement()) {
                s.execute("TRUNCATE " + table);
                s.execute("INSERT INTO " + table + " (symbol, name, price) VALUES ('AFTER', 'after the truncate', 1.00)");
            }
            await().atMost(WAIT).until(() -> count(prefix + "*") == 1 && redis.sync().get(prefix + "AFTER") != null);
            assertInSync(config, "a TRUNCATE sent to three partitions");
        }
    }
}
