package com.tradeul.metasync.capture;

import com.tradeul.metasync.wire.RecordHeaders;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards each batch of Debezium's change records to Kafka, and marks them processed only after
 * Kafka acknowledged them (idempotent producer, acks=all), so a crash re-sends, never skips.
 * During a fresh snapshot ({@link SnapshotReconciliation}) it notes the keys read and, right after
 * the snapshot's last row and before any streamed change, sends the tombstones of the rows the
 * snapshot no longer found. Called from the engine's thread only.
 */
final class ChangeForwarder {

    private static final Logger LOG = LoggerFactory.getLogger(ChangeForwarder.class);

    static final Map<String, Object> PRODUCER_TUNING = Map.of(
            ProducerConfig.ACKS_CONFIG, "all",
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
            // No linger: a Debezium batch is sent whole and then awaited, so lingering only
            // delays it (records sent while the first request is in flight batch anyway).
            ProducerConfig.LINGER_MS_CONFIG, 0,
            ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
            // A Kafka outage is waited out, however long, as Kafka Connect's workers do for source
            // tasks: with the defaults (120 s, 60 s) a broker away longer failed the engine and
            // `run` exited (FaultMatrixIT, Kafka down for 150 s). Nothing unacknowledged is
            // marked processed, so waiting loses nothing; close() bounds the wait when stopping.
            ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.MAX_VALUE,
            ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.MAX_VALUE);

    /** How long capture waits for Kafka's acknowledgements before it says so (and again once Kafka answers). */
    static final Duration WAIT_NOTICE = Duration.ofSeconds(30);

    /** Called once the fresh snapshot and its tombstones are all acknowledged. */
    interface Finished {
        void finished(SourceGuard.Plan plan, long rowsRead, long tombstones);
    }

    private final Producer<byte[], byte[]> producer;
    private final ChangeRecordMapper mapper;
    private final String deadLetterTopic;
    private final SnapshotProgress snapshot;
    final AtomicLong forwarded = new AtomicLong();
    final AtomicLong unconvertible = new AtomicLong();
    volatile long lastForwardedMillis;

    ChangeForwarder(Producer<byte[], byte[]> producer, ChangeRecordMapper mapper, String deadLetterTopic, SnapshotProgress snapshot) {
        this.producer = producer;
        this.mapper = mapper;
        this.deadLetterTopic = deadLetterTopic;
        this.snapshot = snapshot;
    }

    /** @return the plan for the next batch: {@code run} streaming on once its fresh snapshot is done, else {@code run} */
    SourceGuard.Plan handle(List<RecordChangeEvent<SourceRecord>> records,
                            DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer,
                            SourceGuard.Plan run, Finished finished) throws InterruptedException {
        SnapshotReconciliation reconciling = run.reconciliation();
        long base = run.identity().positionBase();
        List<Future<RecordMetadata>> sends = new ArrayList<>(records.size());
        long deadLettersBefore = unconvertible.get();
        long tombstones = -1;
        long extraCopies = 0; // of TRUNCATEs, one per partition: one change forwarded
        for (RecordChangeEvent<SourceRecord> event : records) {
            String flag = snapshotFlag(event.record());
            if (reconciling != null && flag == null) {
                tombstones = sendTombstones(reconciling, sends); // the snapshot is over: before any streamed change
                reconciling = null;
            }
            var out = mapper.map(event.record(), base);
            if (out.isPresent()) {
                extraCopies += send(out.get(), event.record(), base, sends) - 1;
                if (reconciling != null) {
                    reconciling.snapshotRead(out.get().topic(), new String(out.get().key(), StandardCharsets.UTF_8));
                }
            }
            if (reconciling != null && "last".equals(flag)) {
                tombstones = sendTombstones(reconciling, sends);
                reconciling = null;
            }
        }
        awaitAll(sends, WAIT_NOTICE);
        for (RecordChangeEvent<SourceRecord> event : records) {
            committer.markProcessed(event);
            observeSnapshot(event.record());
        }
        committer.markBatchFinished();
        forwarded.addAndGet(sends.size() - (unconvertible.get() - deadLettersBefore) - extraCopies);
        if (!sends.isEmpty()) {
            lastForwardedMillis = System.currentTimeMillis();
        }
        if (tombstones < 0) {
            return run;
        }
        finished.finished(run, run.reconciliation().rowsRead(), tombstones);
        return run.streaming();
    }

