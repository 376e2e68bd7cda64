package com.tradeul.metasync.devtools.bench;

import static com.tradeul.metasync.devtools.bench.ReportFixtures.MB;
import static com.tradeul.metasync.devtools.bench.ReportFixtures.repetition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tradeul.metasync.devtools.bench.BenchReport.Latency;
import com.tradeul.metasync.devtools.bench.BenchReport.ScenarioResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterComparisonTest {

    private static final Summary.Kind REBUILD = RebuildScenario.KIND;
    private static final Summary.Kind REBUILD_ON_CLUSTER = new Summary.Kind("rebuild@cluster", "rows/s", true, "redis-cli --pipe < file");
    private static final String SHAPE = "3 masters + 3 replicas";

    private static ScenarioResult rebuild(Summary.Kind kind, int rows, double... rowsPerSecond) {
        List<BenchReport.Repetition> repetitions = new java.util.ArrayList<>();
        for (double figure : rowsPerSecond) {
            repetitions.add(repetition(figure, 100_000, 1.0, 500, 200, Map.of("keysInRedis", rows)));
        }
        return Summary.of(kind, rows, repetitions);
    }

    @Test
    void cluster_figure_against_the_single_redis_with_the_median_of_paired_ratios() {
        ScenarioResult single = rebuild(REBUILD, 20_000, 10_000, 40_000, 20_000);
        ScenarioResult cluster = rebuild(REBUILD_ON_CLUSTER, 20_000, 6_000, 8_000, 15_000);

        ScenarioResult comparison = ClusterComparison.of(single, cluster, SHAPE);

        assertThat(comparison.scenario()).isEqualTo("rebuild cluster/single");
        assertThat(comparison.metasync()).isEqualTo(8_000);
        assertThat(comparison.baseline()).isEqualTo(20_000);
        assertThat(comparison.baselineName()).isEqualTo("metasync on the single Redis");
        assertThat(comparison.ratio()).isEqualTo(0.6); // paired ratios 0.6, 0.2, 0.75
        assertThat(comparison.unit()).isEqualTo("rows/s");
        assertThat(comparison.higherIsBetter()).isTrue();
        assertThat(comparison.rows()).isEqualTo(20_000);
        assertThat(comparison.repetitions()).hasSize(3);
        assertThat(comparison.checks()).containsEntry("cluster", SHAPE);
        assertThat(comparison.resources().peakRssBytes()).isEqualTo(500 * MB);
    }

    @Test
    void compares_each_cluster_result_with_the_single_result_of_its_scenario_and_size() {
        List<ScenarioResult> results = List.of(
                rebuild(REBUILD, 2_000, 10_000),
                rebuild(REBUILD, 20_000, 30_000),
                rebuild(ThroughputScenario.KIND, 20_000, 4_000),
                rebuild(REBUILD_ON_CLUSTER, 20_000, 15_000),
                rebuild(new Summary.Kind("throughput@cluster", "changes/s", true, "unthrottled UPDATE rate"), 20_000, 3_000));

        List<ScenarioResult> comparisons = ClusterComparison.compareAll(results, SHAPE);

        assertThat(comparisons).extracting(ScenarioResult::scenario).containsExactly("rebuild cluster/single", "throughput cluster/single");
        assertThat(comparisons).extracting(ScenarioResult::ratio).containsExactly(0.5, 0.75);
        assertThat(comparisons.get(1).unit()).isEqualTo("changes/s");
    }

    @Test
    void a_latency_comparison_shows_the_cluster_percentiles_at_its_rate_and_lower_is_better() {
        Summary.Kind latency = LatencyScenario.kind(1000);
        ScenarioResult single = Summary.of(latency, 2_000, List.of(
                ReportFixtures.latencyRepetition(40, 1.0, new Latency(10, 40, 60, 3000), Map.of("achievedPerSecond", 999.0))));
        ScenarioResult cluster = Summary.of(new Summary.Kind("latency@1000/s@cluster", "ms p99", false, "one SET round trip"), 2_000, List.of(
                ReportFixtures.latencyRepetition(60, 1.0, new Latency(15, 60, 90, 2990), Map.of("achievedPerSecond", 998.0, "changes", 3000))));

        ScenarioResult comparison = ClusterComparison.of(single, cluster, SHAPE);

        assertThat(comparison.scenario()).isEqualTo("latency@1000/s cluster/single");
        assertThat(comparison.ratio()).isEqualTo(1.5);
        assertThat(comparison.higherIsBetter()).isFalse();
        assertThat(comparison.latency()).isEqualTo(new Latency(15, 60, 90, 2990));
        assertThat(comparison.checks()).containsEntry("achievedPerSecond", 998.0).doesNotContainKey("changes");
    }

    @Test
    void no_comparison_when_only_one_side_ran() {
        assertThat(ClusterComparison.compareAll(List.of(rebuild(REBUILD_ON_CLUSTER, 2_000, 1_000)), SHAPE)).isEmpty();
        assertThat(ClusterComparison.compareAll(List.of(rebuild(REBUILD, 2_000, 1_000)), SHAPE)).isEmpty();
    }

    @Test
    void a_failed_single_run_makes_the_ratio_not_available_rather_than_infinite() {
        ScenarioResult comparison = ClusterComparison.of(rebuild(REBUILD, 2_000, 0), rebuild(REBUILD_ON_CLUSTER, 2_000, 1_000), SHAPE);
        assertThat(comparison.ratio()).isNaN();
    }

    @Test
    void refuses_to_pair_different_numbers_of_repetitions() {
        assertThatThrownBy(() -> ClusterComparison.of(rebuild(REBUILD, 2_000, 1, 2), rebuild(REBUILD_ON_CLUSTER, 2_000, 1), SHAPE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot pair rebuild (2 repetitions, 2000 rows) with rebuild@cluster (1, 2000)");
    }
}
