package com.tradeul.metasync.devtools.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RedisTargetTest {

    @ParameterizedTest(name = "{0}: single {1}, cluster {2}")
    @CsvSource({"single, true, false", "cluster, false, true", "both, true, true", " Both , true, true"})
    void names_choose_the_single_redis_the_cluster_or_both(String name, boolean single, boolean cluster) {
        RedisTarget target = RedisTarget.parse(name);
        assertThat(target.single()).isEqualTo(single);
        assertThat(target.cluster()).isEqualTo(cluster);
    }

    @Test
    void an_unknown_target_is_refused_with_the_known_ones() {
        assertThatThrownBy(() -> RedisTarget.parse("sentinel")).hasMessage("unknown --redis 'sentinel'. Fix: use single, cluster or both");
    }

    @Test
    void the_cluster_runs_only_the_chosen_scenarios_it_can_measure() {
        BenchOptions options = options(EnumSet.of(Scenario.SNAPSHOT, Scenario.REBUILD, Scenario.LATENCY), RedisTarget.BOTH, 1);
        assertThat(options.clusterScenarios()).containsExactly(Scenario.REBUILD);
    }

    @Test
    void a_cluster_run_of_only_single_redis_scenarios_is_refused_with_the_fix() {
        assertThatThrownBy(() -> options(EnumSet.of(Scenario.VERIFY, Scenario.LATENCY), RedisTarget.CLUSTER, 1))
                .hasMessage("--redis cluster measures rebuild and throughput on the cluster, and --scenarios has neither. "
                        + "Fix: add rebuild or throughput");
    }

    @Test
    void cluster_replicas_are_bounded() {
        assertThatThrownBy(() -> options(EnumSet.of(Scenario.REBUILD), RedisTarget.BOTH, -1)).hasMessageContaining("--cluster-replicas");
    }

    private static BenchOptions options(Set<Scenario> scenarios, RedisTarget target, int replicas) {
        return new BenchOptions(List.of(2000), 1, scenarios, Path.of("out"), Duration.ofSeconds(3), List.of(1000), Map.of(), target, replicas);
    }
}
