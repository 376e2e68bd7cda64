package com.tradeul.metasync.capture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradeul.metasync.capture.SourceCheck.Cause;
import com.tradeul.metasync.capture.SourceCheck.Decision;
import com.tradeul.metasync.capture.SourceCheck.Slot;
import com.tradeul.metasync.config.CaptureSettings.OnSlotLost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SourceCheckTest {

    private static final SourceIdentity STREAMING = new SourceIdentity("111", 2, 500, null);

    private static Decision decide(String system, Slot slot, SourceIdentity stored, OnSlotLost policy) {
        return SourceCheck.decide(new SourceCheck.Observed(system, slot), stored, policy, "s1", "db:5432/app");
    }

    @ParameterizedTest(name = "cluster {0}, slot {1}, pending {2}, {3} -> {4} {5}")
    @CsvSource(delimiter = '|', value = {
        // What was captured from is still there: stream on.
        "111 | PRESENT | | RESNAPSHOT | STREAM     |",
        "111 | PRESENT | | STOP       | STREAM     |",
        // Its position is gone: a fresh snapshot, or a stop with the fix.
        "111 | MISSING | | RESNAPSHOT | RESNAPSHOT | SLOT_DROPPED",
        "111 | MISSING | | STOP       | STOP       | SLOT_DROPPED",
        "111 | LOST    | | RESNAPSHOT | RESNAPSHOT | SLOT_LOST",
        "111 | LOST    | | STOP       | STOP       | SLOT_LOST",
        // Another cluster: whatever its slot says (one of the same name means nothing), positions shift.
        "222 | MISSING | | RESNAPSHOT | RESNAPSHOT | CLUSTER_REPLACED",
        "222 | PRESENT | | RESNAPSHOT | RESNAPSHOT | CLUSTER_REPLACED",
        "222 | LOST    | | STOP       | STOP       | CLUSTER_REPLACED",
        // A fresh snapshot that did not finish is taken again, even once the new slot exists.
        "111 | PRESENT | SLOT_LOST        | STOP       | RESNAPSHOT | SLOT_LOST",
        "111 | MISSING | CLUSTER_REPLACED | RESNAPSHOT | RESNAPSHOT | CLUSTER_REPLACED",
        // A copy snapshot (capture.snapshot.reader=copy) interrupted half way: its slot exists, its export is gone.
        "111 | PRESENT | SNAPSHOT_INTERRUPTED | STOP       | RESNAPSHOT | SNAPSHOT_INTERRUPTED",
        "111 | MISSING | SNAPSHOT_INTERRUPTED | RESNAPSHOT | RESNAPSHOT | SNAPSHOT_INTERRUPTED",
    })
    void decides_from_the_cluster_the_slot_and_the_policy(String system, Slot slot, Cause pending, OnSlotLost policy,
                                                         String expected, Cause cause) {
        Decision decision = decide(system, slot, new SourceIdentity("111", 2, 500, pending), policy);

        switch (expected) {
            case "STREAM" -> assertThat(decision).isEqualTo(new Decision.Stream(STREAMING));
            case "STOP" -> assertThat(decision).isInstanceOfSatisfying(Decision.Stop.class, stop -> {
                assertThat(stop.cause()).isEqualTo(cause);
                assertThat(stop.message()).contains("capture stops (capture.on-slot-lost=stop)");
                assertThat(stop.fix()).contains("capture.on-slot-lost=resnapshot");
            });
            default -> assertThat(decision).isInstanceOfSatisfying(Decision.Resnapshot.class, r -> {
                assertThat(r.cause()).isEqualTo(cause);
                assertThat(r.shiftPositions()).isEqualTo(cause == Cause.CLUSTER_REPLACED);
                // New offsets every time, pending until its tombstones are in Kafka, on the cluster found now.
                assertThat(r.next()).isEqualTo(new SourceIdentity(system, 3, 500, cause));
                assertThat(r.next().engineName()).isEqualTo("metasync-capture-3");
                assertThat(r.message()).contains("rows deleted meanwhile are removed from Kafka and Redis");
            });
        }
    }

    @Test
    void a_first_start_remembers_the_cluster_and_lets_debezium_take_its_initial_snapshot() {
        assertThat(decide("111", Slot.MISSING, null, OnSlotLost.RESNAPSHOT)).isEqualTo(new Decision.Stream(SourceIdentity.first("111")));
        assertThat(decide("111", Slot.PRESENT, null, OnSlotLost.STOP)).isEqualTo(new Decision.Stream(SourceIdentity.first("111")));
        assertThat(SourceIdentity.first("111").engineName()).as("the offsets capture always had").isEqualTo("metasync-capture");
    }

    @Test
    void a_slot_invalidated_before_the_cluster_was_ever_remembered_is_still_a_lost_slot() {
        assertThat(decide("111", Slot.LOST, null, OnSlotLost.RESNAPSHOT)).isInstanceOfSatisfying(Decision.Resnapshot.class,
                r -> assertThat(r.next()).isEqualTo(new SourceIdentity("111", 1, 0, Cause.SLOT_LOST)));
    }

    @Test
    void each_message_says_what_happened_and_names_slot_and_cluster() {
        assertThat(((Decision.Resnapshot) decide("111", Slot.MISSING, STREAMING, OnSlotLost.RESNAPSHOT)).message())
                .startsWith("replication slot s1 no longer exists (dropped)");
        assertThat(((Decision.Resnapshot) decide("111", Slot.LOST, STREAMING, OnSlotLost.RESNAPSHOT)).message())
                .startsWith("replication slot s1 was invalidated (wal_status=lost)").contains("max_slot_wal_keep_size");
        assertThat(((Decision.Resnapshot) decide("222", Slot.MISSING, STREAMING, OnSlotLost.RESNAPSHOT)).message())
                .startsWith("PostgreSQL at db:5432/app is another cluster (system identifier 222, capture streamed from 111)");
        assertThat(((Decision.Stop) decide("222", Slot.MISSING, STREAMING, OnSlotLost.STOP)).fix())
                .contains("correct postgres.host / postgres.port / postgres.database");
        assertThat(((Decision.Resnapshot) decide("111", Slot.PRESENT, new SourceIdentity("111", 0, 0, Cause.SNAPSHOT_INTERRUPTED),
                OnSlotLost.RESNAPSHOT)).message())
                .startsWith("capture's copy snapshot from replication slot s1 stopped before it was done")
                .contains("the fresh snapshot this needs is not done yet: taking it now");
    }
}
