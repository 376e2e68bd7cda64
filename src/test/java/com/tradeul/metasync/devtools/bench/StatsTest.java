package com.tradeul.metasync.devtools.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StatsTest {

    @ParameterizedTest(name = "p{0} of 1..100 = {1}")
    @CsvSource({"50, 50", "99, 99", "100, 100", "1, 1", "0.5, 1", "99.9, 100"})
    void nearest_rank_percentile_of_one_to_a_hundred(double p, double expected) {
        long[] values = new long[100];
        for (int i = 0; i < 100; i++) {
            values[99 - i] = i + 1; // unsorted on purpose
        }
        assertThat(Stats.percentile(values, p)).isEqualTo(expected);
    }

    @Test
    void percentile_of_one_value_is_that_value_and_of_none_is_nan() {
        assertThat(Stats.percentile(new long[] {7}, 99)).isEqualTo(7);
        assertThat(Stats.percentile(new long[0], 50)).isNaN();
    }

    @Test
    void percentile_outside_zero_to_hundred_is_refused() {
        assertThatThrownBy(() -> Stats.percentile(new long[] {1}, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Stats.percentile(new long[] {1}, 101)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void median_of_odd_and_even_counts_ignores_nan() {
        assertThat(Stats.median(List.of(3.0, 1.0, 2.0))).isEqualTo(2.0);
        assertThat(Stats.median(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(2.5);
        assertThat(Stats.median(List.of(5.0, Double.NaN))).isEqualTo(5.0);
        assertThat(Stats.median(List.of())).isNaN();
    }
}
