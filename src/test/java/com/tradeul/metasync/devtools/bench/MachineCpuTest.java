package com.tradeul.metasync.devtools.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MachineCpuTest {

    @Test
    void busy_is_what_was_neither_idle_nor_waiting_for_io_and_steal_is_its_own_share() {
        MachineCpu.Ticks start = MachineCpu.Ticks.parse("cpu  1000 0 500 8000 100 0 50 20 0 0");
        // 1,000 ticks later: 550 user, 250 system, 100 idle, 20 iowait, 60 softirq, 20 steal
        MachineCpu.Ticks end = MachineCpu.Ticks.parse("cpu  1550 0 750 8100 120 0 110 40 0 0");

        assertThat(start.sharesUntil(end)).containsEntry("machineBusyShare", 0.88).containsEntry("machineStealShare", 0.02);
    }

    @Test
    void a_line_that_is_not_the_all_cores_line_is_refused() {
        assertThatThrownBy(() -> MachineCpu.Ticks.parse("cpu0 1 2 3 4 5 6 7 8")).isInstanceOf(IllegalArgumentException.class);
    }
}
