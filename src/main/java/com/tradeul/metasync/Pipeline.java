package com.tradeul.metasync;

import com.tradeul.metasync.apply.ApplyRunner;
import com.tradeul.metasync.apply.ApplyStats;
import com.tradeul.metasync.apply.BatchPlanner;
import com.tradeul.metasync.apply.ChangeDecoder;
import com.tradeul.metasync.apply.DeadLetterPublisher;
import com.tradeul.metasync.apply.ClusterRedisWriter;
import com.tradeul.metasync.apply.LettuceRedisWriter;
import com.tradeul.metasync.apply.RedisWriter;
import com.tradeul.metasync.cluster.ClusterOffsets;
import com.tradeul.metasync.cluster.SlotOffsetBook;
import com.tradeul.metasync.cluster.SlotOffsetRecords;
import com.tradeul.metasync.apply.RedisKeys;
import com.tradeul.metasync.apply.UnconvertibleMarks;
import com.tradeul.metasync.capture.CaptureEngine;
import com.tradeul.metasync.capture.ChangeTopics;
import com.tradeul.metasync.capture.CapturedColumns;
import com.tradeul.metasync.capture.ConnectorProperties;
import com.tradeul.metasync.capture.EnvelopeReader;
import com.tradeul.metasync.capture.PostgresPreflight;
import com.tradeul.metasync.clients.KafkaClients;
import com.tradeul.metasync.clients.PostgresConnections;
import com.tradeul.metasync.clients.RedisClients;
import com.tradeul.metasync.config.MetasyncConfig;
import com.tradeul.metasync.embedded.EmbeddedKafkaBroker;
import com.tradeul.metasync.guard.ClusterGuard;
import com.tradeul.metasync.guard.PersistenceGuard;
import com.tradeul.metasync.monitor.HealthPolicy;
import com.tradeul.metasync.monitor.PipelineMonitor;
import com.tradeul.metasync.normalize.JsonRenderer;
import com.tradeul.metasync.replay.HeldOffsets;
import com.tradeul.metasync.replay.RedisOffsets;
import com.tradeul.metasync.replay.ReplayRequests;
import com.tradeul.metasync.replay.ReplayWindow;
import com.tradeul.metasync.verify.DriftMonitor;
import com.tradeul.metasync.wire.ChangeEventCodec;
import io.lettuce.core.RedisClient;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running metasync: the embedded Kafka broker when no brokers are configured, capture
 * (PostgreSQL to Kafka) and apply (Kafka to Redis), each optional. Everything that can be checked
 * before data moves is checked in {@link #start}, failing with a {@code ConfigException}.
 */
public final class Pipeline implements AutoCloseable {

    public enum Component { CAPTURE, APPLY }

    private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);

    private final Deque<AutoCloseable> resources = new ArrayDeque<>();
    private final List<CompletableFuture<Void>> stops = new ArrayList<>();
    private final ApplyStats applyStats = new ApplyStats();
    private MetasyncConfig config;
    private final PostgresConnections postgres;
    private final RedisClients redisClients;
    private KafkaClients kafka;
    private CaptureEngine capture;
    private DriftMonitor drift;
    private PersistenceGuard guard;
    private ClusterGuard clusterGuard;
    private PipelineMonitor monitor;
    private final java.util.Map<String, CompletableFuture<Void>> running = new java.util.LinkedHashMap<>();

    private Pipeline(MetasyncConfig config) {
        this.config = config;
        this.postgres = new PostgresConnections(config.postgres());
        this.redisClients = new RedisClients(config.redis());
    }

    public static Pipeline start(MetasyncConfig config, Set<Component> components, Clock clock) {
        Pipeline pipeline = new Pipeline(config);
        try {
            pipeline.startComponents(components, clock);
            return pipeline;
        } catch (RuntimeException e) {
            pipeline.close();
            throw e;
        }
    }

    private void startComponents(Set<Component> components, Clock clock) {
        RedisClient redis = null;
        RedisClusterClient cluster = null;
        if (components.contains(Component.APPLY) && redisClients.isCluster()) {
            cluster = redisClients.createCluster();
            resources.push(cluster::shutdown);
            redisClients.check(cluster);
            StatefulRedisClusterConnection<String, String> guarded = RedisClients.connect(cluster);
            resources.push(guarded);
            ClusterGuard.checkEvictionAtStart(config, guarded);
            SlotOffsetRecords replayRecords = new SlotOffsetRecords(cluster, config.apply().groupId());
            resources.push(replayRecords);
            clusterGuard = new ClusterGuard(config, guarded, applyStats, new ReplayRequests(replayRecords::writeAll), clock);
        } else if (components.contains(Component.APPLY)) {
            redis = redisClients.create();
            resources.push(redis::shutdown);
            redisClients.check(redis);
            PersistenceGuard.checkEvictionAtStart(config, redis, redisClients.describe());
        }
        PostgresPreflight.checkRowShapes(config, postgres);
        CapturedColumns columns = null;
        if (components.contains(Component.CAPTURE)) {
            columns = PostgresPreflight.check(config, postgres);
        }
        if (config.kafka().bootstrapServers().isEmpty()) {
            EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(config.dataDir().resolve("kafka"), 0);
            resources.push(broker);
            broker.start();
            config = config.withBootstrapServers(broker.bootstrapServers());
            EmbeddedKafkaAddress.publish(config.dataDir(), broker.bootstrapServers());
            resources.push(() -> EmbeddedKafkaAddress.withdraw(config.dataDir()));
        }
        kafka = KafkaClients.of(config.kafka());
        ChangeTopics.ensure(config, kafka);
        if (components.contains(Component.CAPTURE)) {
            capture = new CaptureEngine(config, kafka, columns, postgres);
            resources.push(capture);
            capture.start();
            stops.add(capture.stopped());
            running.put("capture", capture.stopped());
        }
        if (cluster != null) {
            startClusterApply(cluster, clock);
            resources.push(clusterGuard);
            clusterGuard.start();
            if (!config.verify().interval().isZero()) {
                drift = DriftMonitor.onCluster(config, postgres, cluster, clock);
                resources.push(drift);
                drift.start(config.verify().interval());
            }
        } else if (components.contains(Component.APPLY)) {
            startApply(redis, clock);
            RedisOffsets guardOffsets = new RedisOffsets(redis, config.apply().groupId()); // the guard's thread's own connection
            resources.push(guardOffsets);
            guard = new PersistenceGuard(config, redis, applyStats, new ReplayRequests(guardOffsets), clock);
            resources.push(guard);
            guard.start();
            if (!config.verify().interval().isZero()) {
                drift = new DriftMonitor(config, postgres, redis, clock);
                resources.push(drift);
                drift.start(config.verify().interval());
            }
        }
        startMonitor(redis, cluster, clock);
        LOG.info("metasync running: {} ; PostgreSQL {} ; Kafka {} ; Redis {}", components, config.postgres(),
                kafka, redisClients.describe());
    }

    private void startApply(RedisClient redis, Clock clock) {
        LettuceRedisWriter writer = new LettuceRedisWriter(redis, RedisOffsets.key(config.apply().groupId()),
                UnconvertibleMarks.key(config.apply().groupId()));
        resources.push(writer);
        RedisOffsets redisOffsets = new RedisOffsets(redis, config.apply().groupId());
        resources.push(redisOffsets);
        startApply(writer, redisOffsets, clock);
    }

    /** Apply on a Redis Cluster: slot by slot, with the per-slot offset records its writer and reader share. */
    private void startClusterApply(RedisClusterClient cluster, Clock clock) {
        SlotOffsetBook book = new SlotOffsetBook();
        SlotOffsetRecords records = new SlotOffsetRecords(cluster, config.apply().groupId());
        resources.push(records);
        ClusterRedisWriter writer = new ClusterRedisWriter(cluster, new SlotOffsetRecords(cluster, config.apply().groupId()), book,
                config.apply().groupId(), System::nanoTime);
        resources.push(writer);
        startApply(writer, ClusterOffsets.forApply(records, book, writer::sweepIfDue), clock);
    }

    private void startApply(RedisWriter writer, HeldOffsets redisOffsets, Clock clock) {
        JsonRenderer renderer = new JsonRenderer(config.normalize().specialNumbers());
        BatchPlanner planner = new BatchPlanner(config.tablesByTopic(), new ChangeDecoder(new ChangeEventCodec(), renderer,
                ConnectorProperties.connector(config).getOrDefault("unavailable.value.placeholder", EnvelopeReader.DEFAULT_UNAVAILABLE_PLACEHOLDER)), renderer,
                new RedisKeys(config.keyTemplates()), config::truncatePolicy, config::onUnconvertible, config::rowShape);
        RedisKeys keys = new RedisKeys(config.keyTemplates());
        ReplayWindow window = new ReplayWindow(ChangeTopics.deleteRetentionMs(config, kafka), clock);
        DeadLetterPublisher deadLetters = new DeadLetterPublisher(kafka, config.kafka().deadLetterTopic());
        resources.push(deadLetters);
        // Apply owns the consumer from here: it closes it when it stops.
        Consumer<byte[], byte[]> consumer = kafka.consumer("metasync-apply", ApplyRunner.consumerTuning(config));
        ApplyRunner apply = new ApplyRunner(config, consumer, planner, writer, redisOffsets, deadLetters, applyStats, clock,
                topic -> keys.pattern(config.tablesByTopic().get(topic)), window);
        resources.push(apply);
        apply.start();
        stops.add(apply.stopped());
        running.put("apply", apply.stopped());
    }

    /** Metrics, health and their endpoint; the lag and slot samples run even when the endpoint is off. */
    private void startMonitor(RedisClient redis, RedisClusterClient cluster, Clock clock) {
        java.util.function.Supplier<java.util.Map<String, Long>> redisOffsets = java.util.Map::of;
        java.util.function.Supplier<HealthPolicy.UnconvertibleRows> unconvertible = null;
        if (cluster != null) {
            ClusterOffsets offsets = ClusterOffsets.readOnly(new SlotOffsetRecords(cluster, config.apply().groupId()));
            resources.push(offsets);
            redisOffsets = offsets::read;
            UnconvertibleMarks marks = UnconvertibleMarks.onCluster(cluster, config.apply().groupId());
            resources.push(marks);
            unconvertible = () -> new HealthPolicy.UnconvertibleRows(marks.count(),
                    marks.list(3).stream().map(UnconvertibleMarks.Mark::describe).toList());
        }
        if (redis != null) {
            RedisOffsets offsets = new RedisOffsets(redis, config.apply().groupId());
            resources.push(offsets);
            redisOffsets = offsets::read;
            UnconvertibleMarks marks = new UnconvertibleMarks(redis, config.apply().groupId());
            resources.push(marks);
            unconvertible = () -> new HealthPolicy.UnconvertibleRows(marks.count(),
                    marks.list(3).stream().map(UnconvertibleMarks.Mark::describe).toList());
        }
        PersistenceGuard watchedGuard = guard;
        ClusterGuard watchedCluster = clusterGuard;
        monitor = new PipelineMonitor(config, kafka, postgres, new PipelineMonitor.Sources(
                running.containsKey("apply") ? applyStats : null,
                watchedGuard != null ? watchedGuard::status : watchedCluster != null ? watchedCluster::status : null,
                capture, running, redisOffsets, unconvertible, drift == null ? null : drift::last, watchedCluster), clock);
        resources.push(monitor);
        monitor.start();
    }

    /** The settings in force, with the embedded broker's address filled in. */
    public MetasyncConfig config() {
        return config;
    }

    /** How this pipeline connects to PostgreSQL (for what else the process reads there). */
    public PostgresConnections postgres() {
        return postgres;
    }

    /** The metrics, health and lag of this process. */
    public PipelineMonitor monitor() {
        return monitor;
    }

    /** Capture's snapshot progress; empty when capture does not run here. */
    public java.util.Optional<com.tradeul.metasync.capture.SnapshotProgress> snapshot() {
        return capture == null ? java.util.Optional.empty() : java.util.Optional.of(capture.snapshot());
    }

    public ApplyStats applyStats() {
        return applyStats;
    }

    /** What the persistence guard last saw; empty when apply does not run here. */
    public java.util.Optional<PersistenceGuard.Status> guardStatus() {
        if (clusterGuard != null) {
            return java.util.Optional.of(clusterGuard.status());
        }
        return guard == null ? java.util.Optional.empty() : java.util.Optional.of(guard.status());
    }

    /** What the persistence guard last saw on each master of a Redis Cluster, by address; empty when Redis is not a cluster. */
    public java.util.Map<String, PersistenceGuard.Status> guardStatusByMaster() {
        return clusterGuard == null ? java.util.Map.of() : clusterGuard.statuses();
    }

    /** The last scheduled drift check; empty when none ran (or apply does not run here). */
    public java.util.Optional<DriftMonitor.Status> driftStatus() {
        return drift == null ? java.util.Optional.empty() : java.util.Optional.of(drift.last());
    }

    /** Change records capture has handed to Kafka since start; 0 when capture does not run here. */
    public long captured() {
        return capture == null ? 0 : capture.forwardedCount();
    }

    /**
     * Completes when the first component stops: exceptionally if it failed, with a
     * {@code ConfigException} when Kafka refused it something the user can grant or fix (a consumer
     * group ACL that apply only meets when it joins, say).
     */
    public CompletableFuture<Object> firstStop() {
        return CompletableFuture.anyOf(stops.toArray(CompletableFuture[]::new)).handle((stopped, error) -> {
            if (error == null) {
                return stopped;
            }
            Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null ? error.getCause() : error;
            throw kafka.explain(cause).map(RuntimeException.class::cast)
                    .orElseGet(() -> cause instanceof RuntimeException r ? r : new java.util.concurrent.CompletionException(cause));
        });
    }

    /** Stops apply, then capture, then the embedded broker: offsets are flushed, the consumer leaves its group. */
    @Override
    public synchronized void close() {
        while (!resources.isEmpty()) {
            AutoCloseable resource = resources.pop();
            try {
                resource.close();
            } catch (Exception e) {
                LOG.warn("error while stopping {}: {}", resource.getClass().getSimpleName(), e.toString());
            }
        }
    }
}
