package com.tradeul.metasync.apply;

import com.tradeul.metasync.config.MetasyncConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The apply loop: poll a batch, plan it, write rows and next offsets to Redis in one transaction,
 * dead-letter what can never apply, then commit to Kafka too, asynchronously (for standard lag tools).
 * One batch is in flight at a time: the next one is polled and planned while Redis applies the
 * last, and only sent once Redis has answered for that one (and said apply may go on from there). Where apply
 * reads from is what Redis holds ({@link RedisOffsets}): checked when partitions are assigned, when
 * Redis's run_id changes and every few seconds, so a wiped or rolled-back Redis is refilled from
 * the compacted topic by itself. While Redis refuses writes the batch is retried with backoff and
 * no offset moves: apply waits, never skips.
 */
public final class ApplyRunner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ApplyRunner.class);

    private final MetasyncConfig config;
    private final BatchPlanner planner;
    private final RedisWriter writer;
    private final RedisOffsets redisOffsets;
    private final DeadLetterPublisher deadLetters;
    private final ApplyStats stats;
    private final Clock clock;
    private final Function<String, String> tablePatternByTopic;
    private final ReplayWindow replayWindow;
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private final CountDownLatch closeSignal = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean closing;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private String lastRunId;
    /** The next offsets apply last wrote to Redis, per partition field: what Redis must still hold. */
    private final Map<String, Long> lastWritten = new HashMap<>();
    private long nextCheckMillis;
    /** The batch sent to Redis whose answer has not been read yet, or null. */
    private InFlight inFlight;
    /** Set when apply seeks: records polled before that are from the old positions. */
    private boolean repositioned;

    private record InFlight(BatchPlan plan, Map<String, OffsetAdvance> advances, Map<TopicPartition, OffsetAndMetadata> next,
                            RedisWriter.Pending pending, long sentNanos) {}

    public ApplyRunner(MetasyncConfig config, BatchPlanner planner, RedisWriter writer, RedisOffsets redisOffsets,
                       DeadLetterPublisher deadLetters, ApplyStats stats, Clock clock, Function<String, String> tablePatternByTopic,
                       ReplayWindow replayWindow) {
        this.config = config;
        this.planner = planner;
        this.writer = writer;
        this.redisOffsets = redisOffsets;
        this.deadLetters = deadLetters;
        this.stats = stats;
        this.clock = clock;
        this.tablePatternByTopic = tablePatternByTopic;
        this.replayWindow = replayWindow;
        this.thread = new Thread(this::runLoop, "metasync-apply");
    }

    public void start() {
        thread.start();
    }

    /** Completes when apply stops; exceptionally when it failed. */
    public CompletableFuture<Void> stopped() {
        return stopped;
    }

    private void runLoop() {
        try (KafkaConsumer<byte[], byte[]> kafka = new KafkaConsumer<>(consumerSettings(), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer = kafka;
            kafka.subscribe(config.tablesByTopic().keySet(), new FollowRedis());
            LOG.info("apply started: group {} on topics {}", config.apply().groupId(), config.tablesByTopic().keySet());
            while (!closing) {
                if (clock.millis() >= nextCheckMillis) {
                    finishInFlight(kafka);
                    followRedis(kafka, kafka.assignment(), "periodic check");
                }
                // With a batch in flight, only take what is already fetched: when nothing is, that
                // batch is finished at once rather than after a wait (its freshness would show it).
                ConsumerRecords<byte[], byte[]> records = kafka.poll(inFlight == null ? Duration.ofMillis(200) : Duration.ZERO);
                if (records.isEmpty()) {
                    finishInFlight(kafka);
                } else {
                    applyBatch(kafka, records);
                }
            }
            finishInFlight(kafka);
            stopped.complete(null);
        } catch (WakeupException | InterruptedException e) {
            stopped.complete(null);
        } catch (RuntimeException e) {
            LOG.error("apply failed: {}", e.getMessage(), e);
            stopped.completeExceptionally(e);
        } finally {
            LOG.info("apply stopped");
        }
    }

    /** Seeks assigned partitions to what Redis holds; see {@link RedisPositionPolicy}. */
    private void followRedis(KafkaConsumer<byte[], byte[]> kafka, Collection<TopicPartition> partitions, String trigger) {
        nextCheckMillis = clock.millis() + config.apply().positionCheckInterval().toMillis();
        if (partitions.isEmpty()) {
            return;
        }
        Map<String, Long> stored;
        try {
            String runId = redisOffsets.runId();
            if (lastRunId != null && !lastRunId.equals(runId)) {
                LOG.warn("Redis restarted (run_id {} -> {}); checking what it still holds", lastRunId, runId);
            }
            lastRunId = runId;
            stored = redisOffsets.read();
        } catch (RuntimeException e) {
            LOG.debug("cannot read offsets from Redis ({}); will check again", e.getMessage());
            return;
        }
        Map<TopicPartition, Long> beginnings = kafka.beginningOffsets(partitions);
        for (TopicPartition tp : partitions) {
            Long held = stored.get(RedisOffsets.field(tp.topic(), tp.partition()));
            long position = kafka.position(tp);
            // Only a rollback needs the (broker round trip) retention check.
            long oldestSafe = held != null && held < position ? replayWindow.oldestSafeOffset(kafka, tp) : Long.MIN_VALUE;
            act(kafka, tp, RedisPositionPolicy.decide(held, position, beginnings.get(tp), oldestSafe), trigger, held);
        }
    }

    /** Carries out a decision; {@code held} is the offset Redis holds (null: none), which apply now expects. */
    private void act(KafkaConsumer<byte[], byte[]> kafka, TopicPartition tp, RedisPositionPolicy.Decision decision,
                     String trigger, Long held) {
        if (!(decision instanceof RedisPositionPolicy.Decision.Continue)) {
            repositioned = true;
        }
        String field = RedisOffsets.field(tp.topic(), tp.partition());
        if (held == null) {
            lastWritten.remove(field);
        } else {
            lastWritten.put(field, held);
        }
        if (decision instanceof RedisPositionPolicy.Decision.Seek seek) {
            (seek.lostData() ? LOG.atWarn() : LOG.atInfo()).log("{} ({}): {}; seeking to {}", tp, trigger, seek.reason(), seek.offset());
            kafka.seek(tp, seek.offset());
            if (seek.lostData()) {
                stats.replayStarted(seek.reason(), seek.cause());
            }
        } else if (decision instanceof RedisPositionPolicy.Decision.Rebuild rebuild) {
            LOG.warn("{} ({}): {}", tp, trigger, rebuild.reason());
            String pattern = tablePatternByTopic.apply(tp.topic());
            writer.write(List.of(new RedisWrite.DeleteMatching(pattern)), Map.of(field, new OffsetAdvance(held, rebuild.offset())));
            lastWritten.put(field, rebuild.offset());
            kafka.seek(tp, rebuild.offset());
            stats.replayStarted(rebuild.reason(), RedisPositionPolicy.ReplayCause.REBUILD);
        }
    }

    private void applyBatch(KafkaConsumer<byte[], byte[]> kafka, ConsumerRecords<byte[], byte[]> records) throws InterruptedException {
        List<IncomingRecord> incoming = new ArrayList<>(records.count());
        Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            var header = r.headers().lastHeader(com.tradeul.metasync.wire.RecordHeaders.SOURCE_POSITION);
            Long position = header == null ? null : Long.parseLong(new String(header.value(), java.nio.charset.StandardCharsets.US_ASCII));
            incoming.add(new IncomingRecord(r.topic(), r.partition(), r.offset(), r.key(), r.value(), position));
            next.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
        }
        BatchPlan plan = planner.plan(incoming); // while Redis applies the batch in flight
        if (finishInFlight(kafka)) {
            return; // apply went back to what Redis holds: these records are read again from there
        }
        // Offsets advance from what the previous batch left in Redis, so they are taken only now.
        Map<String, OffsetAdvance> advances = new HashMap<>();
        next.forEach((tp, offset) -> {
            String field = RedisOffsets.field(tp.topic(), tp.partition());
            advances.put(field, new OffsetAdvance(lastWritten.get(field), offset.offset()));
        });
        long sent = System.nanoTime();
        RedisWriter.Pending pending;
        try {
            pending = writer.send(plan.writes(), advances);
        } catch (RedisRefusedException e) {
            RedisWriter.Result result = writeUntilAccepted(plan.writes(), advances);
            pending = () -> result;
        }
        inFlight = new InFlight(plan, advances, next, pending, sent);
    }

    /**
     * Reads Redis's answer to the batch in flight (writing it again until Redis takes it), then
     * does what follows a write: dead letters, stats, a replay when Redis did not hold the offsets
     * apply expected, the Kafka commit.
     *
     * @return whether apply moved its positions (a replay): records polled before are stale
     */
    private boolean finishInFlight(KafkaConsumer<byte[], byte[]> kafka) throws InterruptedException {
        InFlight batch = inFlight;
        if (batch == null) {
            return false;
        }
        inFlight = null;
        repositioned = false;
        RedisWriter.Result result;
        try {
            result = batch.pending().await();
        } catch (RedisRefusedException e) {
            result = writeUntilAccepted(batch.plan().writes(), batch.advances());
        }
        // Timed to Redis's answer, not to reading it (after the next batch was planned): write time
        // and freshness say when Redis had the rows.
        long sinceAnswer = Math.max(0, System.nanoTime() - result.answeredNanos());
        long writeNanos = Math.max(0, result.answeredNanos() - batch.sentNanos());
        List<BatchPlan.PoisonRecord> poison = new ArrayList<>(batch.plan().poison());
        poison.addAll(result.poison());
        if (!poison.isEmpty()) {
            deadLetters.publish(poison);
        }
        stats.batchApplied(batch.plan(), poison.size(), result.fenced(), clock.millis() - TimeUnit.NANOSECONDS.toMillis(sinceAnswer), writeNanos);
        batch.advances().forEach((field, move) -> lastWritten.put(field, move.next()));
        replayFromWhatRedisHolds(kafka, result.unexpectedOffsets());
        // Asynchronous: Redis already holds the offsets that count (apply resumes from those); the
        // Kafka commit is for standard lag tools, and waiting for it would add a broker round trip
        // to every batch. A failed commit is superseded by the next batch's.
        kafka.commitAsync(batch.next(), (offsets, error) -> {
            if (error != null) {
                LOG.debug("Kafka offsets not committed ({}); the next batch commits again", error.getMessage());
            }
        });
        return repositioned;
    }

    /**
     * Redis did not hold the offsets apply expected (wiped, restarted empty, restored from an older
     * snapshot, or a replay was requested): the batch's rows are in (fenced, so harmless) but its
     * offsets were not advanced; apply goes back to what Redis holds.
     */
    private void replayFromWhatRedisHolds(KafkaConsumer<byte[], byte[]> kafka, Map<String, Long> held) {
        for (TopicPartition tp : kafka.assignment()) {
            String field = RedisOffsets.field(tp.topic(), tp.partition());
            if (!held.containsKey(field)) {
                continue;
            }
            Long offset = held.get(field);
            long beginning = kafka.beginningOffsets(List.of(tp)).get(tp);
            long oldestSafe = offset != null ? replayWindow.oldestSafeOffset(kafka, tp) : Long.MIN_VALUE;
            act(kafka, tp, RedisPositionPolicy.decide(offset, kafka.position(tp), beginning, oldestSafe), "batch write", offset);
        }
    }

    private RedisWriter.Result writeUntilAccepted(List<RedisWrite> writes, Map<String, OffsetAdvance> advances) throws InterruptedException {
        Backoff backoff = new Backoff(config.apply().maxRetryBackoff());
        while (true) {
            try {
                RedisWriter.Result result = writer.write(writes, advances);
                if (backoff.failures() > 0) {
                    LOG.info("Redis accepts writes again after {} refused attempts; apply resumed", backoff.failures());
                }
                return result;
            } catch (RedisRefusedException e) {
                if (backoff.failures() == 0) {
                    LOG.warn("Redis refused writes ({}); apply waits and retries, nothing is skipped", e.getMessage());
                }
                stats.waiting("Redis refused writes: " + e.getMessage());
                if (closeSignal.await(backoff.nextDelay().toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new InterruptedException("closing while Redis refuses writes; the batch stays unapplied");
                }
            }
        }
    }

    private Map<String, Object> consumerSettings() {
        return Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrapServers().orElseThrow(),
                ConsumerConfig.GROUP_ID_CONFIG, config.apply().groupId(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.apply().batchSize(),
                // A full batch per poll: the 1 MB default holds only ~2,000 ticker rows per partition.
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 * 1024 * 1024,
                ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 * 1024 * 1024,
                ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) config.apply().sessionTimeout().toMillis(),
                ConsumerConfig.CLIENT_ID_CONFIG, "metasync-apply");
    }

    /** On assignment, start each partition where Redis says it is, not where Kafka's group offsets are. */
    private final class FollowRedis implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            finishInFlightFromCallback();
            followRedis(consumer, partitions, "partitions assigned");
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            // Once the batch in flight is answered, every applied batch is in Redis with its offsets.
            finishInFlightFromCallback();
        }

        private void finishInFlightFromCallback() {
            try {
                finishInFlight(consumer);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new WakeupException();
            }
        }
    }

    @Override
    public void close() {
        closing = true;
        closeSignal.countDown();
        KafkaConsumer<byte[], byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stopped.complete(null);
    }
}
