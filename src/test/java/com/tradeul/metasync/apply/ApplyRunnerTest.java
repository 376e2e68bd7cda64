package com.tradeul.metasync.apply;

import static com.tradeul.metasync.apply.TickerLog.json;
import static com.tradeul.metasync.apply.TickerLog.redisKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tradeul.metasync.apply.ApplyMember.TestClock;
import com.tradeul.metasync.replay.RedisOffsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The apply loop driven step by step over Kafka's MockConsumer and a fake Redis: a batch's way to
 * Redis and to the Kafka commit, while Redis refuses writes and when a record can never apply.
 * Assertions are what a user would check: key values, the offsets Redis holds, Kafka commits,
 * where apply reads.
 */
class ApplyRunnerTest {

    private static final TopicPartition P0 = TickerLog.tp(0);
    private static final String F0 = RedisOffsets.field(TickerLog.TOPIC, 0);

    private final TestClock clock = new TestClock();
    private final TickerLog log = new TickerLog(clock);
    private final FakeRedis redis = new FakeRedis();

    private ApplyMember member(int partitions, int maxPollRecords) {
        return new ApplyMember(log, redis, clock, partitions, maxPollRecords);
    }

    @ParameterizedTest(name = "refused at {0}")
    @EnumSource(FakeRedis.RefuseAt.class)
    void while_redis_refuses_writes_nothing_moves_then_the_batch_applies_once(FakeRedis.RefuseAt where) throws Exception {
        ApplyMember apply = member(1, 100);
        apply.assign(P0);
        log.upsert(0, "A", "1.00", 100);
        log.upsert(0, "B", "2.00", 110);
        redis.refuse(3, where, "OOM command not allowed when used memory > 'maxmemory'");
        List<String> waitingFor = new ArrayList<>();
        apply.duringWait = () -> {
            waitingFor.add(apply.stats.waitingFor());
            assertThat(redis.rowKeys()).isEmpty();
            assertThat(redis.offsets()).isEmpty();
            assertThat(apply.consumer.commits()).isEmpty();
        };

        apply.steps(2);

        assertThat(apply.waits).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
        assertThat(waitingFor).hasSize(2).allSatisfy(reason -> assertThat(reason).startsWith("Redis refused writes: OOM"));
        assertThat(apply.stats.waitingFor()).isNull();
        assertThat(redis.value(redisKey("A"))).isEqualTo(json("A", "1.00"));
        assertThat(redis.timesWritten(redisKey("A"))).isEqualTo(1);
        assertThat(redis.timesWritten(redisKey("B"))).isEqualTo(1);
        assertThat(redis.offsets()).isEqualTo(Map.of(F0, 2L));
        assertThat(apply.consumer.lastCommitted(P0)).isEqualTo(2);
        assertThat(apply.stats.records()).isEqualTo(2);

        log.upsert(0, "A", "1.10", 120);
        apply.steps(2);
        assertThat(redis.offsets()).as("the next batch advances from there").isEqualTo(Map.of(F0, 3L));
    }

    @Test
    void the_time_blocked_on_redis_is_counted_as_its_own_stage_beside_poll_and_plan() throws Exception {
        ApplyMember apply = member(1, 100);
        apply.assign(P0);
        log.upsert(0, "A", "1.00", 100);
        redis.onTransaction(() -> {
            try {
                Thread.sleep(30); // Redis slow to answer: apply's thread waits at least this long
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });

        apply.steps(2);

        assertThat(redis.offsets()).isEqualTo(Map.of(F0, 1L));
        assertThat(apply.stats.stageNanos(ApplyStats.Stage.AWAIT_REDIS)).isGreaterThanOrEqualTo(Duration.ofMillis(30).toNanos());
        assertThat(apply.stats.stageNanos(ApplyStats.Stage.POLL)).isPositive();
        assertThat(apply.stats.stageNanos(ApplyStats.Stage.PLAN)).isPositive();
        assertThat(apply.stats.stageCpuNanos(ApplyStats.Stage.AWAIT_REDIS)).as("a sleeping thread uses no CPU")
                .isLessThan(apply.stats.stageNanos(ApplyStats.Stage.AWAIT_REDIS) - Duration.ofMillis(25).toNanos());
    }

    @Test
    void a_committed_changes_freshness_is_cut_at_its_kafka_timestamp_and_at_the_poll_that_returned_it() throws Exception {
        ApplyMember apply = member(1, 100);
        apply.assign(P0);
        log.upsert(0, "A", "1.00", 100); // Kafka timestamp: the clock now, as capture's producer would stamp it
        long sent = clock.millis();
        clock.advance(Duration.ofMillis(20)); // in Kafka for 20 ms before apply's poll returns it
        redis.onTransaction(() -> clock.advance(Duration.ofMillis(50))); // Redis acknowledges 50 ms after the poll
        List<ApplyStats.AppliedBatch> batches = new ArrayList<>();
        apply.stats.listen(batches::add);

        apply.steps(2);

        assertThat(batches).hasSize(1);
        ApplyStats.AppliedBatch batch = batches.get(0);
        BatchPlan.CommittedChange change = batch.committed().get(0);
        assertThat(change.sentMillis()).isEqualTo(sent);
        FreshnessHops hops = batch.hops(change);
        assertThat(hops.kafkaMillis()).isEqualTo(20);
        // less the time between Redis's answer and apply reading it, which this machine decides
        assertThat(hops.applyMillis()).isBetween(40L, 50L);
        assertThat(hops.captureMillis() + hops.kafkaMillis() + hops.applyMillis()).as("the hops add up to the freshness")
                .isEqualTo(batch.acknowledgedMillis() - change.commitTimeMicros() / 1000);
    }

    @Test
    void while_kafka_does_not_answer_apply_waits_with_backoff_then_checks_redis_again_and_goes_on() throws Exception {
        ApplyMember apply = member(1, 100);
        apply.assign(P0);
        log.upsert(0, "A", "1.00", 100);
        apply.steps(2);
        assertThat(redis.offsets()).isEqualTo(Map.of(F0, 1L));

        log.upsert(0, "B", "2.00", 110);
        redis.flushAll(); // the check must then ask Kafka where the partition begins
        apply.consumer.failOffsetLookups(3); // the broker is down: the periodic check times out
        clock.advance(ApplyMember.CHECK_INTERVAL);
        List<String> waitingFor = new ArrayList<>();
        apply.duringWait = () -> waitingFor.add(apply.stats.waitingFor());
        apply.steps(3);

        assertThat(apply.waits).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400));
        assertThat(waitingFor).allSatisfy(reason -> assertThat(reason).startsWith("Kafka does not answer: Failed to get offsets"));
        assertThat(redis.value(redisKey("B"))).as("nothing polled while the check cannot be made").isNull();
        assertThat(redis.offsets()).as("wiped, nothing written since").isEmpty();

