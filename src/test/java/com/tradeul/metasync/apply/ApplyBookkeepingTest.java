package com.tradeul.metasync.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tradeul.metasync.apply.ApplyBookkeeping.Held;
import com.tradeul.metasync.apply.ApplyBookkeeping.InFlight;
import com.tradeul.metasync.apply.ApplyBookkeeping.Partition;
import com.tradeul.metasync.replay.RedisPositionPolicy.Decision;
import com.tradeul.metasync.replay.RedisPositionPolicy;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class ApplyBookkeepingTest {

    private static final Partition P0 = new Partition("metasync.public.t", 0);
    private static final Partition P1 = new Partition("metasync.public.t", 1);
    private static final Partition OTHER = new Partition("metasync.public.other", 0);
    private static final BatchPlan EMPTY = new BatchPlan(List.of(), List.of(), 0);

    private final ApplyBookkeeping book = new ApplyBookkeeping(Duration.ofSeconds(1));

    private static RedisWriter.Result answer(Map<String, Long> unexpected) {
        return new RedisWriter.Result(List.of(), 0, unexpected, 0);
    }

    /** Sends a batch ending at {@code next} and reads Redis's answer, as the loop does. */
    private ApplyBookkeeping.Answer apply(Map<Partition, Long> next, RedisWriter.Result result) {
        Map<String, OffsetAdvance> advances = book.advances(next);
        book.sent(EMPTY, advances, next, () -> result, 0, 0);
        return book.answered(book.take(), result, List.of(P0, P1));
    }

    private Long expected(Partition partition) {
        return book.advances(Map.of(partition, 1_000L)).get(partition.field()).expected();
    }

    @Test
    void advances_start_from_what_the_batch_before_left_in_redis() {
        assertThat(expected(P0)).as("nothing written yet: Redis is expected to hold none").isNull();

        apply(Map.of(P0, 10L, P1, 4L), answer(Map.of()));

        assertThat(book.advances(Map.of(P0, 15L, P1, 9L))).containsExactlyInAnyOrderEntriesOf(Map.of(
                P0.field(), new OffsetAdvance(10L, 15L),
                P1.field(), new OffsetAdvance(4L, 9L)));
    }

    @Test
    void a_refused_advance_expects_what_redis_holds_for_that_partition_and_the_others_advance() {
        apply(Map.of(P0, 10L, P1, 4L), answer(Map.of()));
        java.util.HashMap<String, Long> unexpected = new java.util.HashMap<>();
        unexpected.put(P0.field(), 30L); // another member moved P0 on
        unexpected.put(OTHER.field(), null); // and this one's offsets are gone
        apply(Map.of(P0, 15L, P1, 9L, OTHER, 3L), answer(unexpected));

        assertThat(book.advances(Map.of(P0, 40L, P1, 12L, OTHER, 5L))).containsExactlyInAnyOrderEntriesOf(Map.of(
                P0.field(), new OffsetAdvance(30L, 40L),
                P1.field(), new OffsetAdvance(9L, 12L),
                OTHER.field(), new OffsetAdvance(null, 5L)));
    }

    static Stream<Arguments> decisions() {
        return Stream.of(
                // held, position, beginning, oldestSafe -> decision, repositioned, what the next advance expects
                Arguments.of(null, 0L, 0L, Long.MIN_VALUE, Decision.Continue.class, false, null),  // fresh Redis, fresh topic
                Arguments.of(null, 500L, 0L, Long.MIN_VALUE, Decision.Seek.class, true, null),     // wiped: replay all
                Arguments.of(500L, 500L, 0L, Long.MIN_VALUE, Decision.Continue.class, false, 500L), // in step
                Arguments.of(300L, 500L, 0L, 100L, Decision.Seek.class, true, 300L),               // rolled back: replay the gap
                Arguments.of(300L, 500L, 0L, 400L, Decision.Rebuild.class, true, null),            // past retained tombstones: forgotten
                Arguments.of(700L, 500L, 0L, Long.MIN_VALUE, Decision.Seek.class, true, 700L));    // Redis ahead: skip
    }

    @ParameterizedTest(name = "held {0}, at {1} -> {4}, repositioned {5}, next advance from {6}")
    @MethodSource("decisions")
    void follow_decides_and_then_expects_what_redis_holds(Long held, long position, long beginning, long oldestSafe,
                                                          Class<? extends Decision> kind, boolean repositioned, Long expectedNext) {
        apply(Map.of(P0, 42L), answer(Map.of()));

        Decision decision = book.follow(P0, held, position, beginning, oldestSafe);

        assertThat(decision).isInstanceOf(kind);
        assertThat(book.repositioned()).isEqualTo(repositioned);
        assertThat(expected(P0)).isEqualTo(expectedNext);
    }

    @Test
    void answer_names_only_assigned_partitions_redis_did_not_hold_as_expected_with_what_it_holds() {
        Map<String, Long> unexpected = new HashMap<>();
        unexpected.put(P0.field(), null);
        unexpected.put(P1.field(), 7L);
        unexpected.put(OTHER.field(), 3L); // revoked meanwhile: no longer apply's to move

        Partition inStep = new Partition(P0.topic(), 2);
        RedisWriter.Result result = answer(unexpected);
        book.sent(EMPTY, book.advances(Map.of(P0, 10L, P1, 20L)), Map.of(P0, 10L, P1, 20L), () -> result, 0, 0);

        ApplyBookkeeping.Answer answer = book.answered(book.take(), result, List.of(P0, P1, inStep));

        assertThat(answer.recheck()).containsExactlyInAnyOrder(new Held(P0, null), new Held(P1, 7L));
        assertThat(answer.commit()).isEqualTo(Map.of(P0, 10L, P1, 20L));
    }

    @Test
    void answer_dead_letters_what_planning_found_then_what_redis_did() {
        IncomingRecord undecodable = new IncomingRecord(P0.topic(), 0, 3, null, new byte[] {1});
        IncomingRecord unmergeable = new IncomingRecord(P0.topic(), 0, 4, null, new byte[] {2});
        BatchPlan plan = new BatchPlan(List.of(), List.of(new BatchPlan.PoisonRecord(undecodable, "no key")), 2);
        RedisWriter.Result result = new RedisWriter.Result(List.of(new BatchPlan.PoisonRecord(unmergeable, "no current value")), 0,
                Map.of(), 0);
        book.sent(plan, book.advances(Map.of(P0, 5L)), Map.of(P0, 5L), () -> result, 0, 0);

        ApplyBookkeeping.Answer answer = book.answered(book.take(), result, List.of(P0));

        assertThat(answer.poison()).extracting(p -> p.record().offset()).containsExactly(3L, 4L);
    }

    @Test
    void one_batch_in_flight_the_next_advance_waits_for_its_answer() {
        book.sent(EMPTY, book.advances(Map.of(P0, 5L)), Map.of(P0, 5L), () -> answer(Map.of()), 0, 0);

        assertThatThrownBy(() -> book.advances(Map.of(P0, 9L))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> book.sent(EMPTY, Map.of(), Map.of(P0, 9L), () -> answer(Map.of()), 0, 0))
                .isInstanceOf(IllegalStateException.class);
        InFlight taken = book.take();
        assertThat(taken.advances()).containsEntry(P0.field(), new OffsetAdvance(null, 5L));
        assertThat(book.take()).isNull();
    }

    @Test
    void poll_waits_for_records_only_when_no_batch_waits_for_redis() {
        book.checking(0);
        assertThat(book.pollTimeout(0)).isEqualTo(ApplyBookkeeping.IDLE_POLL);
        book.sent(EMPTY, book.advances(Map.of(P0, 5L)), Map.of(P0, 5L), () -> answer(Map.of()), 0, 0);
        assertThat(book.pollTimeout(0)).isZero();
        book.take();
        assertThat(book.pollTimeout(0)).isEqualTo(ApplyBookkeeping.IDLE_POLL);
    }

    @Test
    void an_idle_poll_ends_when_the_check_of_redis_is_due() {
        ApplyBookkeeping checked = new ApplyBookkeeping(Duration.ofMillis(250));
        checked.checking(1_000);
        assertThat(checked.pollTimeout(1_000)).isEqualTo(ApplyBookkeeping.IDLE_POLL);
        assertThat(checked.pollTimeout(1_100)).isEqualTo(Duration.ofMillis(150));
        assertThat(checked.pollTimeout(1_250)).isZero();
        assertThat(checked.pollTimeout(1_400)).isZero();
        checked.checkNow();
        assertThat(checked.pollTimeout(1_000)).isZero();
    }

    @Test
    void repositioned_says_whether_apply_moved_since_the_batch_last_taken_was_sent() {
        book.follow(P0, 700L, 500L, 0, Long.MIN_VALUE); // Redis ahead: seek
        assertThat(book.repositioned()).isTrue();

        book.sent(EMPTY, book.advances(Map.of(P0, 701L)), Map.of(P0, 701L), () -> answer(Map.of()), 0, 0);
        book.take();
        assertThat(book.repositioned()).as("a new batch taken: its own answer decides").isFalse();

        book.follow(P0, 701L, 701L, 0, Long.MIN_VALUE); // in step
        assertThat(book.repositioned()).isFalse();
    }

    @ParameterizedTest(name = "checked at {0}, now {1} -> due {2}")
    @CsvSource({"1000, 1999, false", "1000, 2000, true", "1000, 5000, true"})
    void periodic_check_is_due_an_interval_after_the_last_check(long checkedAt, long now, boolean due) {
        assertThat(book.checkDue(0)).as("never checked").isTrue();
        book.checking(checkedAt);
        assertThat(book.checkDue(now)).isEqualTo(due);
    }

    @Test
    void a_changed_run_id_says_redis_restarted() {
        assertThat(book.restartedFrom("a")).isNull();
        assertThat(book.restartedFrom("a")).isNull();
        assertThat(book.restartedFrom("b")).isEqualTo("a");
        assertThat(book.restartedFrom("b")).isNull();
    }

    @ParameterizedTest(name = "held {0}, at {1} -> needs the retention bound: {2}")
    @CsvSource({", 5, false", "5, 5, false", "6, 5, false", "4, 5, true"})
    void only_a_redis_that_went_back_needs_the_retention_bound(Long held, long position, boolean needed) {
        assertThat(ApplyBookkeeping.needsOldestSafe(held, position)).isEqualTo(needed);
    }

    @Test
    void next_offsets_are_one_past_each_partitions_last_record() {
        List<IncomingRecord> records = List.of(new IncomingRecord(P0.topic(), 0, 7, null, null),
                new IncomingRecord(P1.topic(), 1, 3, null, null), new IncomingRecord(P0.topic(), 0, 8, null, null));

        assertThat(ApplyBookkeeping.nextOffsets(records)).isEqualTo(Map.of(P0, 9L, P1, 4L));
    }

    @Test
    void a_rebuild_forgets_the_offsets_of_every_partition_of_its_topic() {
        assertThat(ApplyBookkeeping.rebuildAdvance(P0.topic(), 3)).isEqualTo(Map.of(
                new Partition(P0.topic(), 0).field(), OffsetAdvance.forget(),
                new Partition(P0.topic(), 1).field(), OffsetAdvance.forget(),
                new Partition(P0.topic(), 2).field(), OffsetAdvance.forget()));
        assertThat(OffsetAdvance.forget().forgets()).isTrue();
        assertThat(new OffsetAdvance(null, 0L).forgets()).as("an advance to offset 0 is not a forget").isFalse();
    }

    @Test
    void after_a_rebuild_in_the_same_look_the_topics_other_partitions_count_as_holding_none() {
        java.util.Set<String> rebuilt = java.util.Set.of(P0.topic());

        assertThat(ApplyBookkeeping.heldAfterRebuilds(rebuilt, P1, 300L)).isNull();
        assertThat(ApplyBookkeeping.heldAfterRebuilds(rebuilt, OTHER, 3L)).as("another topic").isEqualTo(3L);
        assertThat(ApplyBookkeeping.heldAfterRebuilds(java.util.Set.of(), P1, 300L)).isEqualTo(300L);
    }

    /**
     * No ping-pong: a partition whose offset a rebuild forgot is replayed from the beginning, never
     * rebuilt again, however far its owner was and however young the retained tombstones are.
     */
    @ParameterizedTest(name = "owner at {0}, oldest safe {1}")
    @org.junit.jupiter.params.provider.CsvSource({"500, 400", "500, 600", "1, 1"})
    void a_partition_whose_offset_a_rebuild_forgot_replays_from_the_beginning_without_rebuilding(long position, long oldestSafe) {
        Decision decision = book.follow(P1, null, position, 0, oldestSafe);

        assertThat(decision).isInstanceOf(Decision.Seek.class);
        assertThat(((Decision.Seek) decision).offset()).isZero();
        assertThat(ApplyBookkeeping.needsOldestSafe(null, position)).isFalse();
    }
}
