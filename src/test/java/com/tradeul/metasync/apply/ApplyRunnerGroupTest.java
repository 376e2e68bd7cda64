package com.tradeul.metasync.apply;

import static com.tradeul.metasync.apply.TickerLog.json;
import static com.tradeul.metasync.apply.TickerLog.redisKey;
import static org.assertj.core.api.Assertions.assertThat;

import com.tradeul.metasync.apply.ApplyMember.TestClock;
import com.tradeul.metasync.replay.RedisOffsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * Apply members of one consumer group over one Redis, driven step by step: rebalances, and a
 * member that lost its partition without knowing (a zombie).
 * Assertions are what a user would check: key values, the offsets Redis holds, Kafka commits,
 * where apply reads.
 */
class ApplyRunnerGroupTest {

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

    /** A member owning P0 and P1, with a batch of both in flight. */
    private ApplyMember memberWithABatchInFlight() throws InterruptedException {
        ApplyMember member = member(2, 100);
        member.assign(P0, P1);
        log.upsert(0, "A", "1.00", 100);
        log.upsert(0, "B", "2.00", 110);
        log.upsert(1, "C", "3.00", 120);
        member.step();
        return member;
    }

    @Test
    void rebalance_finishes_the_batch_in_flight_before_revoking() throws Exception {
        ApplyMember first = memberWithABatchInFlight();
        assertThat(redis.offsets()).as("batch in flight: Redis has not answered yet").isEmpty();
        List<Set<TopicPartition>> assignedWhenRedisApplied = new ArrayList<>();
        redis.onTransaction(() -> assignedWhenRedisApplied.add(Set.copyOf(first.consumer.assignment())));

        first.assign(P1); // P0 revoked

        assertThat(assignedWhenRedisApplied).containsExactly(Set.of(P0, P1));
        assertThat(redis.offsets()).isEqualTo(Map.of(F0, 2L, F1, 1L));
        assertThat(redis.value(redisKey("B"))).isEqualTo(json("B", "2.00"));
        assertThat(first.consumer.commits()).singleElement().satisfies(commit -> {
            assertThat(commit.offsets()).isEqualTo(Map.of(P0, 2L, P1, 1L));
            assertThat(commit.assigned()).contains(P0);
        });
        assertThat(first.stats.records()).isEqualTo(3);
    }

    @Test
    void after_a_rebalance_each_owner_starts_where_redis_says() throws Exception {
        ApplyMember first = memberWithABatchInFlight();
        ApplyMember second = member(2, 100);
        first.assign(P1);
        log.upsert(0, "A", "1.50", 130);

        second.assign(P0);
        assertThat(second.position(P0)).as("Redis holds 2; with no commit of its own, the reset policy says 0").isEqualTo(2);
        second.steps(2);
        // P0 goes back to the first member. MockConsumers share no group commits, so its Kafka
        // offset still says 2, as after a failed commit: Redis's 3 is what counts.
        second.assign();
        first.assign(P0, P1);

        assertThat(first.consumer.lastCommitted(P0)).isEqualTo(2);
        assertThat(first.position(P0)).isEqualTo(3);
        log.upsert(0, "B", "2.50", 140);
        first.steps(2);
        assertThat(redis.offsets()).isEqualTo(Map.of(F0, 4L, F1, 1L));
        assertThat(redis.value(redisKey("A"))).isEqualTo(json("A", "1.50"));
        assertThat(redis.value(redisKey("B"))).isEqualTo(json("B", "2.50"));
        assertThat(redis.timesWritten(redisKey("A"))).as("no batch applied twice").isEqualTo(2);
    }

    @Test
    void zombie_batch_is_fenced_and_its_advance_refused_so_it_follows_redis_instead() throws Exception {
        ApplyMember zombie = member(1, 2);
        ApplyMember successor = member(1, 100);
        zombie.assign(P0);
        log.upsert(0, "A", "1.00", 100);
        log.upsert(0, "B", "2.00", 110);
        zombie.steps(2);
        // P0 moves to the successor; the zombie, stalled, never hears of it and still reads P0.
        log.upsert(0, "A", "1.10", 200);
        log.upsert(0, "B", "2.10", 210);
        log.upsert(0, "A", "1.15", 220);
        log.upsert(0, "B", "2.15", 230);
        log.upsert(0, "A", "1.20", 300);
        log.upsert(0, "B", "2.20", 310);
        successor.assign(P0);
        successor.steps(2);
        assertThat(redis.offsets()).isEqualTo(Map.of(F0, 8L));

        zombie.step(); // sends offsets 2-3, older than what the successor applied
        zombie.step(); // polls 4-5, then reads Redis's answer for 2-3

        assertThat(redis.value(redisKey("A"))).isEqualTo(json("A", "1.20"));
        assertThat(redis.value(redisKey("B"))).isEqualTo(json("B", "2.20"));
        assertThat(zombie.stats.fenced()).isEqualTo(2);
        assertThat(redis.offsets()).as("the zombie moved no offset").isEqualTo(Map.of(F0, 8L));
        assertThat(zombie.position(P0)).as("it reads on from what Redis holds, not from 6").isEqualTo(8);
        assertThat(zombie.stats.replays()).isZero();
        zombie.step();
        assertThat(redis.timesWritten(redisKey("A"))).as("its planned 4-5 were dropped, never sent").isEqualTo(2);
    }

    @Test
    void an_offset_another_member_moved_refuses_only_that_partition_not_the_rest_of_the_batch() throws Exception {
        ApplyMember zombie = member(1, 100);
        ApplyMember successor = member(2, 100);
        zombie.assign(P0);
        log.upsert(0, "A", "1.00", 100);
        log.upsert(0, "B", "2.00", 110);
        log.upsert(1, "C", "3.00", 120);
        zombie.step(); // sends P0 0-1, then stalls: its partition moves to the successor
        successor.assign(P0, P1);
        successor.step(); // polls P0 0-1 and P1 0 and sends them
        zombie.step(); // the zombie's batch lands first: its advance of P0 matched what Redis held
        successor.step(); // Redis's answer: P0 was moved by the zombie, P1 was as expected
        assertThat(redis.timesWritten(redisKey("C"))).isEqualTo(1);

        assertThat(redis.offsets()).as("P1's rows are in Redis: so is its offset").isEqualTo(Map.of(F0, 2L, F1, 1L));
        log.upsert(1, "D", "4.00", 130);
        successor.steps(2);

        assertThat(successor.stats.replays()).as("Redis lost nothing: no replay").isZero();
        assertThat(redis.offsets()).isEqualTo(Map.of(F0, 2L, F1, 2L));
        assertThat(successor.position(P1)).isEqualTo(2);
        assertThat(redis.timesWritten(redisKey("C"))).as("P1 was not replayed").isEqualTo(1);
    }
}
