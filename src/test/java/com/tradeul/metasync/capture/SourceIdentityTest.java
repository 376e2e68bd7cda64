package com.tradeul.metasync.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SourceIdentityTest {

    @ParameterizedTest
    @CsvSource({"7714288078830751628, 0, 0,", "1, 4, 123456789, CLUSTER_REPLACED", "9, 1, 0, SLOT_LOST"})
    void its_stored_form_reads_back_the_same(String system, int generation, long base, SourceCheck.Cause pending) {
        SourceIdentity identity = new SourceIdentity(system, generation, base, pending);

        assertThat(SourceIdentity.parse(identity.format())).isEqualTo(identity);
    }

    @Test
    void a_stored_form_without_a_field_is_refused_with_the_field_named() {
        assertThatThrownBy(() -> SourceIdentity.parse("generation=1;position-base=0"))
                .hasMessageContaining("has no system-identifier");
    }

    /**
     * The point of the base: an old cluster's positions reached 0/9000000 and the new one starts at
     * 0/1500000. Unshifted, every change of the new cluster would be "older" than the fences.
     */
    @Test
    void positions_of_a_replaced_cluster_are_raised_above_every_old_one() {
        long highestOld = 0x9000000L;
        long newClusterLsn = 0x1500000L;
        SourceIdentity old = new SourceIdentity("1", 0, 0, null);
        SourceIdentity replaced = old.resnapshot("2", SourceCheck.Cause.CLUSTER_REPLACED)
                .withPositionBase(SourceIdentity.baseAbove(old.positionBase(), highestOld));

        assertThat(newClusterLsn).isLessThan(highestOld);
        assertThat(replaced.position(newClusterLsn)).isGreaterThan(highestOld);
        assertThat(replaced.position(1)).isGreaterThan(highestOld);
        assertThat(replaced.finished().pending()).isNull();
        // A base never goes down, even when the topics were emptied since.
        assertThat(SourceIdentity.baseAbove(500, 10)).isEqualTo(500);
    }

    @Test
    void the_rows_a_fresh_snapshot_did_not_read_are_the_ones_to_tombstone() {
        SnapshotReconciliation reconciliation = new SnapshotReconciliation(
                Map.of("t1", Set.of("{\"k\":1}", "{\"k\":2}", "{\"k\":3}"), "t2", Set.of("{\"k\":9}")), 77);
        reconciliation.snapshotRead("t1", "{\"k\":1}");
        reconciliation.snapshotRead("t1", "{\"k\":3}");
        reconciliation.snapshotRead("t1", "{\"k\":4}"); // new since: not in the topic before, nothing to remove
        reconciliation.snapshotRead("t2", "{\"k\":9}");

        assertThat(reconciliation.stale()).isEqualTo(Map.of("t1", Set.of("{\"k\":2}")));
        assertThat(reconciliation.rowsRead()).isEqualTo(4);
        assertThat(reconciliation.tombstonePosition()).isEqualTo(77);
    }
}
