package com.tradeul.metasync.apply;

import com.tradeul.metasync.apply.ApplyBookkeeping.Partition;
import com.tradeul.metasync.config.MetasyncConfig;
import com.tradeul.metasync.replay.HeldOffsets;
import com.tradeul.metasync.replay.ReplayWindow;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The apply loop: poll a batch, plan it, write rows and next offsets to Redis in one transaction,
 * dead-letter what can never apply, then commit to Kafka too, asynchronously (for standard lag tools).
 * One batch is in flight at a time: the next one is polled and planned while Redis applies the
 * last, and only sent once Redis has answered for that one (and said apply may go on from there). Where apply
 * reads from is what Redis holds ({@link HeldOffsets}): checked when partitions are assigned, when
 * Redis's run_id changes and every few seconds, so a wiped or rolled-back Redis is refilled from
 * the compacted topic by itself. While Redis refuses writes the batch is retried with backoff and
 * no offset moves: apply waits, never skips. This class does the I/O; what it remembers and
 * decides is {@link ApplyBookkeeping}'s.
 */
public final class ApplyRunner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ApplyRunner.class);
    /** How long closing apply waits for Kafka to take its leave of the group (see closeConsumer). */
    private static final Duration CONSUMER_CLOSE_TIMEOUT = Duration.ofSeconds(2);
    /** How long close lets apply finish the batch in flight before it interrupts it (see close). */
    private static final Duration STOP_PATIENCE = Duration.ofSeconds(2);
    private final Object interruptible = new Object();
    /** Whether apply's thread waits for Redis's answer to a batch (see redisWait); guarded by interruptible. */
    private boolean awaitingRedis;

    private final MetasyncConfig config;
    private final Consumer<byte[], byte[]> consumer;
    private final BatchPlanner planner;
    private final RedisWriter writer;
    private final DeadLetters deadLetters;
    private final ApplyStats stats;
    private final Clock clock;
    private final RetryPause pause;
    private final WriteRetry retry;
    private final ApplyBookkeeping book;
    private final RedisFollower follower;
    private final KafkaWait kafkaWait;
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private final Thread thread;
    private volatile boolean started;
    private volatile boolean closing;

    /** @param consumer apply's own, not subscribed yet; apply closes it when it stops */
    public ApplyRunner(MetasyncConfig config, Consumer<byte[], byte[]> consumer, BatchPlanner planner, RedisWriter writer,
                       HeldOffsets redisOffsets, DeadLetters deadLetters, ApplyStats stats, Clock clock,
                       Function<String, String> tablePatternByTopic, ReplayWindow replayWindow) {
        this(config, consumer, planner, writer, redisOffsets, deadLetters, stats, clock, tablePatternByTopic, replayWindow,
                RetryPause.untilWoken());
    }

    ApplyRunner(MetasyncConfig config, Consumer<byte[], byte[]> consumer, BatchPlanner planner, RedisWriter writer,
                HeldOffsets redisOffsets, DeadLetters deadLetters, ApplyStats stats, Clock clock,
                Function<String, String> tablePatternByTopic, ReplayWindow replayWindow, RetryPause pause) {
        this.config = config;
        this.consumer = consumer;
        this.planner = planner;
        this.writer = writer;
        this.deadLetters = deadLetters;
        this.stats = stats;
        this.clock = clock;
        this.pause = pause;
        this.retry = new WriteRetry(writer, config.apply().maxRetryBackoff(), stats, pause);
        this.book = new ApplyBookkeeping(max(config.apply().positionCheckInterval(), redisOffsets.shortestCheckInterval()));
        this.follower = new RedisFollower(consumer, redisOffsets, writer, replayWindow, tablePatternByTopic, stats, book, clock);
        this.kafkaWait = new KafkaWait(config.apply().maxRetryBackoff(), stats);
        this.thread = new Thread(this::runLoop, "metasync-apply");
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** apply's own consumer settings, for {@code KafkaClients.consumer} (which adds the brokers and client id). */
    public static Map<String, Object> consumerTuning(MetasyncConfig config) {
        return Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, config.apply().groupId(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.apply().batchSize(),
                // A full batch per poll: the 1 MB default holds only ~2,000 ticker rows per partition.
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 * 1024 * 1024,
                ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 * 1024 * 1024,
                ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) config.apply().sessionTimeout().toMillis());
    }

    public void start() {
        started = true;
        thread.start();
    }

    /** Completes when apply stops; exceptionally when it failed. */
    public CompletableFuture<Void> stopped() {
        return stopped;
    }

    private void runLoop() {
        try {
            subscribe();
            while (!closing) {
                pollOnce();
            }
            finishInFlight();
            stopped.complete(null);
        } catch (WakeupException | InterruptedException e) {
            stopped.complete(null);
        } catch (RuntimeException e) {
            if (closing) { // interrupted by close (Kafka's InterruptException, say): a stop, not a failure
                LOG.debug("apply stopping: {}", e.toString());
                stopped.complete(null);
            } else {
                LOG.error("apply failed: {}", e.getMessage(), e);
                stopped.completeExceptionally(e);
            }
        } finally {
            Thread.interrupted(); // an interrupt of close's must not fail the consumer's close
            closeConsumer();
            LOG.info("apply stopped");
        }
    }

    /**
     * Marks where apply waits for Redis (a batch's send and answer, the check of what Redis holds),
     * the only places close interrupts it: not the consumer's close, which an interrupt fails
     * loudly. Leaving clears an interrupt that came as Redis answered: close has woken the retry
     * pause too, so apply still stops.
     */
    private void redisWait(boolean entering) {
        synchronized (interruptible) {
            awaitingRedis = entering;
            if (!entering) {
                Thread.interrupted();
            }
        }
    }

    /** Interrupts apply's thread if it waits for Redis now; true if it did. */
    private boolean interruptRedisWait() {
        synchronized (interruptible) {
            if (awaitingRedis) {
                thread.interrupt();
            }
            return awaitingRedis;
        }
    }

    /**
     * Bounded: with Kafka away the consumer's close waits for its group coordinator, to leave the
     * group and to finish the Kafka commit that is only there for lag tools (seen: 4.1 s, Kafka's
     * default bound 30 s). Nothing apply needs is in either: its offsets are in Redis, and a group
     * not told that apply left finds out by the session timeout.
     */
    private void closeConsumer() {
        try {
            consumer.close(CloseOptions.timeout(CONSUMER_CLOSE_TIMEOUT));
        } catch (RuntimeException e) { // apply's outcome is settled by now: a failed close only leaves the group later
            LOG.warn("apply's Kafka consumer did not close cleanly: {}", e.toString());
        }
    }

    /** Joins the group; partitions come with a later poll. */
    void subscribe() {
        consumer.subscribe(config.tablesByTopic().keySet(), new Rebalances());
        LOG.info("apply started: group {} on topics {}", config.apply().groupId(), config.tablesByTopic().keySet());
    }

    /**
     * One turn of the loop; the thread repeats it until closed, tests call it step by step. When
     * Kafka does not answer (a call timed out, a broker went away) the turn waits and ends; the next
     * one first checks again what Redis holds, so a recheck the failure cut short is made again.
     */
    void pollOnce() throws InterruptedException {
        try {
            turn();
            kafkaWait.answered();
        } catch (RuntimeException e) {
            if (!KafkaWait.retriable(e) || e instanceof WakeupException) {
                throw e;
            }
            book.checkNow();
            pause.await(kafkaWait.failed(e));
        }
    }

    private void turn() throws InterruptedException {
        if (book.checkDue(clock.millis())) {
            finishInFlight();
            redisWait(true); // the check reads what Redis holds
            try {
                follower.followAll(consumer.assignment(), "periodic check");
            } finally {
                redisWait(false);
            }
        }
        StageTimer polling = StageTimer.start();
        ConsumerRecords<byte[], byte[]> records = consumer.poll(book.pollTimeout(clock.millis()));
        polling.stop(stats, ApplyStats.Stage.POLL);
        if (records.isEmpty()) {
            finishInFlight();
        } else {
            applyBatch(records, clock.millis());
        }
    }

    private void applyBatch(ConsumerRecords<byte[], byte[]> records, long polledMillis) throws InterruptedException {
        StageTimer planning = StageTimer.start();
        List<IncomingRecord> incoming = KafkaTypes.incoming(records);
        BatchPlan plan = planner.plan(incoming); // while Redis applies the batch in flight
        planning.stop(stats, ApplyStats.Stage.PLAN);
        if (finishInFlight()) {
            return; // apply went back to what Redis holds: these records are read again from there
        }
        Map<Partition, Long> next = ApplyBookkeeping.nextOffsets(incoming);
        Map<String, OffsetAdvance> advances = book.advances(next);
        long sent = System.nanoTime();
        StageTimer sending = StageTimer.start();
        RedisWriter.Pending pending;
        redisWait(true); // a send waits for Redis too: the script's load, a TRUNCATE's deletions
        try {
            pending = writer.send(plan.writes(), advances);
            sending.stop(stats, ApplyStats.Stage.SEND);
        } catch (RedisRefusedException e) {
            StageTimer awaiting = StageTimer.start();
            RedisWriter.Result result = retry.writeUntilAccepted(plan.writes(), advances);
            awaiting.stop(stats, ApplyStats.Stage.AWAIT_REDIS);
            pending = () -> result;
        } finally {
            redisWait(false);
        }
        book.sent(plan, advances, next, pending, sent, polledMillis);
    }

    /**
     * Reads Redis's answer to the batch in flight (writing it again until Redis takes it), then
     * does what follows a write: dead letters, stats, a replay when Redis did not hold the offsets
     * apply expected, the Kafka commit.
     *
     * @return whether apply moved its positions (a replay): records polled before are stale
     */
    private boolean finishInFlight() throws InterruptedException {
        ApplyBookkeeping.InFlight batch = book.take();
        if (batch == null) {
            return false;
        }
        RedisWriter.Result result;
        StageTimer awaiting = StageTimer.start();
        redisWait(true);
        try {
            result = batch.pending().await();
        } catch (RedisRefusedException e) {
            result = retry.writeUntilAccepted(batch.plan().writes(), batch.advances());
        } finally {
            redisWait(false);
            awaiting.stop(stats, ApplyStats.Stage.AWAIT_REDIS);
        }
        StageTimer finishing = StageTimer.start();
        ApplyBookkeeping.Answer answer = book.answered(batch, result, consumer.assignment().stream().map(KafkaTypes::partition).toList());
        if (!answer.poison().isEmpty()) {
            deadLetters.publish(answer.poison());
        }
        recordApplied(batch, result, answer.poison().size());
        follower.recheck(answer.recheck());
        commit(answer.commit());
        finishing.stop(stats, ApplyStats.Stage.FINISH);
        return book.repositioned();
    }

    /** Timed to Redis's answer, not to reading it (after the next batch was planned): write time and freshness say when Redis had the rows. */
    private void recordApplied(ApplyBookkeeping.InFlight batch, RedisWriter.Result result, int deadLettered) {
        long sinceAnswer = Math.max(0, System.nanoTime() - result.answeredNanos());
        long writeNanos = Math.max(0, result.answeredNanos() - batch.sentNanos());
        stats.batchApplied(batch.plan(), deadLettered, result.fenced(), batch.polledMillis(),
                clock.millis() - TimeUnit.NANOSECONDS.toMillis(sinceAnswer), writeNanos);
    }

    /**
     * Asynchronous: Redis already holds the offsets that count (apply resumes from those); the
     * Kafka commit is for standard lag tools, and waiting for it would add a broker round trip to
     * every batch. A failed commit is superseded by the next batch's.
     */
    private void commit(Map<Partition, Long> next) {
        consumer.commitAsync(KafkaTypes.commitOffsets(next), (committed, error) -> {
            if (error != null) {
                LOG.debug("Kafka offsets not committed ({}); the next batch commits again", error.getMessage());
            }
        });
    }

    /** On assignment, start each partition where Redis says it is, not where Kafka's group offsets are. */
    private final class Rebalances implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            finishInFlightFromCallback();
            follower.followAll(partitions, "partitions assigned");
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            // Once the batch in flight is answered, every applied batch is in Redis with its offsets.
            finishInFlightFromCallback();
        }

        private void finishInFlightFromCallback() {
            try {
                finishInFlight();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new WakeupException();
            }
        }
    }

    /**
     * Stops apply, waiting up to 30 s for its thread (interrupted after {@link #STOP_PATIENCE}), and closes
     * the consumer. Whatever Redis has not acknowledged is read again on the next start, from the
     * offsets Redis holds.
     */
    @Override
    public void close() {
        closing = true;
        pause.wake();
        if (started) {
            consumer.wakeup();
            try {
                thread.join(STOP_PATIENCE.toMillis());
                // Waiting for a reply Redis may never send (a frozen network: up to redis.timeout-ms, then a retry).
                // The batch's offsets are written with its rows, so what Redis has not acknowledged is read again.
                if (thread.isAlive() && interruptRedisWait()) {
                    LOG.info("apply still waits for Redis {} s after close: interrupted; what Redis has not acknowledged"
                            + " is read again at the next start", STOP_PATIENCE.toSeconds());
                }
                thread.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else {
            closeConsumer(); // never started: the consumer is still apply's to close
        }
        stopped.complete(null);
    }
}
