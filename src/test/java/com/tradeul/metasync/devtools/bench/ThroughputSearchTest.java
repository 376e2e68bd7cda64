package com.tradeul.metasync.devtools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradeul.metasync.devtools.bench.ThroughputSearch.Step;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ThroughputSearchTest {

    @ParameterizedTest(name = "offered {0}, delivered {1}, lag {2} -> {3} in 10 s: kept up {4}, bounded {5}")
    @CsvSource({
        "1000, 1000, 0, 0, true, true",
        "1000, 900, 900, 1400, true, true",        // grew by the minimum (500)
        "1000, 899, 0, 0, false, true",
        "1000, 1000, 100, 601, true, false",       // grew by more than 500
        "20000, 20000, 8000, 18000, true, true",   // grew by 10 % of the 100,000 delivered in the second half
        "20000, 20000, 8000, 18001, true, false",
        "1000, 1000, 5000, 5001, true, false",     // steady, but over 5 s of changes behind
        "8000, 4000, 0, 40000, false, false",
    })
    void a_step_passes_with_the_rate_delivered_and_a_lag_that_does_not_grow(double offered, double achieved, long middle,
                                                                           long end, boolean keptUp, boolean bounded) {
        Step step = new Step(offered, achieved, middle, end, 10);
        assertThat(step.generatorKeptUp()).isEqualTo(keptUp);
        assertThat(step.lagBounded()).isEqualTo(bounded);
    }

    @Test
    void doubles_the_rate_until_lag_grows_and_reports_the_last_step_that_kept_up() {
        ThroughputSearch search = new ThroughputSearch(1000, 64_000);
        search.record(new Step(1000, 1000, 10, 10, 2));
        assertThat(search.nextRate()).contains(2000.0);
        search.record(new Step(2000, 1990, 40, 50, 2));
        assertThat(search.nextRate()).contains(4000.0);
        search.record(new Step(4000, 3980, 2_000, 20_000, 2));
        assertThat(search.nextRate()).as("bisects between the last rate that kept up and the first that lagged").contains(3000.0);
        search.record(new Step(3000, 2995, 40, 60, 2));
        assertThat(search.nextRate()).contains(3500.0);
        search.record(new Step(3500, 3490, 1_000, 9_000, 2));
        assertThat(search.nextRate()).isEmpty();
        assertThat(search.stopReason()).isEqualTo("lag-grew");
        assertThat(search.best()).map(Step::offeredPerSecond).contains(3000.0);
    }

    @Test
    void stops_as_generator_limited_when_the_load_cannot_be_delivered_and_counts_what_was() {
        ThroughputSearch search = new ThroughputSearch(1000, 64_000);
        search.record(new Step(1000, 1000, 0, 0, 2));
        search.record(new Step(2000, 1500, 100, 100, 2));
        assertThat(search.stopReason()).isEqualTo("generator-limited");
        assertThat(search.best()).map(Step::achievedPerSecond).contains(1500.0);
    }

    @Test
    void stops_at_the_maximum_rate() {
        ThroughputSearch search = new ThroughputSearch(1000, 2000);
        search.record(new Step(1000, 1000, 0, 0, 2));
        search.record(new Step(2000, 2000, 0, 0, 2));
        assertThat(search.nextRate()).isEmpty();
        assertThat(search.stopReason()).isEqualTo("max-rate-reached");
        assertThat(search.steps()).hasSize(2);
    }

    @Test
    void nothing_sustained_when_the_first_step_already_lags() {
        ThroughputSearch search = new ThroughputSearch(1000, 64_000);
        search.record(new Step(1000, 1000, 0, 5000, 2));
        assertThat(search.best()).isEmpty();
    }
}
