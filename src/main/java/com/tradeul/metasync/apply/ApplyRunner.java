package com.tradeul.metasync.apply;

import com.tradeul.metasync.config.MetasyncConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The apply loop: poll a batch of change records, plan it, write it to Redis, dead-letter what can
 * never apply, and only then commit the batch's offsets. While Redis refuses writes the same batch
 * is retried with backoff and nothing is committed: apply waits, never skips.
 */
public final class ApplyRunner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ApplyRunner.class);

    private final MetasyncConfig config;
    private final BatchPlanner planner;
    private final RedisWriter writer;
    private final DeadLetterPublisher deadLetters;
    private final ApplyStats stats;
    private final Clock clock;
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private final Thread thread;
    private final java.util.concurrent.CountDownLatch closeSignal = new java.util.concurrent.CountDownLatch(1);
    private volatile boolean closing;
    private volatile KafkaConsumer<byte[], byte[]> consumer;

    public ApplyRunner(MetasyncConfig config, BatchPlanner planner, RedisWriter writer,
                       DeadLetterPublisher deadLetters, ApplyStats stats, Clock clock) {
        this.config = config;
        this.planner = planner;
        this.writer = writer;
        this.deadLetters = deadLetters;
        this.stats = stats;
        this.clock = clock;
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
            kafka.subscribe(config.tablesByTopic().keySet());
            LOG.info("apply started: group {} on topics {}", config.apply().groupId(), config.tablesByTopic().keySet());
            while (!closing) {
                ConsumerRecords<byte[], byte[]> records = kafka.poll(Duration.ofMillis(200));
                if (!records.isEmpty()) {
                    applyBatch(kafka, records);
                }
            }
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

    private void applyBatch(KafkaConsumer<byte[], byte[]> kafka, ConsumerRecords<byte[], byte[]> records) throws InterruptedException {
        List<IncomingRecord> incoming = new ArrayList<>(records.count());
        Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            incoming.add(new IncomingRecord(r.topic(), r.partition(), r.offset(), r.key(), r.value()));
            next.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
        }
        BatchPlan plan = planner.plan(incoming);
        List<BatchPlan.PoisonRecord> poison = new ArrayList<>(plan.poison());
        poison.addAll(writeUntilAccepted(plan.writes()));
        if (!poison.isEmpty()) {
            deadLetters.publish(poison);
        }
        stats.batchApplied(plan, poison.size(), clock.millis());
        try {
            kafka.commitSync(next);
        } catch (CommitFailedException | RebalanceInProgressException e) {
            // The partitions moved while we waited; the new owner re-applies from the last commit (idempotent).
            LOG.warn("offsets not committed, partitions were reassigned: {}", e.getMessage());
        }
    }

    private List<BatchPlan.PoisonRecord> writeUntilAccepted(List<RedisWrite> writes) throws InterruptedException {
        Backoff backoff = new Backoff(config.apply().maxRetryBackoff());
        while (true) {
            try {
                List<BatchPlan.PoisonRecord> poison = writer.write(writes);
                if (backoff.failures() > 0) {
                    LOG.info("Redis accepts writes again after {} refused attempts; apply resumed", backoff.failures());
                }
                return poison;
            } catch (RedisRefusedException e) {
                if (backoff.failures() == 0) {
                    LOG.warn("Redis refused writes ({}); apply waits and retries, nothing is skipped", e.getMessage());
                }
                stats.waiting("Redis refused writes: " + e.getMessage());
                if (closeSignal.await(backoff.nextDelay().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                    throw new InterruptedException("closing while Redis refuses writes; the batch stays uncommitted");
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
                ConsumerConfig.CLIENT_ID_CONFIG, "metasync-apply");
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
