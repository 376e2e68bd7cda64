package com.tradeul.metasync.capture;

import com.tradeul.metasync.clients.KafkaClients;
import com.tradeul.metasync.config.MetasyncConfig;
import com.tradeul.metasync.config.TableId;
import com.tradeul.metasync.normalize.JsonRenderer;
import com.tradeul.metasync.wire.ChangeEventCodec;
import com.tradeul.metasync.wire.RecordHeaders;
import io.debezium.embedded.Connect;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.debezium.engine.format.ChangeEventFormat;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TimeZone;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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
 * Runs Debezium's embedded PostgreSQL connector and forwards every row change to its Kafka change
 * topic. A Debezium offset is marked processed only after Kafka acknowledged the records of the
 * batch (idempotent producer, acks=all), so a crash re-sends, never skips.
 */
public final class CaptureEngine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CaptureEngine.class);

    private final DebeziumEngine<RecordChangeEvent<SourceRecord>> engine;
    private final Producer<byte[], byte[]> producer;
    private final ChangeRecordMapper mapper;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> new Thread(r, "metasync-capture"));
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private final AtomicLong forwarded = new AtomicLong();
    private final AtomicLong unconvertible = new AtomicLong();
    private final String deadLetterTopic;
    private final SnapshotProgress snapshot = new SnapshotProgress();
    private volatile long lastForwardedMillis;

    private final CapturedColumns columns;
    private final String slot;

    /** @param columns what the start-up checks found capture carries ({@link PostgresPreflight#check}) */
    public CaptureEngine(MetasyncConfig config, KafkaClients kafka, CapturedColumns columns) {
        useUtc();
        this.columns = columns;
        this.slot = config.postgres().slot();
        Properties connector = ConnectorProperties.forEngine(config, kafka, columns);
        this.mapper = new ChangeRecordMapper(new ChangeEventCodec(), new JsonRenderer(config.normalize().specialNumbers()),
                new EnvelopeReader(connector.getProperty("unavailable.value.placeholder",
                        EnvelopeReader.DEFAULT_UNAVAILABLE_PLACEHOLDER)), table -> config.onUnconvertible(TableId.parse(table)));
        this.deadLetterTopic = config.kafka().deadLetterTopic();
        this.producer = kafka.producer("metasync-capture", PRODUCER_TUNING);
        this.engine = DebeziumEngine.create(ChangeEventFormat.of(Connect.class))
                .using(connector)
                .notifying(this::handleBatch)
                .using(this::completed)
                .build();
    }

    /**
     * pgjdbc tells PostgreSQL the JVM's default zone as the session's TimeZone, for the snapshot and
     * the walsender alike (a TimeZone in database.options loses to it): the text of timestamptz
     * ranges follows it, and Debezium's stand-ins for timestamptz infinity are instants at UTC.
     * The command line sets UTC at start; this covers capture embedded in another JVM.
     */
    private static void useUtc() {
        if (!TimeZone.getDefault().getID().equals("UTC")) {
            LOG.info("capture sets the JVM's default time zone to UTC (was {})", TimeZone.getDefault().getID());
            TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
        }
    }

    public void start() {
        LOG.info("capture starting");
        executor.execute(engine);
    }

    /** Completes when the engine stops; exceptionally when it failed. */
    public CompletableFuture<Void> stopped() {
        return stopped;
    }

    public SnapshotProgress snapshot() {
        return snapshot;
    }

    /** When Kafka last acknowledged a batch of changes; 0 before the first. */
    public long lastForwardedMillis() {
        return lastForwardedMillis;
    }

    /** Rows capture could not carry exactly and dead-lettered since start. */
    public long unconvertibleCount() {
        return unconvertible.get();
    }

    /** Row changes (and tombstones) acknowledged by Kafka since start. */
    public long forwardedCount() {
        return forwarded.get();
    }

    private void handleBatch(List<RecordChangeEvent<SourceRecord>> records,
                             DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer) throws InterruptedException {
        List<Future<RecordMetadata>> sends = new ArrayList<>(records.size());
        long deadLettersBefore = unconvertible.get();
        for (RecordChangeEvent<SourceRecord> event : records) {
            mapper.map(event.record()).ifPresent(out -> {
                if (out.deadLetter() != null) {
                    // Dead letter first: once Kafka has both, the row is accounted for whatever happens next.
                    LOG.error("dead-lettered to {}: {}; every other row keeps flowing", deadLetterTopic,
                            UnconvertibleRows.describe(out.deadLetter()));
                    sends.add(producer.send(UnconvertibleRows.deadLetter(deadLetterTopic, out.deadLetter())));
                    unconvertible.incrementAndGet();
                }
                sends.add(producer.send(toKafka(out, event.record())));
            });
        }
        for (Future<RecordMetadata> send : sends) {
            try {
                send.get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("Kafka did not accept a change record: " + e.getCause().getMessage(), e.getCause());
            }
        }
        for (RecordChangeEvent<SourceRecord> event : records) {
            committer.markProcessed(event);
            observeSnapshot(event.record());
        }
        committer.markBatchFinished();
        forwarded.addAndGet(sends.size() - (unconvertible.get() - deadLettersBefore));
        if (!sends.isEmpty()) {
            lastForwardedMillis = System.currentTimeMillis();
        }
    }

    private void observeSnapshot(SourceRecord record) {
        if (!(record.value() instanceof Struct envelope) || envelope.schema().field("op") == null) {
            return; // tombstones, heartbeats
        }
        Object source = envelope.schema().field("source") == null ? null : envelope.get("source");
        Object flag = source instanceof Struct s && s.schema().field("snapshot") != null ? s.get("snapshot") : null;
        Object table = source instanceof Struct s && s.schema().field("table") != null ? s.get("table") : null;
        Object schema = source instanceof Struct s && s.schema().field("schema") != null ? s.get("schema") : null;
        snapshot.observe(schema + "." + table, envelope.getString("op"), flag == null ? null : flag.toString());
    }

    /** The record, with the change's LSN as a header: it fences tombstones, which carry no event. */
    private static ProducerRecord<byte[], byte[]> toKafka(ChangeRecordMapper.Outgoing out, SourceRecord source) {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(out.topic(), out.key(), out.value());
        Object lsn = source.sourceOffset() == null ? null : source.sourceOffset().get("lsn");
        if (lsn instanceof Number n) {
            record.headers().add(RecordHeaders.SOURCE_POSITION, Long.toString(n.longValue()).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
        return record;
    }

    private void completed(boolean success, String message, Throwable error) {
        if (success) {
            LOG.info("capture stopped");
            stopped.complete(null);
        } else {
            java.util.Optional<com.tradeul.metasync.config.ConfigException> explained = CaptureFailures.explain(error, columns, slot);
            if (explained.isPresent()) {
                LOG.error("capture failed: {}", explained.get().oneLine());
                stopped.completeExceptionally(new CaptureFailedException(explained.get().oneLine(), explained.get()));
            } else {
                LOG.error("capture failed: {}", message, error);
                stopped.completeExceptionally(new CaptureFailedException(message, error));
            }
        }
    }

    private static final Map<String, Object> PRODUCER_TUNING = Map.of(
            ProducerConfig.ACKS_CONFIG, "all",
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
            // No linger: a Debezium batch is sent whole and then awaited, so lingering only
            // delays it (records sent while the first request is in flight batch anyway).
            ProducerConfig.LINGER_MS_CONFIG, 0,
            ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);

    @Override
    public void close() {
        try {
            engine.close();
        } catch (IOException e) {
            LOG.warn("capture engine did not close cleanly: {}", e.toString());
        }
        executor.shutdown();
        try {
            if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("capture engine still running 30 s after close");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close();
        stopped.complete(null);
    }
}
