package com.tradeul.metasync.devtools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RunQueueWaitTest {

    @Test
    void the_second_field_of_schedstat_is_the_time_spent_waiting_for_a_core() {
        assertThat(RunQueueWait.waitingNanos("1532000111 204000222 3120\n")).isEqualTo(204_000_222L);
        assertThat(RunQueueWait.waitingNanos("")).isZero();
    }
}
