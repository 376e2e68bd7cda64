package com.tradeul.metasync.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.tradeul.metasync.Pipeline;
import com.tradeul.metasync.config.MetasyncConfig;
import com.tradeul.metasync.devtools.demo.SampleTickers;
import com.tradeul.metasync.devtools.local.LocalRedis;
import com.tradeul.metasync.guard.RedisInfo;
import com.tradeul.metasync.verify.KeyCounter;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.sentinel.api.StatefulRedisSentinelConnection;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Redis Sentinel on loopback (one master, one replica, one sentinel), metasync given the Sentinel
 * URI. SENTINEL FAILOVER under live updates: the old master keeps taking writes for ~10 s after the
 * replica is promoted, and those are lost when it turns replica; the offsets the new master holds
 * say so, apply replays the gap there, and verify finds nothing missing, extra or wrong.
 */
class RedisSentinelFailoverIT {

    private static final String MASTER = "metasync-main";
    private static final int ROWS = 12_140;
    private static final Duration WAIT = Duration.ofSeconds(120);

    private static TestServices services;
    private static LocalRedis first;
    private static LocalRedis second;
    private static LocalRedis sentinel;
    private static RedisClient sentinelClient;
    private static StatefulRedisSentinelConnection<String, String> sentinels;

    @BeforeAll
    static void startSentinel() throws Exception {
        services = TestServices.get();
        Path dir = Files.createTempDirectory(services.root, "sentinel-");
        first = LocalRedis.builder(dir.resolve("first")).start();
        second = LocalRedis.builder(dir.resolve("second")).replicaOf(first).start();
        sentinel = LocalRedis.builder(dir.resolve("sentinel")).sentinelOf(MASTER, first).start();
        sentinelClient = RedisClient.create(sentinel.uri());
        sentinels = sentinelClient.connectSentinel();
        // A failover needs a replica the sentinel knows and that is in sync.
        await().atMost(WAIT).until(() -> sentinels.sync().replicas(MASTER).stream()
                .anyMatch(r -> r.get("port").equals(Integer.toString(second.port())) && "ok".equals(r.get("master-link-status"))));
    }

    @AfterAll
    static void stopSentinel() {
        sentinels.close();
        sentinelClient.shutdown();
        for (LocalRedis redis : new LocalRedis[] {sentinel, second, first}) {
            redis.close();
        }
    }

    private static String uri() {
        return "redis-sentinel://127.0.0.1:" + sentinel.port() + "#" + MASTER;
    }

    private static int masterPort() {
        return ((InetSocketAddress) sentinels.sync().getMasterAddrByName(MASTER)).getPort();
    }

    private static RedisInfo info(LocalRedis redis) {
        RedisClient client = RedisClient.create(redis.uri());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            return RedisInfo.parse(connection.sync().info("everything"));
        } finally {
            client.shutdown();
        }
    }

    private static LocalRedis node(int port) {
        return first.port() == port ? first : second;
    }

    @Test
    void sentinel_failover_under_live_updates_moves_writes_to_the_new_master_and_loses_nothing() throws Exception {
        String table = services.uniqueName("sentinel");
        try (Connection c = services.postgres.connect()) {
            SampleTickers.load(c, table, ROWS);
        }
        MetasyncConfig config = services.isolated(table, Map.of("redis.uri", uri()));
        try (RedisSession redis = new RedisSession(uri());
             Pipeline pipeline = Pipeline.start(config, EnumSet.allOf(Pipeline.Component.class), Clock.systemUTC())) {
            await().atMost(WAIT).until(() -> KeyCounter.count(redis.sync(), TestServices.keyPrefix(table) + "*") == ROWS);
            LocalRedis oldMaster = node(masterPort());
            LocalRedis newMaster = oldMaster == first ? second : first;
            try (LiveUpdates live = LiveUpdates.start(services, table, ROWS, 500)) {
                await().atMost(WAIT).until(() -> live.count() > 500); // live traffic is flowing before the failover
                assertThat(sentinels.sync().failover(MASTER)).isEqualTo("OK");
                await().atMost(WAIT).until(() -> masterPort() == newMaster.port());
                await().atMost(WAIT).until(() -> "slave".equals(info(oldMaster).get("role").orElse("")));
                long appliedAtDemotion = pipeline.applyStats().records();
                // The old master now refuses writes: what apply writes from here on reaches the new master.
                await().atMost(WAIT).until(() -> pipeline.applyStats().records() > appliedAtDemotion + 1_000);
                System.out.printf("FAILOVER %d -> %d: %d records applied since the old master turned replica, %d live updates,"
                        + " replays %d (%s)%n", oldMaster.port(), newMaster.port(), pipeline.applyStats().records() - appliedAtDemotion,
                        live.count(), pipeline.applyStats().replays(), pipeline.applyStats().lastReplayReason());
            }
            assertThat(pipeline.applyStats().replays()).as("the new master lacked the old master's last writes").isPositive();
            assertThat(pipeline.applyStats().lastReplayReason()).contains("replaying the gap");
            assertThat(pipeline.applyStats().deadLettered()).isZero();
            CliRunner.Outcome verify = CliRunner.run("verify", config, "--settle-seconds", "20");
            assertThat(verify.out()).as(verify.out() + verify.err()).contains("0 missing, 0 extra, 0 wrong -> IN SYNC");
            assertThat(verify.exitCode()).isZero();
        }
    }
}
