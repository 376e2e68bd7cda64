package com.tradeul.metasync.devtools.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RatePacerTest {

    @ParameterizedTest(name = "at {0}/s operation {1} is due {2} ns after start")
    @CsvSource({"1000, 0, 0", "1000, 1, 1000000", "1000, 1000, 1000000000", "5000, 5, 1000000", "3, 1, 333333333"})
    void operations_are_due_at_fixed_intervals_from_start(double rate, long operation, long offset) {
        assertThat(new RatePacer(42, rate).dueNanos(operation)).isEqualTo(42 + offset);
    }

    @ParameterizedTest(name = "{0}/s for {1} ns sends {2}")
    @CsvSource({"1000, 3000000000, 3000", "5000, 20000000000, 100000", "3, 1000000000, 3", "1000, 1500000, 2"})
    void operations_within_a_duration(double rate, long nanos, long expected) {
        assertThat(new RatePacer(0, rate).operationsWithin(nanos)).isEqualTo(expected);
    }

    @Test
    void a_rate_must_be_positive() {
        assertThatThrownBy(() -> new RatePacer(0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RatePacer(0, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }
}
