package com.tradeul.metasync.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.tradeul.metasync.Pipeline;
import com.tradeul.metasync.config.MetasyncConfig;
import com.tradeul.metasync.devtools.demo.SampleTickers;
import com.tradeul.metasync.devtools.local.LocalRedis;
import com.tradeul.metasync.replay.RedisOffsets;
import com.tradeul.metasync.verify.KeyCounter;
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
 * A failover that closes no connection, as a managed Redis whose DNS name moves to the promoted
 * replica does: the old master turns replica and answers READONLY on every connection it already
 * has. Apply must not wait on it forever: a READONLY makes it connect again, and the new
 * connection reaches the new master. (A failover by Sentinel closes the clients itself, see
 * RedisSentinelFailoverIT.)
 */
class RedisDemotedMasterIT {

    private static final int ROWS = 2_000;
    private static final Duration WAIT = Duration.ofSeconds(120);

    private static TestServices services;
    private static LocalRedis first;
    private static LocalRedis second;
    private static TcpForwarder address;

    @BeforeAll
    static void start() throws Exception {
        services = TestServices.get();
        Path dir = Files.createTempDirectory(services.root, "demoted-");
        first = LocalRedis.builder(dir.resolve("first")).start();
        second = LocalRedis.builder(dir.resolve("second")).replicaOf(first).start();
        address = new TcpForwarder(first.port());
    }

    @AfterAll
    static void stop() throws Exception {
        address.close();
        second.close();
        first.close();
    }

    @Test
    void after_the_master_turns_replica_without_closing_connections_apply_reconnects_and_writes_to_the_new_master() throws Exception {
        String table = services.uniqueName("demoted");
        try (Connection c = services.postgres.connect()) {
            SampleTickers.load(c, table, ROWS);
        }
        MetasyncConfig config = services.isolated(table, Map.of("redis.uri", "redis://127.0.0.1:" + address.port()));
        String offsets = RedisOffsets.key(config.apply().groupId());
        try (RedisSession newMaster = new RedisSession(second.uri());
             Pipeline pipeline = Pipeline.start(config, EnumSet.allOf(Pipeline.Component.class), Clock.systemUTC())) {
            await().atMost(WAIT).until(() -> KeyCounter.count(newMaster.sync(), TestServices.keyPrefix(table) + "*") == ROWS);
            try (LiveUpdates live = LiveUpdates.start(services, table, ROWS, 200)) {
                await().atMost(WAIT).until(() -> live.count() > 200);
                // The failover, as the provider does it: promote, point the name at the new master, demote.
                assertThat(second.command("REPLICAOF NO ONE")).isEqualTo("+OK");
                address.target(second.port());
                assertThat(first.command("REPLICAOF 127.0.0.1 " + second.port())).isEqualTo("+OK");
                String held = newMaster.sync().hgetall(offsets).toString();
                // Writes reach the new master again: its offsets move on while live updates go on.
                await().atMost(WAIT).until(() -> pipeline.applyStats().waitingFor() == null
                        && !newMaster.sync().hgetall(offsets).toString().equals(held));
            }
            assertThat(pipeline.applyStats().deadLettered()).isZero();
            CliRunner.Outcome verify = CliRunner.run("verify", config, "--settle-seconds", "20");
            assertThat(verify.out()).as(verify.out() + verify.err()).contains("0 missing, 0 extra, 0 wrong -> IN SYNC");
        }
    }
}
