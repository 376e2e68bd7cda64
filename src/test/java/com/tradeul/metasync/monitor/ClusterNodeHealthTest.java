package com.tradeul.metasync.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradeul.metasync.guard.ClusterGuard.Node;
import com.tradeul.metasync.guard.Finding;
import com.tradeul.metasync.guard.PersistenceGuard;
import com.tradeul.metasync.guard.RedisGuard;
import com.tradeul.metasync.monitor.HealthReport.NodeHealth;
import com.tradeul.metasync.monitor.HealthReport.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A line per node of a Redis Cluster on /health, and when one node down degrades it: pure, no Redis. */
class ClusterNodeHealthTest {

    private static final Instant SAVED = Instant.parse("2026-12-01T15:00:00Z");
    private static final PersistenceGuard.Status SAVING = new PersistenceGuard.Status(List.of(),
            new RedisGuard.SaveResult(true, Duration.ofMillis(200), "saved"), SAVED, SAVED, 0, null);

    private static PersistenceGuard.Status unreachable(String why) {
        return new PersistenceGuard.Status(List.of(), null, null, null, 0, why);
    }

    private static List<Node> threeMasters() {
        return List.of(new Node("10.0.0.1:7000", true, false, true), new Node("10.0.0.2:7000", true, false, true),
                new Node("10.0.0.3:7000", true, false, true), new Node("10.0.0.4:7000", false, false, false));
    }

    @Test
    void every_master_is_named_with_its_guard_state_and_a_healthy_cluster_adds_no_reason() {
        ClusterNodeHealth.Judgement judged = ClusterNodeHealth.judge(threeMasters(),
                Map.of("10.0.0.1:7000", SAVING, "10.0.0.2:7000", SAVING, "10.0.0.3:7000", SAVING));
        assertThat(judged.reasons()).isEmpty();
        assertThat(judged.unreachable()).isNull();
        assertThat(judged.nodes()).extracting(NodeHealth::address)
                .containsExactly("10.0.0.1:7000", "10.0.0.2:7000", "10.0.0.3:7000", "10.0.0.4:7000");
        assertThat(judged.nodes().get(0)).isEqualTo(new NodeHealth("10.0.0.1:7000", "master", true,
                "saved at 2026-12-01T15:00:00Z, settings OK"));
        assertThat(judged.nodes().get(3).role()).isEqualTo("replica");
    }

    @Test
    void one_master_that_cannot_be_reached_degrades_naming_it_and_redis_as_a_whole_stays_reachable() {
        ClusterNodeHealth.Judgement judged = ClusterNodeHealth.judge(threeMasters(),
                Map.of("10.0.0.1:7000", SAVING, "10.0.0.2:7000", unreachable("Connection refused"), "10.0.0.3:7000", SAVING));
        assertThat(judged.unreachable()).isNull();
        assertThat(judged.reasons()).singleElement().satisfies(r -> {
            assertThat(r.severity()).isEqualTo(Status.DEGRADED);
            assertThat(r.check()).isEqualTo("redis-node");
            assertThat(r.message()).contains("10.0.0.2:7000").contains("Connection refused");
        });
        assertThat(judged.nodes().get(1).reachable()).isFalse();
    }

    @Test
    void a_node_the_cluster_marks_failed_degrades_naming_it_even_after_its_replica_took_its_slots() {
        List<Node> afterFailover = List.of(new Node("10.0.0.1:7000", true, false, true), new Node("10.0.0.2:7000", true, true, false),
                new Node("10.0.0.3:7000", true, false, true), new Node("10.0.0.4:7000", true, false, true));
        ClusterNodeHealth.Judgement judged = ClusterNodeHealth.judge(afterFailover,
                Map.of("10.0.0.1:7000", SAVING, "10.0.0.3:7000", SAVING, "10.0.0.4:7000", SAVING));
        assertThat(judged.reasons()).singleElement().satisfies(r -> {
            assertThat(r.severity()).isEqualTo(Status.DEGRADED);
            assertThat(r.message()).startsWith("Redis Cluster node 10.0.0.2:7000 is down").doesNotContain("until a replica is promoted");
        });
        List<Node> beforeFailover = List.of(new Node("10.0.0.1:7000", true, false, true), new Node("10.0.0.2:7000", true, true, true));
        assertThat(ClusterNodeHealth.judge(beforeFailover, Map.of()).reasons()).singleElement()
                .satisfies(r -> assertThat(r.message()).contains("its slots cannot be written until a replica is promoted"));
        assertThat(judged.nodes()).filteredOn(NodeHealth::reachable).hasSize(3);
    }

    @Test
    void no_master_answering_is_redis_unreachable() {
        ClusterNodeHealth.Judgement judged = ClusterNodeHealth.judge(threeMasters().subList(0, 2),
                Map.of("10.0.0.1:7000", unreachable("timeout"), "10.0.0.2:7000", unreachable("Connection refused")));
        assertThat(judged.unreachable()).startsWith("no master of the Redis Cluster answers").contains("10.0.0.2:7000");
    }

    @Test
    void a_failed_save_or_a_risky_setting_shows_in_the_masters_line() {
        PersistenceGuard.Status failing = new PersistenceGuard.Status(List.of(), new RedisGuard.SaveResult(false, Duration.ZERO,
                "MISCONF disk full"), SAVED, SAVED, 10, null);
        PersistenceGuard.Status risky = new PersistenceGuard.Status(List.of(new Finding(Finding.Severity.ERROR, "maxmemory-policy",
                "is allkeys-lru", "CONFIG SET maxmemory-policy noeviction", "noeviction")), null, SAVED, SAVED, 0, null);
        ClusterNodeHealth.Judgement judged = ClusterNodeHealth.judge(threeMasters(),
                Map.of("10.0.0.1:7000", failing, "10.0.0.2:7000", risky));
        assertThat(judged.nodes().get(0).guard()).isEqualTo("last forced save failed: MISCONF disk full");
        assertThat(judged.nodes().get(1).guard()).endsWith("settings ERROR");
        assertThat(judged.nodes().get(2).guard()).isEqualTo("guard starting");
    }

    @Test
    void the_health_json_lists_the_nodes_and_the_status_is_the_worst_reason() {
        HealthReport report = new HealthReport(Status.UP, List.of()).withNodes(
                List.of(new NodeHealth("10.0.0.2:7000", "master", false, "cannot be reached: refused")),
                List.of(new HealthReport.Reason(Status.DEGRADED, "redis-node", "Redis Cluster master 10.0.0.2:7000 cannot be reached")));
        assertThat(report.status()).isEqualTo(Status.DEGRADED);
        assertThat(MonitorServer.toJson(report)).contains("\"nodes\":[{\"address\":\"10.0.0.2:7000\",\"role\":\"master\","
                + "\"reachable\":false,\"guard\":\"cannot be reached: refused\"}]");
        assertThat(MonitorServer.toJson(new HealthReport(Status.UP, List.of()))).doesNotContain("nodes");
    }
}
