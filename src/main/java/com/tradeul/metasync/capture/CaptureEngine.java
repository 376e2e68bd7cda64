package com.tradeul.metasync.capture;

import com.tradeul.metasync.clients.KafkaClients;
import com.tradeul.metasync.clients.PostgresConnections;
import com.tradeul.metasync.config.ConfigException;
import com.tradeul.metasync.config.MetasyncConfig;
import com.tradeul.metasync.config.TableId;
import com.tradeul.metasync.normalize.JsonRenderer;
import com.tradeul.metasync.wire.ChangeEventCodec;
import io.debezium.embedded.Connect;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.debezium.engine.format.ChangeEventFormat;
import java.util.List;
import java.util.Properties;
import java.util.TimeZone;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs Debezium's embedded PostgreSQL connector and forwards every row change to its Kafka change
 * topic ({@link ChangeForwarder}). Before each run of the engine {@link SourceGuard} checks that the
 * position it streams from still exists (same cluster, slot there and valid); when the engine
 * stops because it does not, or the watchdog finds so, capture runs again from a fresh snapshot
 * (capture.on-slot-lost=resnapshot) or stops with the fix (stop).
 */
public final class CaptureEngine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CaptureEngine.class);
    /**
     * How long close waits for a starting engine to poll, so that it closes it itself; past it the
     * engine is closed once it polls, or ends when its start fails ({@link EngineRun#closeOnceStarted}).
     * A start with PostgreSQL and Kafka answering takes about a second; one waiting for them, up to
     * postgres.capture-socket-timeout-seconds or Debezium's task.management.timeout.ms (40 s): a stop
     * then would have waited that long (seen: 30.5 s with PostgreSQL blackholed, StopDuringOutageIT).
     */
    private static final java.time.Duration START_PATIENCE = java.time.Duration.ofSeconds(3);
    /**
     * How long close waits for Kafka to take what the producer still holds: nothing, unless Kafka is
     * away (with Kafka up, every batch was acknowledged before Debezium got the next). Short, so
     * that a stop during an outage fits the 10 s a container gets before SIGKILL, with the engine's
     * own close (StopDuringOutageIT); what it drops was never acknowledged, so never marked processed.
     */
    private static final java.time.Duration CLOSE_PATIENCE = java.time.Duration.ofSeconds(3);

    private final MetasyncConfig config;
    private final KafkaClients kafka;
    private final SourceGuard guard;
    private final SourceFaults faults = new SourceFaults();
    private final java.util.concurrent.ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(
            r -> new Thread(r, "metasync-capture-watchdog"));
    /** The engine's current run; replaced under {@link #runLock}. */
    private volatile EngineRun run;
    private volatile SourceGuard.Plan plan;
    private volatile boolean closing;
    /** Whether the current run of the engine handed Debezium's records on: its slot existed then. */
    private volatile boolean runForwarded;
    /** Held while one run of the engine gives way to the next, so a look of the watchdog at the old one cannot end the new one. */
    private final Object runLock = new Object();
    private final java.util.concurrent.atomic.AtomicBoolean restartRequested = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile Throwable engineFailure;
    private volatile String engineFailureMessage;
    private final Producer<byte[], byte[]> producer;
    private final ChangeForwarder forwarder;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> new Thread(r, "metasync-capture"));
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private final SnapshotProgress snapshot = new SnapshotProgress();

    private final CapturedColumns columns;
    private final String slot;
    /** Capture's own snapshot reader; null under capture.snapshot.reader=debezium. */
    private final CopySnapshot copier;
    /** Whether the current run copies the tables itself before its engine streams (snapshot.mode=no_data). */
    private volatile boolean copyFirst;

    /** @param columns what the start-up checks found capture carries ({@link PostgresPreflight#check}) */
    public CaptureEngine(MetasyncConfig config, KafkaClients kafka, CapturedColumns columns, PostgresConnections postgres) {
        useUtc();
        this.config = config;
        this.kafka = kafka;
        this.columns = columns;
        this.slot = config.postgres().slot();
        Properties connector = ConnectorProperties.forEngine(config, kafka, columns);
        ChangeRecordMapper mapper = new ChangeRecordMapper(new ChangeEventCodec(), new JsonRenderer(config.normalize().specialNumbers()),
                new EnvelopeReader(connector.getProperty("unavailable.value.placeholder",
                        EnvelopeReader.DEFAULT_UNAVAILABLE_PLACEHOLDER)), table -> config.onUnconvertible(TableId.parse(table)));
        this.producer = kafka.producer("metasync-capture", ChangeForwarder.PRODUCER_TUNING);
        this.forwarder = new ChangeForwarder(producer, mapper, config.kafka().deadLetterTopic(), snapshot);
        this.guard = new SourceGuard(config, kafka, postgres, faults, java.time.Clock.systemUTC());
        this.copier = config.capture().snapshotReader() == com.tradeul.metasync.config.CaptureSettings.SnapshotReader.COPY
                ? CopySnapshot.of(config, connector, postgres, columns, producer, forwarder, snapshot) : null;
    }

    /** An engine for one run under {@code run}'s identity: its offsets are that identity's. */
    private EngineRun engineFor(SourceGuard.Plan run) {
        runForwarded = false;
        if (run.reconciliation() != null) {
            snapshot.restart();
        }
        Properties connector = ConnectorProperties.forEngine(config, kafka, columns);
        connector.setProperty("name", run.identity().engineName());
        // A slot dropped between Debezium's snapshot and its stream fails the run instead of coming back empty.
        connector.setProperty(SlotKeepingReplicationConnection.STREAM_SETTING, "true");
        if (run.reconciliation() != null) {
            // A fresh snapshot is what capture.on-slot-lost=resnapshot asks for, whatever debezium.snapshot.mode
            // says for a first start: the new offsets are empty, so 'initial' takes it.
            connector.setProperty("snapshot.mode", "initial");
        }
        boolean copies = copier != null && "initial".equals(connector.getProperty("snapshot.mode", "initial"));
        copyFirst = copies && (run.reconciliation() != null || guard.slotMissing());
        if (copies) {
            // The copy reads the tables, Debezium only streams from the slot. Also when the slot exists and
            // Debezium has no offsets yet: the identity is finished only once a copy is all in Kafka (an
            // interrupted one stays pending and is taken again), and the slot has not moved since.
            connector.setProperty("snapshot.mode", "no_data");
            connector.setProperty(SlotKeepingReplicationConnection.SETTING, "true");
        }
        EngineRun engineRun = new EngineRun();
        connector.setProperty(ClosingRuns.PROPERTY, engineRun.token());
        engineRun.of(DebeziumEngine.create(ChangeEventFormat.of(Connect.class))
                .using(connector)
                .notifying(this::handleBatch)
                .using(this::completed)
                .using(engineRun)
                .build());
        return engineRun;
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

    /**
     * Checks the source first (in the caller's thread, so that a stop policy fails the start with
     * its fix), then runs the engine until closed, running it again whenever it stopped because
     * its position is gone ({@link SourceGuard}).
     */
    public void start() {
        LOG.info("capture starting");
        plan = guard.prepare();
        run = engineFor(plan);
        executor.execute(this::runEngines);
        long every = Math.max(1, config.monitor().interval().toSeconds());
        watchdog.scheduleWithFixedDelay(this::watch, every, every, TimeUnit.SECONDS);
    }

    private void runEngines() {
        try {
            runUntilClosed();
        } finally {
            run.ended(); // a run replaced but never run, when close came in between
        }
    }

    private void runUntilClosed() {
        while (!closing) {
            engineFailure = null;
            if ((!copyFirst || copied()) && !closing) { // closed during the copy: Debezium need not start
                run.run();
            }
            run.ended();
            synchronized (runLock) {
                if (closing) {
                    break;
                }
                boolean again = restartRequested.getAndSet(false)
                        || engineFailure != null && !(engineFailure instanceof UnconvertibleValueException) && guard.explains(plan.identity());
                if (!again) {
                    finish();
                    return;
                }
                // Before the next plan is seen: a look of the watchdog at it must not take the old run's records for its slot's.
                runForwarded = false;
                try {
                    plan = guard.prepare();
                } catch (RuntimeException e) {
                    String why = e instanceof ConfigException stop ? stop.oneLine() : ConfigException.rootMessage(e);
                    stopped.completeExceptionally(new CaptureFailedException(why, e));
                    return;
                }
                run = engineFor(plan);
            }
        }
        LOG.info("capture stopped"); // closed on request: operators (and RunProcessIT) look for this line
        stopped.complete(null);
    }

    /**
     * Takes the copy snapshot this run needs ({@link CopySnapshot}); only once Kafka acknowledged all
     * of it does the snapshot count as done and the engine stream. A failure ends the run as an engine
     * failure would: the identity stays pending, so the next run (or start) takes a fresh one.
     */
    private boolean copied() {
        try {
            SourceGuard.Plan begun = guard.copySnapshotBegins(plan);
            plan = begun;
            CopySnapshot.Result result = copier.take(begun.reconciliation(), begun.identity().positionBase());
            if (begun.reconciliation() != null) {
                guard.finished(begun, result.rows(), result.tombstones());
            } else {
                guard.copySnapshotFinished(begun, result.rows());
            }
            forwarder.lastForwardedMillis = System.currentTimeMillis();
            plan = begun.streaming();
            runForwarded = true; // the slot existed (the copy created it): the watchdog now takes a missing one for a drop
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            completed(false, "copy snapshot interrupted", e);
        } catch (RuntimeException e) {
            completed(false, closing ? "copy snapshot cancelled" : ConfigException.rootMessage(e), e);
            if (!closing && !(e instanceof UnconvertibleValueException)) {
                LOG.warn("copy snapshot failed, taken again from a fresh slot: {}", ConfigException.rootMessage(e));
                pauseBeforeRetry();
            }
        }
        return false;
    }

    private static void pauseBeforeRetry() {
        try {
            Thread.sleep(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void finish() {
        if (engineFailure == null) {
            LOG.info("capture stopped");
            stopped.complete(null);
            return;
        }
        java.util.Optional<ConfigException> explained = CaptureFailures.explain(engineFailure, columns, slot);
        if (explained.isPresent()) {
            LOG.error("capture failed: {}", explained.get().oneLine());
            stopped.completeExceptionally(new CaptureFailedException(explained.get().oneLine(), explained.get()));
        } else {
            LOG.error("capture failed: {}", engineFailureMessage, engineFailure);
            stopped.completeExceptionally(new CaptureFailedException(engineFailureMessage, engineFailure));
        }
    }

    private void watch() {
        SourceGuard.Plan running = plan;
        if (closing || running == null) {
            return;
        }
        try {
            if (guard.watch(running.identity(), runForwarded) == SourceGuard.Watch.RESTART) {
                synchronized (runLock) {
                    if (plan == running) { // not a look at a run that has ended since
                        // runEngines reads the request under runLock, after this. A run not polling yet is left to
                        // start (closing it now could leak, see EngineRun): the next look closes it.
                        // Never cleared here: a later look, finding the run closing already, must not undo an earlier request.
                        if (run.closeIfPolling()) {
                            restartRequested.set(true);
                        }
                    }
                }
            }
        } catch (ConfigException stop) {
            closing = true;
            stopped.completeExceptionally(new CaptureFailedException(stop.oneLine(), stop));
        } catch (RuntimeException e) {
            LOG.debug("capture's source check failed: {}", e.toString());
        }
    }

    /** The fault capture is healing now, and the counts of each kind: for health and metrics. */
    public SourceFaults sourceFaults() {
        return faults;
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
        return forwarder.lastForwardedMillis;
    }

    /** Rows capture could not carry exactly and dead-lettered since start. */
    public long unconvertibleCount() {
        return forwarder.unconvertible.get();
    }

    /** Row changes (and tombstones) acknowledged by Kafka since start. */
    public long forwardedCount() {
        return forwarder.forwarded.get();
    }

    private void handleBatch(List<RecordChangeEvent<SourceRecord>> records,
                             DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer) throws InterruptedException {
        plan = forwarder.handle(records, committer, plan, guard::finished);
        runForwarded = true;
    }

    /** The engine's end; {@link #runEngines} decides what follows once {@code run()} returns. */
    private void completed(boolean success, String message, Throwable error) {
        if (!success) {
            engineFailureMessage = message;
            engineFailure = error == null ? new IllegalStateException(message) : error;
        }
    }

    /**
     * Stops the engine (once it has started, see {@link EngineRun}), then its Kafka producer. Closed
     * during a snapshot, after a failure or between two runs alike, nothing of capture runs on.
     */
    @Override
    public void close() {
        EngineRun last;
        synchronized (runLock) { // no run replaces this one after it: runEngines checks closing under the lock
            closing = true;
            last = run;
        }
        watchdog.shutdownNow();
        executor.shutdown();
        if (copier != null) {
            copier.cancel();
        }
        try {
            boolean closed = last == null || last.closeOnceStarted(START_PATIENCE);
            // A run left to close itself once started ends later; what it forwards then meets a closed producer
            // and fails, unacknowledged, so never marked processed.
            if (closed && !executor.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("capture engine still running 30 s after close");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // Bounded: the producer waits out Kafka outages (ChangeForwarder), and a close without a
        // timeout would wait for Kafka too.
        producer.close(CLOSE_PATIENCE);
        stopped.complete(null);
    }
}
