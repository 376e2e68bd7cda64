package com.tradeul.metasync.capture;

import com.tradeul.metasync.clients.PostgresConnections;
import com.tradeul.metasync.config.TableId;
import com.tradeul.metasync.config.TableSettings.OnUnconvertible;
import com.tradeul.metasync.normalize.JsonRenderer;
import com.tradeul.metasync.wire.ChangeEventCodec;
import com.tradeul.metasync.wire.RecordHeaders;
import com.tradeul.metasync.wire.SourcePosition;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Capture's own snapshot ({@code capture.snapshot.reader=copy}): creates the replication slot with
 * an exported snapshot ({@link CopySnapshotSlot}), reads every captured table under it with
 * {@code COPY (SELECT <each column as PostgreSQL's text>) TO STDOUT} (the SELECT of
 * {@link SnapshotOverrides}, so values are the text Debezium's snapshot reads), and sends each row to
 * its change topic as the snapshot read Debezium's snapshot would have led to
 * ({@link CopyRowMapper}), at the slot's consistent point. The rows a fresh snapshot no longer
 * found get their tombstones ({@link SnapshotReconciliation}) after the last row. It returns only once
 * Kafka acknowledged every record; Debezium then streams from the slot without a snapshot of its own
 * ({@code snapshot.mode=no_data}), from exactly the consistent point. Tables are read in parallel,
 * on a connection each (at most {@link #READERS}). One snapshot at a time; {@link #cancel} from any thread.
 */
final class CopySnapshot {

    private static final Logger LOG = LoggerFactory.getLogger(CopySnapshot.class);
    /** Readers at once: each keeps about a core busy (parse, encode, send), and the machine it was sized on has two. */
    static final int READERS = 2;

    /** What a copy snapshot did. */
    record Result(long rows, long tombstones) {}

    /** Where the copy snapshot reads and what it needs to know of the source, from the connector's settings. */
    record Source(String slot, String plugin, String publication, String publicationMode, String sessionOptions) {}

    private final PostgresConnections postgres;
    private final CapturedColumns columns;
    private final Map<TableId, String> topics;
    private final Source source;
    private final Producer<byte[], byte[]> producer;
    private final JsonRenderer renderer;
    private final ChangeEventCodec codec;
    private final Function<TableId, OnUnconvertible> policy;
    private final String deadLetterTopic;
    private final SnapshotProgress progress;
    private final AtomicLong forwarded;
    private final AtomicLong unconvertible;
    private final Set<AutoCloseable> open = ConcurrentHashMap.newKeySet();
    private volatile boolean cancelled;

    CopySnapshot(PostgresConnections postgres, CapturedColumns columns, Map<TableId, String> topics, Source source,
                 Producer<byte[], byte[]> producer, JsonRenderer renderer, ChangeEventCodec codec, Function<TableId, OnUnconvertible> policy,
                 String deadLetterTopic, SnapshotProgress progress, AtomicLong forwarded, AtomicLong unconvertible) {
        this.postgres = postgres;
        this.columns = columns;
        this.topics = Map.copyOf(topics);
        this.source = source;
        this.producer = producer;
        this.renderer = renderer;
        this.codec = codec;
        this.policy = policy;
        this.deadLetterTopic = deadLetterTopic;
        this.progress = progress;
        this.forwarded = forwarded;
        this.unconvertible = unconvertible;
    }

    /** The copy snapshot of capture's tables, as the connector's settings say where and how Debezium would read them. */
    static CopySnapshot of(com.tradeul.metasync.config.MetasyncConfig config, java.util.Properties connector, PostgresConnections postgres,
                           CapturedColumns columns, Producer<byte[], byte[]> producer, ChangeForwarder forwarder, SnapshotProgress progress) {
        Source source = new Source(config.postgres().slot(), connector.getProperty("plugin.name", "pgoutput"),
                connector.getProperty("publication.name", "dbz_publication"),
                connector.getProperty("publication.autocreate.mode", "all_tables").trim().toLowerCase(java.util.Locale.ROOT),
                connector.getProperty("database.options", ""));
        Map<TableId, String> topics = new java.util.HashMap<>();
        config.tablesByTopic().forEach((topic, table) -> topics.put(table, topic));
        return new CopySnapshot(postgres, columns, topics, source, producer, new JsonRenderer(config.normalize().specialNumbers()),
                new ChangeEventCodec(), config::onUnconvertible, config.kafka().deadLetterTopic(), progress, forwarder.forwarded,
                forwarder.unconvertible);
    }

    /**
     * Creates the slot, reads and sends every table, then the reconciliation's tombstones, and waits
     * for Kafka's acknowledgements. The slot stays for Debezium; on failure it stays too, and the
     * snapshot counts as not done (the caller's identity says so).
     *
     * @param reconciliation a fresh snapshot's, or null for the first one
     * @param positionBase added to the slot's LSN ({@link SourceIdentity#positionBase})
     */
    Result take(SnapshotReconciliation reconciliation, long positionBase) throws InterruptedException {
        long started = System.nanoTime();
        open.clear();
        List<TableId> tables = new ArrayList<>(columns.tables().keySet());
        Map<TableId, List<String>> keys = primaryKeys(tables);
        try (CopySnapshotSlot slot = track(CopySnapshotSlot.create(postgres, source.slot(), source.plugin(), source.publication(),
                source.publicationMode(), tables))) {
            long position = Math.addExact(slot.consistentLsn(), positionBase);
            Sends sends = new Sends();
            ExecutorService readers = Executors.newFixedThreadPool(Math.max(1, Math.min(READERS, tables.size())),
                    r -> new Thread(r, "metasync-capture-copy"));
            try {
                List<Future<Long>> reads = new ArrayList<>();
                for (TableId table : tables) {
                    CopyRowMapper mapper = new CopyRowMapper(table, topics.get(table), columns.tables().get(table), keys.get(table),
                            renderer, codec, policy.apply(table));
                    reads.add(readers.submit(() -> read(table, mapper, slot.snapshotName(), position, reconciliation, sends)));
                }
                long rows = 0;
                for (Future<Long> read : reads) {
                    rows += awaitRead(read);
                }
                sends.awaitAll(producer);
                long tombstones = reconciliation == null ? 0 : sendTombstones(reconciliation, sends);
                sends.awaitAll(producer);
                progress.finished();
                LOG.info("copy snapshot done in {} s: {} rows of {} tables at LSN {}, acknowledged by Kafka", (System.nanoTime() - started) / 1e9,
                        rows, tables.size(), slot.consistentLsn());
                return new Result(rows, tombstones);
            } catch (RuntimeException | InterruptedException e) {
                closeOpen(); // readers still copying stop with their connections
                throw e;
            } finally {
                readers.shutdownNow();
            }
        }
    }

    /** Ends a snapshot under way: its connections close, and {@link #take} fails. */
    void cancel() {
        cancelled = true;
        closeOpen();
    }

    private void closeOpen() {
        for (AutoCloseable c : open) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.debug("cancelling the copy snapshot: {}", e.toString());
            }
        }
    }

    private <T extends AutoCloseable> T track(T closeable) {
        open.add(closeable);
        if (cancelled) {
            cancel();
        }
        return closeable;
    }

    private Map<TableId, List<String>> primaryKeys(List<TableId> tables) {
        try (Connection c = postgres.open("capture-snapshot")) {
            Map<TableId, List<String>> keys = new java.util.HashMap<>();
            for (TableId table : tables) {
                keys.put(table, PostgresPreflight.primaryKey(c, table, postgres.settings().database()));
            }
            return keys;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the primary keys for the copy snapshot: " + e.getMessage(), e);
        }
    }

    private long read(TableId table, CopyRowMapper mapper, String snapshot, long position, SnapshotReconciliation reconciliation,
                      Sends sends) throws SQLException {
        List<String> names = columns.tables().get(table).stream().map(CapturedColumns.Column::name).toList();
        String copy = "COPY (" + SnapshotOverrides.select(table, names) + ") TO STDOUT";
        try (Connection c = track(postgres.openForSnapshot("capture-snapshot", source.sessionOptions())); Statement s = c.createStatement()) {
            s.execute("BEGIN ISOLATION LEVEL REPEATABLE READ");
            s.execute("SET TRANSACTION SNAPSHOT '" + snapshot.replace("'", "''") + "'");
            SourcePosition at = new SourcePosition(position, transactionId(s), System.currentTimeMillis() * 1000L);
            String tableName = table.toString();
            CopyOut out = c.unwrap(PGConnection.class).getCopyAPI().copyOut(copy);
            long rows = 0;
            byte[] line;
            while ((line = out.readFromCopy()) != null) {
                ChangeRecordMapper.Outgoing record = mapper.map(CopyText.fields(line, mapper.columnCount()), at);
                send(tableName, record, position, sends);
                if (reconciliation != null) {
                    synchronized (reconciliation) {
                        reconciliation.snapshotRead(record.topic(), new String(record.key(), StandardCharsets.UTF_8));
                    }
                }
                rows++;
            }
            s.execute("COMMIT");
            LOG.info("copy snapshot read {} rows of {}", rows, table);
            return rows;
        }
    }

    /** The snapshot transaction's id, as Debezium's snapshot records carry theirs. */
    private static Long transactionId(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT txid_current()")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void send(String table, ChangeRecordMapper.Outgoing out, long position, Sends sends) {
        sends.check();
        if (out.deadLetter() != null) {
            LOG.error("dead-lettered to {}: {}; every other row keeps flowing", deadLetterTopic, UnconvertibleRows.describe(out.deadLetter()));
            producer.send(UnconvertibleRows.deadLetter(deadLetterTopic, out.deadLetter()), sends.deadLetter());
            unconvertible.incrementAndGet();
        }
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(out.topic(), out.key(), out.value());
        record.headers().add(RecordHeaders.SOURCE_POSITION, Long.toString(position).getBytes(StandardCharsets.US_ASCII));
        producer.send(record, sends.row(table));
    }

    /** As {@link ChangeForwarder}'s: a tombstone for each row the topics held that this snapshot did not read. */
    private long sendTombstones(SnapshotReconciliation reconciliation, Sends sends) {
        List<ProducerRecord<byte[], byte[]>> tombstones = reconciliation.tombstones();
        tombstones.forEach(tombstone -> producer.send(tombstone, sends.tombstone()));
        return tombstones.size();
    }

    private long awaitRead(Future<Long> read) throws InterruptedException {
        try {
            return read.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnconvertibleValueException stop) {
                throw stop;
            }
            throw new IllegalStateException(cancelled ? "copy snapshot cancelled" : "copy snapshot failed: " + e.getCause().getMessage(),
                    e.getCause());
        }
    }

    /** The records sent and not yet acknowledged, and the first failure Kafka reported. Thread safe. */
    private final class Sends {
        private final AtomicReference<Exception> failure = new AtomicReference<>();

        /** A snapshot row: counted as forwarded and as read, as ChangeForwarder counts Debezium's once acknowledged. */
        Callback row(String table) {
            return (metadata, error) -> {
                if (failed(error)) {
                    return;
                }
                forwarded.incrementAndGet();
                progress.observe(table, "r", "true");
            };
        }

        Callback tombstone() {
            return (metadata, error) -> {
                if (!failed(error)) {
                    forwarded.incrementAndGet();
                }
            };
        }

        /** Dead letters are counted when sent ({@code unconvertible}), never as forwarded changes. */
        Callback deadLetter() {
            return (metadata, error) -> failed(error);
        }

        private boolean failed(Exception error) {
            if (error == null) {
                return false;
            }
            failure.compareAndSet(null, error);
            return true;
        }

        void check() {
            Exception error = failure.get();
            if (error != null) {
                throw new IllegalStateException("Kafka did not accept a snapshot record: " + error.getMessage(), error);
            }
        }

        void awaitAll(Producer<byte[], byte[]> producer) {
            producer.flush();
            check();
        }
    }
}
