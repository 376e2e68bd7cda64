package com.tradeul.metasync.apply;

import static com.tradeul.metasync.apply.TickerLog.json;
import static com.tradeul.metasync.apply.TickerLog.redisKey;
import static org.assertj.core.api.Assertions.assertThat;

import com.tradeul.metasync.apply.ApplyMember.TestClock;
import com.tradeul.metasync.replay.RedisOffsets;
import com.tradeul.metasync.replay.RedisPositionPolicy.ReplayCause;
import com.tradeul.metasync.replay.RedisPositionPolicy;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * The apply loop, driven step by step, when Redis holds other offsets than apply expects (wiped,
 * restored from an older snapshot, a replay asked for): apply goes back to what Redis holds.
 * Assertions are what a user would check: key values, the offsets Redis holds, Kafka commits,
 * where apply reads.
 */
class ApplyRunnerReplayTest {

    private static final TopicPartition P0 = TickerLog.tp(0);
    private static final TopicPartition P1 = TickerLog.tp(1);
    private static final String F0 = RedisOffsets.field(TickerLog.TOPIC, 0);
    private static final String F1 = RedisOffsets.field(TickerLog.TOPIC, 1);

    private final TestClock clock = new TestClock();
    private final TickerLog log = new TickerLog(clock);
    private final FakeRedis redis = new FakeRedis();

    private ApplyMember member(int partitions, int maxPollRecords) {
        return new ApplyMember(log, redis, clock, partitions, maxPollRecords);
    }

    /** What `verify` relies on: every change below the offset Redis holds is in Redis, or a newer one of its key is. */
    private void assertRedisHoldsEveryChangeBelowItsOffsets() {
        redis.offsets().forEach((field, held) -> {
            int partition = Integer.parseInt(field.substring(field.lastIndexOf(':') + 1));
            log.lastPositions(partition, held).forEach((key, lsn) ->
                    assertThat(redis.fence(key)).as("%s below offset %d of %s", key, held, field).isNotNull().isGreaterThanOrEqualTo(lsn));
        });
    }

    @Test
    void redis_wiped_while_a_batch_is_in_flight_drops_the_next_batch_and_replays_from_the_beginning() throws Exception {
        ApplyMember apply = member(1, 2);
        apply.assign(P0);
        log.upsert(0, "A", "1.00", 100);
        log.upsert(0, "E", "5.00", 105);
        apply.steps(2);
        log.upsert(0, "C", "3.00", 120);
        log.upsert(0, "A", "1.10", 130);
        apply.step(); // offsets 2-3 in flight
        redis.flushAll();
        log.upsert(0, "D", "4.00", 140);
        log.upsert(0, "B", "2.10", 150);

        apply.step(); // polls 4-5, then reads the answer for 2-3: Redis held no offsets

        assertThat(apply.position(P0)).isZero();
        assertThat(redis.offsets()).as("the unexpected advance was refused").isEmpty();
        assertThat(redis.rowKeys()).as("2-3 went in, 4-5 were dropped").containsExactly(redisKey("A"), redisKey("C"));
        assertThat(apply.stats.replays(ReplayCause.REDIS_EMPTY)).isEqualTo(1);
        for (int i = 0; i < 4; i++) {
            apply.step();
            assertRedisHoldsEveryChangeBelowItsOffsets();
        }
        assertThat(redis.rowKeys()).containsExactly(redisKey("A"), redisKey("B"), redisKey("C"), redisKey("D"), redisKey("E"));
        assertThat(redis.value(redisKey("A"))).isEqualTo(json("A", "1.10"));
        assertThat(redis.value(redisKey("B"))).isEqualTo(json("B", "2.10"));
        assertThat(redis.value(redisKey("E"))).isEqualTo(json("E", "5.00"));
        assertThat(redis.offsets()).isEqualTo(Map.of(F0, 6L));
        assertThat(apply.consumer.lastCommitted(P0)).isEqualTo(6);
    }

    @Test
    void redis_restored_from_before_retained_tombstones_rebuilds_the_table() throws Exception {
        ApplyMember apply = member(1, 100);
        apply.assign(P0);
        log.upsert(0, "A", "1.00", 100);
        log.upsert(0, "B", "2.00", 110);
        apply.steps(2);
        FakeRedis.Snapshot lastSave = redis.save();
        clock.advance(Duration.ofMillis(2 * ApplyMember.RETENTION_MS));
        long tombstone = log.delete(0, "B", 120);
        log.upsert(0, "C", "3.00", 130);
        apply.steps(2);
        clock.advance(Duration.ofMillis(2 * ApplyMember.RETENTION_MS));
        // Compaction: B's change is superseded, and its tombstone is past delete.retention.ms.
        for (long offset = 1; offset <= tombstone; offset++) {
            log.compactAway(0, offset);
        }
        redis.restartFrom(lastSave);

        apply.steps(2); // the periodic check, then the replay

        assertThat(apply.stats.replays(ReplayCause.REBUILD)).isEqualTo(1);
        assertThat(redis.rowKeys()).as("B, deleted in PostgreSQL, is gone though its tombstone was compacted away")
                .containsExactly(redisKey("A"), redisKey("C"));
        assertThat(redis.value(redisKey("C"))).isEqualTo(json("C", "3.00"));
        assertThat(redis.offsets()).isEqualTo(Map.of(F0, 5L));
    }

