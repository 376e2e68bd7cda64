package com.tradeul.metasync.devtools.bench;

import static com.tradeul.metasync.devtools.bench.ReportFixtures.MB;
import static com.tradeul.metasync.devtools.bench.ReportFixtures.latencyRepetition;
import static com.tradeul.metasync.devtools.bench.ReportFixtures.repetition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tradeul.metasync.devtools.bench.BenchReport.Latency;
import com.tradeul.metasync.devtools.bench.BenchReport.ScenarioResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SummaryTest {

    private static final Summary.Kind SNAPSHOT = new Summary.Kind("snapshot", "rows/s", true, "pipe");

    @Test
    void medians_of_figures_median_of_paired_ratios_and_highest_peaks() {
        ScenarioResult result = Summary.of(SNAPSHOT, 2000, List.of(
                repetition(10_000, 100_000, 3.0, 500, 200, Map.of()),
                repetition(30_000, 100_000, 1.0, 900, 100, Map.of()),
                repetition(20_000, 50_000, 2.0, 700, 400, Map.of())));
        assertThat(result.metasync()).isEqualTo(20_000);
        assertThat(result.baseline()).isEqualTo(100_000);
        assertThat(result.ratio()).isEqualTo(0.3); // ratios 0.1, 0.3, 0.4
        assertThat(result.resources().cpuSeconds()).isEqualTo(2.0);
        assertThat(result.resources().peakRssBytes()).isEqualTo(900 * MB);
        assertThat(result.resources().peakHeapBytes()).isEqualTo(400 * MB);
        assertThat(result.latency()).isNull();
        assertThat(result.repetitions()).hasSize(3);
        assertThat(result.rows()).isEqualTo(2000);
    }

    @Test
    void a_check_holds_only_if_it_held_every_time_and_other_checks_keep_the_last_value() {
        ScenarioResult result = Summary.of(SNAPSHOT, 2000, List.of(
                repetition(1, 1, 0, 1, 1, Map.of("valuesMatchBaseline", true, "keysInRedis", 2000)),
                repetition(1, 1, 0, 1, 1, Map.of("valuesMatchBaseline", false, "keysInRedis", 1999)),
                repetition(1, 1, 0, 1, 1, Map.of("valuesMatchBaseline", true, "keysInRedis", 2000))));
        assertThat(result.checks()).containsEntry("valuesMatchBaseline", false).containsEntry("keysInRedis", 2000);
    }

    @Test
    void latency_takes_median_percentiles_the_highest_max_and_every_sample() {
        ScenarioResult result = Summary.of(new Summary.Kind("latency@1000/s", "ms p99", false, "rtt"), 2000, List.of(
                latencyRepetition(80, 0.2, new Latency(30, 80, 120, 3000), Map.of()),
                latencyRepetition(60, 0.4, new Latency(20, 60, 300, 2990), Map.of())));
        assertThat(result.latency()).isEqualTo(new Latency(25, 70, 300, 5990));
        assertThat(result.ratio()).isEqualTo((400.0 + 150.0) / 2);
        assertThat(result.higherIsBetter()).isFalse();
    }

    @Test
    void a_missing_baseline_gives_no_ratio() {
        assertThat(Summary.ratio(5, 0)).isNaN();
        assertThat(Summary.ratio(5, Double.NaN)).isNaN();
    }

    @Test
    void no_repetitions_is_an_error() {
        assertThatThrownBy(() -> Summary.of(SNAPSHOT, 1, List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
