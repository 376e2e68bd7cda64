package com.tradeul.metasync.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradeul.metasync.apply.OffsetAdvance;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where a partition stands on a cluster, from the per-slot records: pure, no Redis. */
class SlotOffsetBookTest {

    private static final String P = "topic:0";

    /** Every slot's record holding {@code offset} for P. */
    private static Map<Integer, Map<String, Long>> everySlot(long offset) {
        Map<Integer, Map<String, Long>> held = new HashMap<>();
        for (int slot = 0; slot < SlotTags.SLOTS; slot++) {
            held.put(slot, Map.of(P, offset));
        }
        return held;
    }

    /** A book that read {@code held} and then wrote a batch [expected, next) into {@code slots}. */
    private static SlotOffsetBook afterBatch(Map<Integer, Map<String, Long>> held, Long expected, long next, int... slots) {
        SlotOffsetBook book = new SlotOffsetBook();
        book.reconcile(held);
        for (int slot : slots) {
            held.put(slot, Map.of(P, next));
            book.advanced(slot, P, next);
        }
        book.batchDone(P, new OffsetAdvance(expected, next));
        return book;
    }

    @Test
    void before_apply_read_the_records_the_position_is_their_minimum_and_a_slot_without_one_means_from_the_beginning() {
        Map<Integer, Map<String, Long>> held = everySlot(500);
        held.put(7, Map.of(P, 200L));
        assertThat(new SlotOffsetBook().positions(held)).containsEntry(P, 200L);
        held.remove(9);
        assertThat(new SlotOffsetBook().positions(held)).doesNotContainKey(P);
    }

    @Test
    void slots_a_batch_did_not_touch_count_with_where_apply_stands_so_their_lagging_records_cause_no_replay() {
        Map<Integer, Map<String, Long>> held = everySlot(500);
        SlotOffsetBook book = afterBatch(held, 500L, 800, 3, 4);
        assertThat(book.positions(held)).containsEntry(P, 800L);
        assertThat(book.changedBehindApply(held)).isFalse();
    }

    @Test
    void a_fresh_cluster_read_from_the_beginning_stands_at_the_batch_end_although_most_slots_hold_no_record() {
        Map<Integer, Map<String, Long>> held = new HashMap<>();
        SlotOffsetBook book = afterBatch(held, null, 100, 42);
        assertThat(book.positions(held)).containsEntry(P, 100L);
        assertThat(book.sweepOf(41)).containsEntry(P, new OffsetAdvance(null, 100L));
        assertThat(book.sweepOf(42)).isEmpty();
    }

    @Test
    void a_wiped_master_shows_as_slots_that_lost_their_records_and_the_partition_replays_from_the_beginning() {
        Map<Integer, Map<String, Long>> held = everySlot(500);
        SlotOffsetBook book = afterBatch(held, 500L, 800, 3);
        for (int slot = 0; slot < 5461; slot++) {
            held.remove(slot); // the first master's slots, FLUSHALL
        }
        assertThat(book.changedBehindApply(held)).isTrue();
        assertThat(book.positions(held)).doesNotContainKey(P);
        assertThat(book.reconcile(held)).doesNotContainKey(P);
        assertThat(book.sweepOf(3)).as("a wiped slot's record stays absent: no sweep vouches for it").isEmpty();
    }

    @Test
    void a_master_rolled_back_to_an_older_snapshot_replays_the_gap_from_its_oldest_record() {
        Map<Integer, Map<String, Long>> held = everySlot(500);
        SlotOffsetBook book = afterBatch(held, 500L, 800, 3, 4);
        held.put(3, Map.of(P, 650L)); // slot 3 went back to a snapshot taken at 650
        assertThat(book.positions(held)).containsEntry(P, 650L);
        assertThat(book.reconcile(held)).containsEntry(P, 650L);
        assertThat(book.current()).containsEntry(P, 650L);
    }

    @Test
    void a_batch_from_beyond_where_apply_stands_does_not_move_it_and_one_from_before_never_moves_it_back() {
        Map<Integer, Map<String, Long>> held = everySlot(500);
        SlotOffsetBook book = afterBatch(held, 500L, 800, 3);
        book.batchDone(P, new OffsetAdvance(900L, 1000));
        assertThat(book.current()).containsEntry(P, 800L);
        book.batchDone(P, new OffsetAdvance(600L, 700));
        assertThat(book.current()).containsEntry(P, 800L);
        book.batchDone(P, new OffsetAdvance(800L, 850));
        assertThat(book.current()).containsEntry(P, 850L);
    }

    @Test
    void a_touched_slot_advances_from_what_apply_saw_there() {
        Map<Integer, Map<String, Long>> held = everySlot(500);
        held.remove(5);
        SlotOffsetBook book = new SlotOffsetBook();
        book.reconcile(held);
        assertThat(book.advancesFor(4, Map.of(P, new OffsetAdvance(500L, 900)))).containsEntry(P, new OffsetAdvance(500L, 900));
        assertThat(book.advancesFor(5, Map.of(P, new OffsetAdvance(500L, 900)))).containsEntry(P, new OffsetAdvance(null, 900));
    }