    /**
     * Two members of the group: P0's owner finds Redis rolled back past the retained tombstones and
     * rebuilds the table, deleting the keys of P1's rows too, while Redis still held P1's offset as
     * its owner expected. The rebuild forgets P1's offset, so P1's owner replays P1 as well.
     */
    @Test
    void a_rebuild_by_one_member_makes_the_owner_of_another_partition_replay_it() throws Exception {
        ApplyMember a = member(2, 100);
        ApplyMember b = member(2, 100);
        a.assign(P0);
        b.assign(P1);
        log.upsert(0, "A", "1.00", 100);
        log.upsert(0, "B", "2.00", 110);
        log.upsert(1, "X", "9.00", 105);
        a.steps(2);
        b.steps(2);
        FakeRedis.Snapshot lastSave = redis.save();
        clock.advance(Duration.ofMillis(2 * ApplyMember.RETENTION_MS));
        long tombstone = log.delete(0, "B", 120);
        log.upsert(0, "C", "3.00", 130);
        a.steps(2);
        clock.advance(Duration.ofMillis(2 * ApplyMember.RETENTION_MS));
        for (long offset = 1; offset <= tombstone; offset++) {
            log.compactAway(0, offset);
        }
        redis.restartFrom(lastSave); // P1's offset is what b wrote: it has had nothing new since

        a.steps(2); // the periodic check finds P0 behind the retained tombstones: rebuild
        assertThat(a.stats.replays(ReplayCause.REBUILD)).isEqualTo(1);
        assertThat(redis.offsets()).as("P1's offset forgotten by the rebuild").doesNotContainKey(F1);
        clock.advance(ApplyMember.CHECK_INTERVAL);
        b.steps(3); // its periodic check finds no offset for P1: replays it, without rebuilding again

        assertThat(b.stats.replays(ReplayCause.REBUILD)).as("no ping-pong of rebuilds").isZero();
        assertThat(b.stats.replays(ReplayCause.REDIS_EMPTY)).isEqualTo(1);
        assertThat(redis.rowKeys()).containsExactly(redisKey("A"), redisKey("C"), redisKey("X"));
        assertThat(redis.offsets()).isEqualTo(Map.of(F0, 5L, F1, 1L));
        clock.advance(ApplyMember.CHECK_INTERVAL);
        a.steps(2);
        b.steps(2);
        assertThat(a.stats.replays(ReplayCause.REBUILD) + b.stats.replays(ReplayCause.REBUILD)).isEqualTo(1);
    }

    @Test
    void a_replay_of_one_partition_loses_nothing_the_other_partition_had_polled() throws Exception {
        ApplyMember apply = member(2, 1);
        apply.assign(P0, P1);
        log.upsert(0, "A", "1.00", 100);
        log.upsert(1, "X", "9.00", 105);
        apply.steps(2);
        log.upsert(0, "B", "2.00", 110);
        log.upsert(1, "Y", "8.00", 115);
        apply.step(); // offset 1 of both partitions in flight
        redis.setOffset(F0, 0L); // `metasync replay` of P0 from the beginning
        log.upsert(0, "C", "3.00", 120);
        log.upsert(1, "Z", "7.00", 125);

        apply.step(); // the answer says P0 went back: the batch polled meanwhile (C, Z) is dropped
        // Redis did not advance P1 either (the offset script is all or nothing): the periodic check
        // finds P1 behind apply's position and reads Z again (it reports that as a rollback of P1).
        clock.advance(ApplyMember.CHECK_INTERVAL);
        for (int i = 0; i < 8; i++) {
            apply.step();
            assertRedisHoldsEveryChangeBelowItsOffsets();
        }

        assertThat(redis.rowKeys()).containsExactly(redisKey("A"), redisKey("B"), redisKey("C"),
                redisKey("X"), redisKey("Y"), redisKey("Z"));
        assertThat(redis.offsets()).isEqualTo(Map.of(F0, 3L, F1, 3L));
    }
}