        apply.steps(2); // Kafka answers: the check is made first (a replay), then A and B apply
        assertThat(apply.stats.waitingFor()).isNull();
        assertThat(redis.value(redisKey("A"))).isEqualTo(json("A", "1.00"));
        assertThat(redis.value(redisKey("B"))).isEqualTo(json("B", "2.00"));
        assertThat(redis.offsets()).isEqualTo(Map.of(F0, 2L));
        assertThat(apply.waits).hasSize(3);
    }

    @Test
    void a_periodic_check_that_finds_redis_as_expected_does_not_ask_kafka() throws Exception {
        ApplyMember apply = member(1, 100);
        apply.assign(P0);
        log.upsert(0, "A", "1.00", 100);
        apply.steps(2);

        log.upsert(0, "B", "2.00", 110);
        apply.consumer.failOffsetLookups(1); // would make the check wait, were it made
        clock.advance(ApplyMember.CHECK_INTERVAL);
        apply.steps(2);

        assertThat(apply.waits).isEmpty();
        assertThat(redis.value(redisKey("B"))).isEqualTo(json("B", "2.00"));
        assertThat(redis.offsets()).isEqualTo(Map.of(F0, 2L));
    }

    @Test
    void a_failure_that_is_not_kafka_being_away_still_stops_apply() {
        assertThat(KafkaWait.retriable(new org.apache.kafka.common.errors.TimeoutException("t"))).isTrue();
        assertThat(KafkaWait.retriable(new org.apache.kafka.common.KafkaException("rebalance callback",
                new org.apache.kafka.common.errors.DisconnectException("d")))).isTrue();
        assertThat(KafkaWait.retriable(new org.apache.kafka.common.errors.GroupAuthorizationException("no ACL"))).isFalse();
        assertThat(KafkaWait.retriable(new IllegalStateException("a bug"))).isFalse();
    }

    @Test
    void a_record_that_can_never_apply_is_dead_lettered_and_the_rest_of_its_batch_applies() throws Exception {
        ApplyMember apply = member(1, 100);
        apply.assign(P0);
        log.upsert(0, "A", "1.00", 100);
        log.garbage(0, "X", 105);
        log.upsert(0, "B", "2.00", 110);

        apply.steps(2);

        assertThat(apply.deadLettered).singleElement().satisfies(poison -> {
            assertThat(poison.record().position()).isEqualTo(TickerLog.TOPIC + "-0@1");
            assertThat(poison.reason()).contains("UndecodableRecordException");
        });
        assertThat(redis.rowKeys()).containsExactly(redisKey("A"), redisKey("B"));
        assertThat(redis.offsets()).isEqualTo(Map.of(F0, 3L));
        assertThat(apply.consumer.lastCommitted(P0)).isEqualTo(3);
        assertThat(apply.stats.deadLettered()).isEqualTo(1);
    }

    @Test
    void closing_while_redis_refuses_writes_leaves_the_batch_unapplied_and_uncommitted() throws Exception {
        ApplyMember apply = member(1, 100);
        apply.assign(P0);
        log.upsert(0, "A", "1.00", 100);
        redis.refuse(100, FakeRedis.RefuseAt.ANSWER, "MISCONF Redis is configured to save RDB snapshots");
        apply.step();
        apply.duringWait = apply.runner::close;

        assertThatThrownBy(apply::step).isInstanceOf(InterruptedException.class);

        assertThat(apply.waits).hasSize(1);
        assertThat(redis.rowKeys()).isEmpty();
        assertThat(redis.offsets()).isEmpty();
        assertThat(apply.consumer.commits()).isEmpty();
        assertThat(apply.consumer.closed()).isTrue();
    }
}
