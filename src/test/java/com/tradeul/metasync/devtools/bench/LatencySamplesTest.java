package com.tradeul.metasync.devtools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradeul.metasync.devtools.bench.BenchReport.Latency;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LatencySamplesTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "{\"symbol\":\"T0000001\",\"volume\":1000000000042,\"exchange\":\"NYSE\"} | 1000000000042",
        "{\"volume\":-5} | -5",
        "{\"volume\":null} | -1",
        "{\"symbol\":\"T\"} | -1",
    })
    void reads_the_change_number_from_volume(String json, long expected) {
        assertThat(LatencySamples.volumeOf(json)).isEqualTo(expected);
    }

    @Test
    void a_missing_value_has_no_number() {
        assertThat(LatencySamples.volumeOf(null)).isEqualTo(-1);
    }

    @Test
    void pairs_commits_with_arrivals_and_skips_changes_never_seen() {
        long[] commits = {1_000_000, 2_000_000, 3_000_000, 0};
        long[] arrivals = {3_000_000, 0, 13_000_000, 9_000_000};
        Latency latency = LatencySamples.of(commits, arrivals);
        assertThat(latency.samples()).isEqualTo(2);
        assertThat(latency.p50Ms()).isEqualTo(2.0);
        assertThat(latency.p99Ms()).isEqualTo(10.0);
        assertThat(latency.maxMs()).isEqualTo(10.0);
    }

    @Test
    void an_arrival_noted_before_its_commit_counts_as_zero() {
        Latency latency = LatencySamples.of(new long[] {5_000_000}, new long[] {4_900_000});
        assertThat(latency.maxMs()).isZero();
    }
}