    /** @return how many change records it sent: one, or for a TRUNCATE one per partition */
    private int send(ChangeRecordMapper.Outgoing out, SourceRecord record, long base, List<Future<RecordMetadata>> sends) {
        if (out.deadLetter() != null) {
            // Dead letter first: once Kafka has both, the row is accounted for whatever happens next.
            LOG.error("dead-lettered to {}: {}; every other row keeps flowing", deadLetterTopic, UnconvertibleRows.describe(out.deadLetter()));
            sends.add(producer.send(UnconvertibleRows.deadLetter(deadLetterTopic, out.deadLetter())));
            unconvertible.incrementAndGet();
        }
        if (!out.toEveryPartition()) {
            sends.add(producer.send(toKafka(out, record, base, null)));
            return 1;
        }
        List<org.apache.kafka.common.PartitionInfo> partitions = producer.partitionsFor(out.topic());
        for (org.apache.kafka.common.PartitionInfo partition : partitions) {
            sends.add(producer.send(toKafka(out, record, base, partition.partition())));
        }
        LOG.info("TRUNCATE of {} sent to its {} partitions", out.topic(), partitions.size());
        return partitions.size();
    }

    /**
     * Returns once Kafka acknowledged every send, however long that takes; after {@code notice}
     * it logs that capture is waiting for Kafka, and once Kafka answered, for how long it waited.
     *
     * @throws IllegalStateException with Kafka's reason when it rejected a record
     */
    static void awaitAll(List<Future<RecordMetadata>> sends, Duration notice) throws InterruptedException {
        long started = System.nanoTime();
        boolean said = false;
        for (Future<RecordMetadata> send : sends) {
            try {
                if (!said) {
                    try {
                        send.get(Math.max(0, notice.toNanos() - (System.nanoTime() - started)), TimeUnit.NANOSECONDS);
                        continue;
                    } catch (TimeoutException stillWaiting) {
                        said = true;
                        LOG.warn("Kafka has not acknowledged capture's changes for {} s: capture waits for it and goes on where it"
                                + " stopped once Kafka answers (nothing is skipped); see the producer's warnings for why", notice.toSeconds());
                    }
                }
                send.get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("Kafka did not accept a change record: " + e.getCause().getMessage(), e.getCause());
            }
        }
        if (said) {
            LOG.info("Kafka acknowledged capture's changes again, after {} s of waiting",
                    TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
        }
    }

    /** A tombstone for each row the topics held that the fresh snapshot did not read: deleted while capture was blind. */
    private long sendTombstones(SnapshotReconciliation reconciliation, List<Future<RecordMetadata>> sends) {
        List<ProducerRecord<byte[], byte[]>> tombstones = reconciliation.tombstones();
        tombstones.forEach(tombstone -> sends.add(producer.send(tombstone)));
        return tombstones.size();
    }

    /** {@code source.snapshot} of a snapshot read (true, first, last, ...); null for streamed changes, heartbeats, tombstones. */
    static String snapshotFlag(SourceRecord record) {
        if (!(record.value() instanceof Struct envelope) || envelope.schema().field("op") == null
                || !"r".equals(envelope.getString("op"))) {
            return null;
        }
        Object flag = sourceField(envelope, "snapshot");
        return flag == null ? "true" : flag.toString();
    }

    private static Object sourceField(Struct envelope, String name) {
        Object source = envelope.schema().field("source") == null ? null : envelope.get("source");
        return source instanceof Struct s && s.schema().field(name) != null ? s.get(name) : null;
    }

    private void observeSnapshot(SourceRecord record) {
        if (!(record.value() instanceof Struct envelope) || envelope.schema().field("op") == null) {
            return; // tombstones, heartbeats
        }
        Object flag = sourceField(envelope, "snapshot");
        snapshot.observe(sourceField(envelope, "schema") + "." + sourceField(envelope, "table"), envelope.getString("op"),
                flag == null ? null : flag.toString());
    }

    /**
     * The record, with the change's position as a header: it fences tombstones, which carry no event.
     *
     * @param partition null: the one the key hashes to
     */
    private static ProducerRecord<byte[], byte[]> toKafka(ChangeRecordMapper.Outgoing out, SourceRecord source, long base, Integer partition) {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(out.topic(), partition, out.key(), out.value());
        Object lsn = source.sourceOffset() == null ? null : source.sourceOffset().get("lsn");
        if (lsn instanceof Number n) {
            record.headers().add(RecordHeaders.SOURCE_POSITION, Long.toString(Math.addExact(n.longValue(), base))
                    .getBytes(StandardCharsets.US_ASCII));
        }
        return record;
    }
}
