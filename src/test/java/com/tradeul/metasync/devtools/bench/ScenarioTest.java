package com.tradeul.metasync.devtools.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScenarioTest {

    @Test
    void no_names_means_every_scenario() {
        assertThat(Scenario.parse(List.of())).isEqualTo(EnumSet.allOf(Scenario.class));
    }

    @Test
    void names_are_case_insensitive_and_trimmed() {
        assertThat(Scenario.parse(List.of("Snapshot", " verify "))).containsExactlyInAnyOrder(Scenario.SNAPSHOT, Scenario.VERIFY);
    }

    @Test
    void an_unknown_name_is_refused_with_the_known_ones() {
        assertThatThrownBy(() -> Scenario.parse(List.of("snapshots")))
                .hasMessage("unknown scenario 'snapshots'. Fix: use one or more of snapshot,rebuild,latency,throughput,verify");
    }
}