    @Test
    void after_a_wipe_no_slot_is_vouched_for_until_a_batch_from_the_beginning_is_in_then_the_wiped_slots_get_a_record_at_once() {
        Map<Integer, Map<String, Long>> held = everySlot(500);
        SlotOffsetBook book = afterBatch(held, 500L, 800, 3);
        for (int slot = 0; slot < 5461; slot++) {
            held.remove(slot);
        }
        book.reconcile(held);
        assertThat(book.vouchesForSlotsWithoutRecord()).as("while the slot's rows are missing").isFalse();
        assertThat(book.sweepOf(3)).isEmpty();

        // The replay's first batch, from the beginning, into a slot of each master.
        held.put(3, Map.of(P, 100L));
        book.advanced(3, P, 100);
        held.put(9000, Map.of(P, 100L));
        book.advanced(9000, P, 100);
        book.batchDone(P, new OffsetAdvance(null, 100));
        assertThat(book.vouchesForSlotsWithoutRecord()).isTrue();
        assertThat(book.sweepOf(4)).as("a wiped slot the batch did not touch").containsEntry(P, new OffsetAdvance(null, 100L));
        assertThat(book.sweepOf(9001)).as("a slot that kept its rows, rewound to what the replay vouches for")
                .containsEntry(P, new OffsetAdvance(500L, 100L));

        for (int slot = 0; slot < SlotTags.SLOTS; slot++) {
            int swept = slot;
            book.sweepOf(slot).forEach((field, move) -> book.advanced(swept, field, move.next()));
        }
        assertThat(book.vouchesForSlotsWithoutRecord()).as("once the sweep wrote them").isFalse();
    }

    @Test
    void a_batch_that_does_not_go_on_from_where_apply_stands_vouches_for_no_slot_without_a_record() {
        Map<Integer, Map<String, Long>> held = everySlot(500);
        held.remove(7);
        SlotOffsetBook book = new SlotOffsetBook();
        book.reconcile(held);
        book.batchDone(P, new OffsetAdvance(500L, 900));
        assertThat(book.current()).doesNotContainKey(P);
        assertThat(book.vouchesForSlotsWithoutRecord()).isFalse();
        assertThat(book.sweepOf(7)).isEmpty();
    }

    @Test
    void a_rolled_back_slot_keeps_a_record_so_it_waits_for_the_interval_sweep() {
        Map<Integer, Map<String, Long>> held = everySlot(500);
        SlotOffsetBook book = afterBatch(held, 500L, 800, 3);
        held.put(3, Map.of(P, 650L));
        book.reconcile(held);
        book.batchDone(P, new OffsetAdvance(650L, 900));
        assertThat(book.vouchesForSlotsWithoutRecord()).isFalse();
        assertThat(book.sweepOf(4)).containsEntry(P, new OffsetAdvance(500L, 900L));
    }

    @Test
    void a_fresh_cluster_is_vouched_for_after_its_first_batch() {
        SlotOffsetBook book = new SlotOffsetBook();
        book.reconcile(new HashMap<>());
        assertThat(book.vouchesForSlotsWithoutRecord()).isFalse();
        book.batchDone(P, new OffsetAdvance(null, 100));
        assertThat(book.vouchesForSlotsWithoutRecord()).isTrue();
    }
    /**
     * A rebuild forgot P in every slot's record: apply vouches for none of P's rows (a restart or
     * another reader sees "from the beginning"), a batch from the beginning expects no record in its
     * slots, and once it is in, the other slots' records are due at once (a sweep).
     */
    @Test
    void a_partition_forgotten_by_a_rebuild_counts_from_the_beginning_until_a_batch_from_the_beginning_is_in() {
        SlotOffsetBook book = afterBatch(everySlot(500), 500L, 600L, 3);
        book.forgotten(java.util.Set.of(P));
        Map<Integer, Map<String, Long>> held = new HashMap<>(); // every record lost P: HDEL emptied them

        assertThat(book.positions(held)).doesNotContainKey(P);
        assertThat(book.changedBehindApply(held)).as("the records are as apply left them").isFalse();
        assertThat(book.current()).doesNotContainKey(P);
        assertThat(book.sweepOf(3)).as("nothing to sweep for a partition apply vouches for nowhere").isEmpty();
        assertThat(book.advancesFor(3, Map.of(P, new OffsetAdvance(null, 40L)))).isEqualTo(Map.of(P, new OffsetAdvance(null, 40L)));

        book.advanced(3, P, 40L);
        book.batchDone(P, new OffsetAdvance(null, 40L));
        assertThat(book.current()).containsEntry(P, 40L);
        assertThat(book.vouchesForSlotsWithoutRecord()).isTrue();
        assertThat(book.sweepOf(4)).isEqualTo(Map.of(P, new OffsetAdvance(null, 40L)));
    }
}
