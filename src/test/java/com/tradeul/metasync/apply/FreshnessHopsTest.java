package com.tradeul.metasync.apply;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FreshnessHopsTest {

    @Test
    void the_hops_of_a_change_add_up_to_its_commit_to_acknowledgement() {
        BatchPlan.CommittedChange change = new BatchPlan.CommittedChange("public.t", 1_000_000_250L, 1_000_012L);

        FreshnessHops hops = FreshnessHops.of(change, 1_000_020L, 1_000_031L);

        assertThat(hops).isEqualTo(new FreshnessHops(12, 8, 11));
    }

    @Test
    void a_change_without_a_kafka_timestamp_has_no_hops() {
        assertThat(FreshnessHops.of(new BatchPlan.CommittedChange("public.t", 1_000_000_000L), 1_000_020L, 1_000_031L)).isNull();
    }

    @Test
    void a_clock_behind_the_other_hosts_gives_a_hop_of_zero_not_a_negative_one() {
        // capture's host stamps the record 5 ms before PostgreSQL's clock says it committed
        BatchPlan.CommittedChange change = new BatchPlan.CommittedChange("public.t", 1_000_000_000L, 999_995L);

        assertThat(FreshnessHops.of(change, 1_000_020L, 1_000_031L)).isEqualTo(new FreshnessHops(0, 25, 11));
    }
}
