package com.tradeul.metasync.devtools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradeul.metasync.apply.ApplyStats;
import com.tradeul.metasync.apply.BatchPlan.CommittedChange;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HopSamplesTest {

    @Test
    void each_hop_gets_its_own_percentiles_over_the_changes_applied_while_listening() {
        ApplyStats stats = new ApplyStats();
        HopSamples samples = HopSamples.listen(stats);
        // 2,000 changes (beyond the first array): commit at 1,000 ms, sent i % 100 ms later, polled 5 ms after, acknowledged 2 ms after that
        List<CommittedChange> changes = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            changes.add(new CommittedChange("public.t", 1_000_000L, 1_000 + i % 100));
        }
        for (CommittedChange change : changes) {
            samples.accept(new ApplyStats.AppliedBatch(1, 1, 0, change.sentMillis() + 5, change.sentMillis() + 7, List.of(change)));
        }
        samples.accept(new ApplyStats.AppliedBatch(1, 1, 0, 9, 9, List.of(new CommittedChange("public.t", 1_000_000L)))); // no timestamp

        assertThat(samples.checks()).containsEntry("hop.samples", 2_000).containsEntry("hop.capture.p50Ms", 49.0)
                .containsEntry("hop.capture.p99Ms", 98.0).containsEntry("hop.kafka.p99Ms", 5.0).containsEntry("hop.apply.p50Ms", 2.0);
        assertThat(samples.describe()).isEqualTo("capture p50 49 / p99 98 ms, kafka p50 5 / p99 5 ms, apply p50 2 / p99 2 ms");
    }
}
