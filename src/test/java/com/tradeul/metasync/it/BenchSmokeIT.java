package com.tradeul.metasync.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradeul.metasync.devtools.bench.BenchJson;
import com.tradeul.metasync.devtools.bench.BenchReport.ScenarioResult;
import com.tradeul.metasync.devtools.bench.BenchReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code metasync bench} at a tiny size runs every scenario end to end and writes a report that
 * parses. Checks only what does not depend on the machine's speed: no timing is asserted.
 */
class BenchSmokeIT {

    private static final int ROWS = 2_000;

    @Test
    void tiny_bench_runs_every_scenario_and_writes_json_and_markdown(@TempDir Path out) throws Exception {
        CliRunner.Outcome outcome = CliRunner.runDevtools(Map.of(), List.of("bench", "--rows", Integer.toString(ROWS),
                "--repetitions", "1", "--duration", "3", "--out", out.toString()));
        assertThat(outcome.exitCode()).as(outcome.out() + outcome.err()).isZero();

        Path json = only(out, ".json");
        BenchReport report = BenchJson.read(Files.readString(json));
        assertThat(report.header().rows()).containsExactly(ROWS);
        assertThat(report.header().cores()).isPositive();
        assertThat(report.header().kafka()).isEqualTo("4.3.0");
        assertThat(report.header().debezium()).startsWith("3.6.1");
        assertThat(report.results()).extracting(ScenarioResult::scenario)
                .containsExactly("snapshot", "rebuild", "latency@1000/s", "latency@5000/s", "throughput", "verify");
        for (ScenarioResult result : report.results()) {
            assertThat(result.rows()).isEqualTo(ROWS);
            assertThat(result.repetitions()).hasSize(1);
            assertThat(result.resources().peakHeapBytes()).as(result.scenario()).isPositive();
        }

        Map<String, Object> snapshot = checks(report, "snapshot");
        assertThat(snapshot).containsEntry("keysInRedis", ROWS).containsEntry("baselineKeys", ROWS)
                .containsEntry("baselineReplies", ROWS).containsEntry("baselineErrors", 0)
                .containsEntry("valuesMatchBaseline", true);
        assertThat(checks(report, "rebuild")).containsEntry("keysInRedis", ROWS).containsEntry("baselineReplies", ROWS)
                .containsEntry("ceilingErrors", 0);
        assertThat((Double) checks(report, "rebuild").get("fencedWritesCeilingRowsPerSecond")).isPositive();
        for (String layout : List.of("per-key", "per-key-padded", "slot-buckets", "per-key-unchecked", "per-partition")) {
            assertThat(checks(report, "rebuild")).as(layout).containsEntry("fenceLayout." + layout + ".errors", 0)
                    .containsEntry("fenceLayout." + layout + ".incompleteRuns", 0);
            assertThat((Double) checks(report, "rebuild").get("fenceLayout." + layout + ".rowsPerSecond")).as(layout).isPositive();
        }
        assertThat((Integer) checks(report, "rebuild").get("replays")).isPositive();
        // A bare SET of a ~200-byte JSON value costs more than the value; metasync keeps fences and offsets besides.
        assertThat((Double) checks(report, "rebuild").get("bareSetMemoryPerRowBytes")).isGreaterThan(100.0);
        assertThat((Double) checks(report, "rebuild").get("memoryPerRowRatio")).isGreaterThan(1.0);
        assertThat((Integer) checks(report, "latency@1000/s").get("changesSeen")).isPositive();
        assertThat(result(report, "latency@1000/s").latency()).isNotNull();
        assertThat(checks(report, "throughput").get("stopReason")).isIn("lag-grew", "generator-limited", "max-rate-reached");
        assertThat(checks(report, "verify")).containsEntry("clean", true).containsEntry("rowsChecked", ROWS)
                .containsEntry("baselineReplies", ROWS);

        String markdown = Files.readString(only(out, ".md"));
        assertThat(markdown).contains("| scenario | rows | metasync | baseline | ratio |").contains("| snapshot | 2,000 |")
                .contains("× a bare SET's");
        assertThat(outcome.out()).contains(markdown.lines().filter(l -> l.startsWith("| verify")).findFirst().orElseThrow());
    }

    /** Rebuild only (the cheapest cluster scenario), one repetition: the cluster path end to end, not its speed. */
    @Test
    void tiny_bench_rebuilds_on_a_cluster_beside_the_single_redis_and_reports_the_ratio(@TempDir Path out) throws Exception {
        CliRunner.Outcome outcome = CliRunner.runDevtools(Map.of(), List.of("bench", "--rows", Integer.toString(ROWS),
                "--repetitions", "1", "--scenarios", "rebuild", "--redis", "both", "--out", out.toString()));
        assertThat(outcome.exitCode()).as(outcome.out() + outcome.err()).isZero();

        BenchReport report = BenchJson.read(Files.readString(only(out, ".json")));
        assertThat(report.header().redisCluster()).startsWith("3 masters + 3 replicas");
        assertThat(report.results()).extracting(ScenarioResult::scenario)
                .containsExactly("rebuild", "rebuild@cluster", "rebuild cluster/single");
        assertThat(checks(report, "rebuild@cluster")).containsEntry("keysInRedis", ROWS).containsEntry("ceilingErrors", 0);
        assertThat((Integer) checks(report, "rebuild@cluster").get("replays")).isPositive();
        ScenarioResult comparison = result(report, "rebuild cluster/single");
        assertThat(comparison.checks()).containsEntry("cluster", "3 masters + 3 replicas");
        assertThat(comparison.metasync()).isEqualTo(result(report, "rebuild@cluster").metasync());
        assertThat(comparison.baseline()).isEqualTo(result(report, "rebuild").metasync());
        assertThat(outcome.out()).contains("| rebuild cluster/single | 2,000 |").contains("Rows @cluster: metasync writing to a Redis Cluster");
    }

    private static ScenarioResult result(BenchReport report, String scenario) {
        return report.results().stream().filter(r -> r.scenario().equals(scenario)).findFirst().orElseThrow();
    }

    private static Map<String, Object> checks(BenchReport report, String scenario) {
        return result(report, scenario).checks();
    }

    private static Path only(Path dir, String suffix) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> found = files.filter(f -> f.toString().endsWith(suffix)).toList();
            assertThat(found).hasSize(1);
            return found.get(0);
        }
    }
}
