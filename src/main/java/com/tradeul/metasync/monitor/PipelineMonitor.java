package com.tradeul.metasync.monitor;

import com.tradeul.metasync.apply.ApplyStats;
import com.tradeul.metasync.capture.CaptureEngine;
import com.tradeul.metasync.clients.KafkaClients;
import com.tradeul.metasync.clients.PostgresConnections;
import com.tradeul.metasync.config.MetasyncConfig;
import com.tradeul.metasync.guard.Finding;
import com.tradeul.metasync.guard.PersistenceGuard;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a running pipeline: samples consumer lag and the replication slot every
 * {@code monitor.interval-seconds}, exports every metric, judges health, and serves both over
 * HTTP ({@code monitor.bind}:{@code monitor.port}).
 */
public final class PipelineMonitor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PipelineMonitor.class);

    /**
     * What there is to watch in this process. Null members do not run here.
     *
     * @param components each running component's stop future, by name (capture, apply)
     * @param redisOffsets the offsets Redis holds (empty when Redis is not used here)
     */
    public record Sources(ApplyStats apply, Supplier<PersistenceGuard.Status> guard, CaptureEngine capture,
                          Map<String, CompletableFuture<Void>> components, Supplier<Map<String, Long>> redisOffsets,
                          Supplier<HealthPolicy.UnconvertibleRows> unconvertible,
                          Supplier<com.tradeul.metasync.verify.DriftMonitor.Status> drift,
                          com.tradeul.metasync.guard.ClusterGuard cluster) {

        public Sources(ApplyStats apply, Supplier<PersistenceGuard.Status> guard, CaptureEngine capture,
                       Map<String, CompletableFuture<Void>> components, Supplier<Map<String, Long>> redisOffsets) {
            this(apply, guard, capture, components, redisOffsets, null, null, null);
        }

        public Sources(ApplyStats apply, Supplier<PersistenceGuard.Status> guard, CaptureEngine capture,
                       Map<String, CompletableFuture<Void>> components, Supplier<Map<String, Long>> redisOffsets,
                       Supplier<HealthPolicy.UnconvertibleRows> unconvertible,
                       Supplier<com.tradeul.metasync.verify.DriftMonitor.Status> drift) {
            this(apply, guard, capture, components, redisOffsets, unconvertible, drift, null);
        }
    }

    private final MetasyncConfig config;
    private final KafkaClients kafka;
    private final SlotReader slotReader;
    private final Sources sources;
    private final Clock clock;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final PipelineMetrics metrics;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "metasync-monitor");
        t.setDaemon(true);
        return t;
    });
    private final Set<String> partitionsSeen = new HashSet<>();
    private ConsumerLagReader lagReader;
    private MonitorServer server;
    private volatile LagReport lag;
    private volatile SlotStatus slot;
    private final SlotSamples slotSamples = new SlotSamples();
    private volatile SlotSamples.Observation slotObservation = SlotSamples.Observation.NONE;
    private volatile HealthPolicy.UnconvertibleRows unconvertible;
    private volatile String lagProblem;

    public PipelineMonitor(MetasyncConfig config, KafkaClients kafka, PostgresConnections postgres, Sources sources, Clock clock) {
        this.config = config;
        this.kafka = kafka;
        this.slotReader = new SlotReader(postgres);
        this.sources = sources;
        this.clock = clock;
        this.metrics = new PipelineMetrics(registry, clock);
    }

    public void start() {
        List<String> tables = config.postgres().tables().stream().map(Object::toString).toList();
        if (sources.apply() != null) {
            metrics.bindApply(sources.apply(), tables);
        }
        if (sources.capture() != null) {
            metrics.bindCapture(sources.capture(), tables);
        }
        if (sources.guard() != null) {
            metrics.bindGuard(sources.guard());
        }
        sources.components().forEach(metrics::bindComponent);
        metrics.bindSlot(() -> slot);
        metrics.bindSlotSamples(() -> slotObservation);
        if (sources.drift() != null) {
            metrics.bindDrift(sources.drift(), tables);
        }
        if (sources.unconvertible() != null) {
            metrics.bindUnconvertible(() -> unconvertible);
        }
        metrics.bindHealth(this::health);
        lagReader = new ConsumerLagReader(kafka, config.apply().groupId(),
                config.tablesByTopic().keySet(), sources.redisOffsets());
        timer.scheduleWithFixedDelay(this::sample, 0, config.monitor().interval().toMillis(), TimeUnit.MILLISECONDS);
        if (config.monitor().enabled()) {
            server = MonitorServer.start(config.monitor().bind(), config.monitor().port(), registry::scrape, this::health);
            LOG.info("metrics on http://{}:{}/metrics, health on /health", config.monitor().bind(), server.address().getPort());
        }
    }

    /** Where /metrics and /health are served; empty when the endpoint is off. */
    public java.util.Optional<InetSocketAddress> address() {
        return server == null ? java.util.Optional.empty() : java.util.Optional.of(server.address());
    }

    /** The metrics as Prometheus would scrape them. */
    public String scrape() {
        return registry.scrape();
    }

    /** Samples the slot and lag now (the timer also does, every monitor.interval-seconds); the slot first, it is quick. */
    public synchronized void sample() {
        try {
            SlotStatus read = slotReader.read();
            slotSamples.read(read, clock.instant()).ifPresent(LOG::info);
        } catch (Exception e) {
            slotSamples.failed(config.postgres().slot(), com.tradeul.metasync.config.ConfigException.rootMessage(e), clock.instant())
                    .ifPresent(LOG::warn);
        }
        slotObservation = slotSamples.current();
        slot = slotObservation.slot(); // null while unreadable: its figures are stale, not the last good ones
        if (sources.unconvertible() != null) {
            try {
                unconvertible = sources.unconvertible().get();
            } catch (RuntimeException e) {
                LOG.debug("cannot read the rows capture could not carry: {}", e.getMessage());
            }
        }
        try {
            LagReport report = lagReader.read();
            for (LagReport.PartitionLag p : report.partitions()) {
                if (partitionsSeen.add(p.topic() + "-" + p.partition())) {
                    metrics.partitionLag(p.topic(), p.partition(), () -> lag);
                }
            }
            lag = report;
            lagProblem = null;
        } catch (RuntimeException e) {
            if (lagProblem == null) {
                LOG.warn("cannot sample consumer lag: {}", e.getMessage());
            }
            lagProblem = e.getMessage();
        }
    }

    public LagReport lastLag() {
        return lag;
    }

    public SlotStatus lastSlot() {
        return slot;
    }

    public HealthReport health() {
        PersistenceGuard.Status guard = sources.guard() == null ? null : sources.guard().get();
        ClusterNodeHealth.Judgement nodes = sources.cluster() == null ? null
                : ClusterNodeHealth.judge(sources.cluster().topology(), sources.cluster().statuses());
        List<String> stopped = new ArrayList<>();
        sources.components().forEach((name, future) -> {
            if (future.isDone()) {
                stopped.add(name + " stopped" + (future.isCompletedExceptionally() ? ": " + failure(future) : ""));
            }
        });
        Duration saveAge = guard == null || guard.redisLastSave() == null ? null : Duration.between(guard.redisLastSave(), clock.instant());
        String saveFailure = guard != null && guard.lastSave() != null && !guard.lastSave().ok() ? guard.lastSave().message() : null;
        // On a cluster one master's error is its node's reason; Redis is unreachable only when no master answers.
        String unreachable = nodes != null ? nodes.unreachable() : guard == null ? null : guard.error();
        var observations = new HealthPolicy.Observations(
                unreachable,
                sources.apply() == null ? null : sources.apply().waitingFor(),
                stopped, lag, saveAge, guard == null ? 0 : guard.unsavedChanges(), saveFailure,
                guard == null ? List.<Finding>of() : guard.findings(), slot, sources.capture() != null,
                guard != null && guard.persistenceManagedByProvider(), unconvertible,
                slotObservation.failures() == 0 ? null
                        : new HealthPolicy.SlotUnreadable(config.postgres().slot(), slotObservation.failures(), slotObservation.cause()),
                snapshotRunning() ? 0 : slotObservation.inactive(),
                sources.capture() == null ? null
                        : sources.capture().sourceFaults().current().map(com.tradeul.metasync.capture.SourceFaults.Fault::message).orElse(null));
        HealthReport report = HealthPolicy.evaluate(observations, new HealthPolicy.Thresholds(config.monitor().lagThreshold(),
                config.monitor().saveAgeThreshold(), config.monitor().slotWalThresholdBytes()));
        return nodes == null ? report : report.withNodes(nodes.nodes(), nodes.reasons());
    }

    /** Capture connects its stream only after the initial snapshot (and shortly after a copy snapshot): an inactive slot then is expected. */
    private boolean snapshotRunning() {
        return sources.capture() != null && sources.capture().snapshot().streamNotExpectedYet(System.currentTimeMillis());
    }

    private static String failure(CompletableFuture<?> future) {
        try {
            future.join();
            return "";
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return cause.getMessage();
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        if (server != null) {
            server.close();
        }
        if (lagReader != null) {
            lagReader.close();
        }
        metrics.close();
        registry.close();
    }
}
