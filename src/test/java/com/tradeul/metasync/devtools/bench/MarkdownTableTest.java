package com.tradeul.metasync.devtools.bench;

import static com.tradeul.metasync.devtools.bench.ReportFixtures.header;
import static com.tradeul.metasync.devtools.bench.ReportFixtures.latencyRepetition;
import static com.tradeul.metasync.devtools.bench.ReportFixtures.repetition;
import static org.assertj.core.api.Assertions.assertThat;

import com.tradeul.metasync.devtools.bench.BenchReport.Latency;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MarkdownTableTest {

    private static BenchReport report() {
        return new BenchReport(header(), List.of(
                Summary.of(SnapshotScenario.KIND, 2000, List.of(repetition(11_234.4, 116_000, 12.34, 812, 402, Map.of()))),
                Summary.of(LatencyScenario.kind(1000), 2000, List.of(latencyRepetition(80.4, 0.25,
                        new Latency(35.2, 80.4, 123.0, 3000), Map.of("achievedPerSecond", 999.7))))));
    }

    @Test
    void header_names_machine_versions_and_what_is_measured() {
        String md = MarkdownTable.render(report());
        assertThat(md).contains("2026-01-02T03:04:05Z: 2 cores, Java 17.0.9 (OpenJDK), PostgreSQL 15.10, Redis 7.0.15, Kafka 4.3.0, "
                + "Debezium 3.6.1.Final; median of 1 repetition(s), streaming 3 s per rate, max heap 2048 MB.")
                .contains("what is measured")
                .contains("| scenario | rows | metasync | baseline | ratio | CPU s | peak RSS MB | peak heap MB |");
    }

    @Test
    void one_row_per_result_with_units_baseline_name_and_resources() {
        assertThat(MarkdownTable.render(report()))
                .contains("| snapshot | 2,000 | 11,234 rows/s | 116,000 rows/s (psql RESP → redis-cli --pipe) | 0.10 | 12.3 | 812 | 402 |")
                .contains("| latency@1000/s | 2,000 | p50 35.2 / p99 80.4 / max 123 ms at 1,000 changes/s | 0.25 ms p99 (one SET round trip) | 322 |");
    }

    @Test
    void a_run_with_a_cluster_names_it_and_how_its_ratio_reads() {
        BenchReport.Header h = header();
        BenchReport.Header withCluster = new BenchReport.Header(h.date(), h.cores(), h.java(), h.postgres(), h.redis(), h.kafka(),
                h.debezium(), h.rows(), h.repetitions(), h.streamingSeconds(), h.maxHeapBytes(), h.measured(), "3 masters + 3 replicas");
        assertThat(MarkdownTable.render(new BenchReport(withCluster, List.of())))
                .contains("Rows @cluster: metasync writing to a Redis Cluster (3 masters + 3 replicas)")
                .contains("ratio = cluster ÷ single Redis");
        assertThat(MarkdownTable.render(report())).doesNotContain("@cluster");
    }

    @Test
    void a_rebuild_that_measured_memory_shows_it_beside_its_rate() {
        BenchReport.ScenarioResult rebuild = Summary.of(RebuildScenario.KIND, 2000, List.of(repetition(40_000, 400_000, 2.0, 700, 400, Map.of())))
                .withChecks(new MemoryPerRow(2000, 824_000, 602_000).checks());
        assertThat(MarkdownTable.render(new BenchReport(header(), List.of(rebuild))))
                .contains("| rebuild | 2,000 | 40,000 rows/s; Redis memory 412 B/row, 1.37× a bare SET's 301 B | 400,000 rows/s (redis-cli --pipe < file) | 0.10 |");
        assertThat(MarkdownTable.render(report())).doesNotContain("Redis memory");
    }

    @Test
    void fence_layouts_measured_get_a_line_each_with_rate_and_memory() {
        BenchReport.ScenarioResult rebuild = Summary.of(RebuildScenario.KIND, 2000, List.of(repetition(40_000, 400_000, 2.0, 700, 400, Map.of())))
                .withChecks(Map.of("fenceLayout.per-key.rowsPerSecond", 160_000.0, "fenceLayout.per-key.memoryPerRowBytes", 404.0,
                        "fenceLayout.per-key.memoryPerRowRatio", 1.346, "fenceLayout.slot-buckets.rowsPerSecond", 120_000.0));
        assertThat(MarkdownTable.fenceLayouts(rebuild)).isEqualTo("Fence layouts, Redis alone with metasync's writes for rebuild's 2,000 rows: "
                + "per-key 160,000 rows/s (0.40 of baseline), 404 B/row (1.35× a bare SET); slot-buckets 120,000 rows/s (0.30 of baseline).");
        assertThat(MarkdownTable.render(new BenchReport(header(), List.of(rebuild)))).contains("Fence layouts, Redis alone");
        assertThat(MarkdownTable.render(report())).doesNotContain("Fence layouts");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {"123456.7 | 123,457", "99.94 | 99.9", "0.123 | 0.12", "NaN | n/a", "Infinity | n/a"})
    void numbers_are_rounded_to_what_is_worth_reading(double value, String text) {
        assertThat(MarkdownTable.number(value)).isEqualTo(text);
    }
}
