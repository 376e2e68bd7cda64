package com.tradeul.metasync.apply;

import com.tradeul.metasync.config.ConfigLoader;
import com.tradeul.metasync.config.MetasyncConfig;
import com.tradeul.metasync.normalize.JsonRenderer;
import com.tradeul.metasync.normalize.SpecialNumberPolicy;
import com.tradeul.metasync.replay.ReplayWindow;
import com.tradeul.metasync.wire.ChangeEventCodec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;

/**
 * One apply instance as a unit test drives it, step by step on the test's thread: an {@link
 * ApplyRunner} over a {@link LogConsumer} and a {@link FakeRedis} connection, with the real planner.
 * Its waits while Redis refuses writes return at once and are recorded.
 */
final class ApplyMember {

    static final Duration CHECK_INTERVAL = Duration.ofSeconds(1);
    static final Duration MAX_BACKOFF = Duration.ofMillis(400);
    /** delete.retention.ms of the test topic: how far back a partial replay stays exact. */
    static final long RETENTION_MS = 60_000;

    /** A clock the test moves. */
    static final class TestClock extends Clock {
        private long millis = 1_700_000_000_000L;

        void advance(Duration by) {
            millis += by.toMillis();
        }

        @Override
        public long millis() {
            return millis;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    final LogConsumer consumer;
    final ApplyStats stats = new ApplyStats();
    final List<BatchPlan.PoisonRecord> deadLettered = new ArrayList<>();
    final List<Duration> waits = new ArrayList<>();
    final ApplyRunner runner;
    /** What the test checks while apply waits for Redis to accept writes again. */
    Runnable duringWait = () -> {};
    /** Whether apply is being closed while it waits. */
    boolean closing;

    ApplyMember(TickerLog log, FakeRedis redis, TestClock clock, int partitions, int maxPollRecords) {
        MetasyncConfig config = ConfigLoader.load(Optional.empty(), Map.of(), Map.of(
                "apply.position-check-interval-ms", Long.toString(CHECK_INTERVAL.toMillis()),
                "apply.max-retry-backoff-ms", Long.toString(MAX_BACKOFF.toMillis())));
        JsonRenderer renderer = new JsonRenderer(SpecialNumberPolicy.STRING);
        RedisKeys keys = new RedisKeys(config.keyTemplates());
        BatchPlanner planner = new BatchPlanner(config.tablesByTopic(), new ChangeDecoder(new ChangeEventCodec()), renderer, keys,
                config::truncatePolicy);
        consumer = new LogConsumer(log, partitions, maxPollRecords);
        RetryPause pause = new RetryPause() {
            @Override
            public boolean await(Duration delay) {
                waits.add(delay);
                duringWait.run();
                return closing;
            }

            @Override
            public void wake() {
                closing = true;
            }
        };
        runner = new ApplyRunner(config, consumer, planner, redis.connect(), redis.heldOffsets(), deadLettered::addAll, stats,
                clock, topic -> keys.pattern(config.tablesByTopic().get(topic)), new ReplayWindow(Map.of(TickerLog.TOPIC, RETENTION_MS), clock),
                pause);
        runner.subscribe();
    }

    /** The group gives this member {@code partitions}: the callbacks run inside the next poll. */
    void assign(TopicPartition... partitions) throws InterruptedException {
        consumer.schedulePollTask(() -> consumer.rebalance(List.of(partitions)));
        step();
    }

    void step() throws InterruptedException {
        runner.pollOnce();
    }

    void steps(int count) throws InterruptedException {
        for (int i = 0; i < count; i++) {
            step();
        }
    }

    long position(TopicPartition tp) {
        return consumer.position(tp);
    }
}
