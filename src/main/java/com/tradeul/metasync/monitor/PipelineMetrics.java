package com.tradeul.metasync.monitor;

import com.tradeul.metasync.apply.ApplyStats;
import com.tradeul.metasync.apply.FreshnessHops;
import com.tradeul.metasync.capture.CaptureEngine;
import com.tradeul.metasync.capture.SnapshotProgress;
import com.tradeul.metasync.guard.Finding;
import com.tradeul.metasync.guard.PersistenceGuard;
import com.tradeul.metasync.replay.RedisPositionPolicy.ReplayCause;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * Every metric metasync exports. Gauges hold their source strongly: Micrometer's default weak
 * reference let a GC collect the suppliers made here, and the gauge then read NaN. Names follow Prometheus conventions once Micrometer renders them:
 * counters end in {@code _total}, times in {@code _seconds}, sizes in {@code _bytes}. The README's
 * "Monitoring" section, the dashboard and the alert rules in {@code monitoring/} use these names
 * (a test checks that every name they use is exported).
 */
final class PipelineMetrics implements AutoCloseable {

    /** Freshness buckets: from a few milliseconds (streaming) to minutes (a backlog). */
    private static final Duration[] FRESHNESS_BUCKETS = {
        Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
        Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
        Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(300)};

    private final MeterRegistry registry;
    private final Clock clock;
    private final Map<String, Timer> freshness = new ConcurrentHashMap<>();
    private final Map<String, Long> newestCommitMillis = new ConcurrentHashMap<>();
    /**
     * Listens to the JVM's garbage collector MXBeans, which live as long as the JVM: unless closed, its
     * listener holds the registry, every gauge's source and so the closed pipeline's capture engine.
     */
    private final JvmGcMetrics gcMetrics = new JvmGcMetrics();

    PipelineMetrics(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
        new JvmMemoryMetrics().bindTo(registry);
        gcMetrics.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    void bindApply(ApplyStats stats, List<String> tables) {
        counter("metasync.apply.records", "Change records apply wrote to Redis (or found superseded in their batch)", stats, ApplyStats::records);
        counter("metasync.apply.writes", "Redis writes apply made, by kind", stats, ApplyStats::upserts, "kind", "upsert");
        counter("metasync.apply.writes", "Redis writes apply made, by kind", stats, ApplyStats::deletes, "kind", "delete");
        counter("metasync.apply.fenced.writes", "Writes skipped because Redis held a newer change of the key", stats, ApplyStats::fenced);
        counter("metasync.dead.lettered.records", "Records sent to the dead-letter topic because they can never apply", stats,
                ApplyStats::deadLettered);
        for (ReplayCause cause : ReplayCause.values()) {
            counter("metasync.replays", "Times apply went back in a change topic because Redis lost data, by cause", stats,
                    s -> s.replays(cause), "cause", cause.label());
        }
        for (ApplyStats.Stage stage : ApplyStats.Stage.values()) {
            FunctionCounter.builder("metasync.apply.stage", stats, s -> s.stageNanos(stage) / 1e9).baseUnit("seconds").tags("stage", stage.label())
                    .description("Time apply's thread spent in each stage (poll, plan, send, await_redis, finish); the stage whose rate nears 1 s/s"
                            + " limits apply").register(registry);
            FunctionCounter.builder("metasync.apply.stage.cpu", stats, s -> s.stageCpuNanos(stage) / 1e9).baseUnit("seconds")
                    .tags("stage", stage.label())
                    .description("CPU time apply's thread used in each stage; far below metasync_apply_stage_seconds_total, the stage waits")
                    .register(registry);
        }
        Gauge.builder("metasync.apply.waiting", stats, s -> s.waitingFor() == null ? 0 : 1)
                .description("1 while Redis refuses writes and apply waits (never skips)").strongReference(true).register(registry);
        DistributionSummary batchRecords = DistributionSummary.builder("metasync.apply.batch").baseUnit("records")
                .description("Records per applied batch").serviceLevelObjectives(1, 10, 100, 500, 1000, 2000, 5000).register(registry);
        Timer batchWrite = Timer.builder("metasync.apply.batch.write")
                .description("Time Redis took to accept a batch (MULTI/EXEC), retries while it refused writes included")
                .serviceLevelObjectives(FRESHNESS_BUCKETS).register(registry);
        for (String table : tables) {
            freshnessOf(table);
            TimeGauge.builder("metasync.newest.change.age", this, TimeUnit.MILLISECONDS, m -> m.newestChangeAgeMillis(table))
                    .tags("table", table)
                    .description("Age of the newest PostgreSQL commit applied to Redis (grows while a table is quiet)")
                    .strongReference(true).register(registry);
        }
        Timer captureHop = freshnessHop(FreshnessHops.CAPTURE);
        Timer kafkaHop = freshnessHop(FreshnessHops.KAFKA);
        Timer applyHop = freshnessHop(FreshnessHops.APPLY);
        stats.listen(batch -> {
            batchRecords.record(batch.records());
            batchWrite.record(batch.writeNanos(), TimeUnit.NANOSECONDS);
            for (var change : batch.committed()) {
                long commitMillis = change.commitTimeMicros() / 1000;
                freshnessOf(change.table()).record(Math.max(0, batch.acknowledgedMillis() - commitMillis), TimeUnit.MILLISECONDS);
                newestCommitMillis.merge(change.table(), commitMillis, Math::max);
                FreshnessHops hops = batch.hops(change);
                if (hops != null) {
                    captureHop.record(hops.captureMillis(), TimeUnit.MILLISECONDS);
                    kafkaHop.record(hops.kafkaMillis(), TimeUnit.MILLISECONDS);
                    applyHop.record(hops.applyMillis(), TimeUnit.MILLISECONDS);
                }
            }
        });
    }

    /** One hop of the freshness, over all tables: which hop holds changes back is a property of the pipeline, not of a table. */
    private Timer freshnessHop(String hop) {
        return Timer.builder("metasync.freshness.hop").tags("hop", hop).serviceLevelObjectives(FRESHNESS_BUCKETS)
                .description("Freshness cut into hops that add up to it: capture (commit to capture handing the change to Kafka),"
                        + " kafka (to apply's poll returning it), apply (to Redis acknowledging the write)")
                .register(registry);
    }

    private Timer freshnessOf(String table) {
        return freshness.computeIfAbsent(table, t -> Timer.builder("metasync.freshness")
                .description("From PostgreSQL commit to Redis acknowledging the write, per table")
                .tags("table", t).serviceLevelObjectives(FRESHNESS_BUCKETS).register(registry));
    }

    private double newestChangeAgeMillis(String table) {
        Long newest = newestCommitMillis.get(table);
        return newest == null ? Double.NaN : Math.max(0, clock.millis() - newest);
    }

    void bindCapture(CaptureEngine capture, List<String> tables) {
        counter("metasync.capture.changes", "Change records capture handed to Kafka (acknowledged)", capture, CaptureEngine::forwardedCount);
        counter("metasync.capture.unconvertible", "Rows capture could not carry exactly and sent to the dead-letter topic", capture,
                CaptureEngine::unconvertibleCount);
        com.tradeul.metasync.capture.SourceFaults faults = capture.sourceFaults();
        for (com.tradeul.metasync.capture.SourceCheck.Cause cause : com.tradeul.metasync.capture.SourceCheck.Cause.values()) {
            FunctionCounter.builder("metasync.capture.resnapshots", faults, f -> f.count(cause)).tags("cause", cause.label())
                    .description("Fresh snapshots capture took because its position was gone (slot dropped or invalidated, PostgreSQL"
                            + " replaced)").register(registry);
        }
        Gauge.builder("metasync.capture.resnapshot.running", faults, f -> f.current().isPresent() ? 1 : 0)
                .description("1 while capture takes a fresh snapshot after losing its position (health names the cause)")
                .strongReference(true).register(registry);
        Gauge.builder("metasync.capture.resnapshot.last.duration", faults, com.tradeul.metasync.capture.SourceFaults::lastHealSeconds)
                .baseUnit("seconds").description("How long the last fresh snapshot took, from detection to its last tombstone in Kafka")
                .strongReference(true).register(registry);
        SnapshotProgress snapshot = capture.snapshot();
        for (String table : tables) {
            counter("metasync.snapshot.rows", "Rows the initial snapshot read and handed to Kafka, per table", snapshot,
                    s -> s.rowsRead().getOrDefault(table, 0L), "table", table);
        }
        Gauge.builder("metasync.snapshot.running", snapshot, s -> s.state() == SnapshotProgress.State.RUNNING ? 1 : 0)
                .description("1 while the initial snapshot runs").strongReference(true).register(registry);
    }

    void bindGuard(java.util.function.Supplier<PersistenceGuard.Status> guard) {
        Gauge.builder("metasync.guard.state", guard, g -> g.get().worst().ordinal())
                .description("Worst finding of the Redis settings audit: 0 ok, 1 warning, 2 error").strongReference(true).register(registry);
        for (Finding.Severity severity : List.of(Finding.Severity.WARNING, Finding.Severity.ERROR)) {
            Gauge.builder("metasync.guard.audit.findings", guard,
                            g -> g.get().findings().stream().filter(f -> f.severity() == severity).count())
                    .tags("severity", severity.name().toLowerCase(java.util.Locale.ROOT))
                    .description("Redis settings that lose or risk data, by severity").strongReference(true).register(registry);
        }
        TimeGauge.builder("metasync.guard.last.good.save.age", guard, TimeUnit.SECONDS, g -> {
                    var lastSave = g.get().redisLastSave();
                    return lastSave == null ? Double.NaN : Math.max(0, clock.instant().getEpochSecond() - lastSave.getEpochSecond());
                })
                .description("Time since Redis's last successful save (rdb_last_save_time)").strongReference(true).register(registry);
        Gauge.builder("metasync.guard.unsaved.changes", guard, g -> g.get().unsavedChanges())
                .description("Changes Redis has not saved yet (rdb_changes_since_last_save)").strongReference(true).register(registry);
        Gauge.builder("metasync.guard.last.save.failed", guard, g -> g.get().lastSave() != null && !g.get().lastSave().ok() ? 1 : 0)
                .description("1 when the last save the guard forced failed").strongReference(true).register(registry);
        Gauge.builder("metasync.guard.persistence.managed", guard, g -> g.get().persistenceManagedByProvider() ? 1 : 0)
                .description("1 when the Redis provider keeps persistence to itself (metasync may not run BGSAVE or CONFIG):"
                        + " metasync forces no saves").strongReference(true).register(registry);
        Gauge.builder("metasync.redis.reachable", guard, g -> g.get().error() == null ? 1 : 0)
                .description("1 when the guard's last check reached Redis").strongReference(true).register(registry);
    }

    /** A lag gauge for a partition, registered the first time it is seen. */
    void partitionLag(String topic, int partition, java.util.function.Supplier<LagReport> lag) {
        Gauge.builder("metasync.consumer.lag", lag, l -> lagOf(l.get(), topic, partition)).baseUnit("records")
                .tags(Tags.of("topic", topic, "partition", Integer.toString(partition)))
                .description("Records apply is behind on a partition (log end minus committed offset, as Kafka's tools show)")
                .strongReference(true).register(registry);
    }

    private static double lagOf(LagReport report, String topic, int partition) {
        if (report == null) {
            return Double.NaN;
        }
        return report.partitions().stream().filter(p -> p.topic().equals(topic) && p.partition() == partition)
                .mapToDouble(p -> p.lag() != null ? p.lag() : p.redisLag()).findFirst().orElse(Double.NaN);
    }

    void bindSlot(java.util.function.Supplier<SlotStatus> slot) {
        Gauge.builder("metasync.slot.retained.wal", slot, s -> s.get() == null ? Double.NaN : s.get().retainedBytes()).baseUnit("bytes")
                .description("WAL PostgreSQL keeps for metasync's replication slot").strongReference(true).register(registry);
        Gauge.builder("metasync.slot.active", slot, s -> s.get() == null ? Double.NaN : s.get().active() ? 1 : 0)
                .description("1 while capture is connected to the replication slot").strongReference(true).register(registry);
        Gauge.builder("metasync.slot.lost", slot, s -> s.get() == null ? Double.NaN : s.get().lost() ? 1 : 0)
                .description("1 when PostgreSQL removed WAL the slot needed (wal_status=lost)").strongReference(true).register(registry);
    }

    void bindSlotSamples(java.util.function.Supplier<SlotSamples.Observation> samples) {
        Gauge.builder("metasync.slot.readable", samples, s -> s.get().failures() == 0 ? 1 : 0)
                .description("0 while the replication slot cannot be read (PostgreSQL unreachable): the slot figures are then NaN, stale")
                .strongReference(true).register(registry);
    }

    /**
     * The scheduled drift check's last result per table (NaN before the first check), its age, and
     * whether it failed: the divergence metasync exists to catch, as numbers an alert can fire on.
     */
    void bindDrift(java.util.function.Supplier<com.tradeul.metasync.verify.DriftMonitor.Status> drift, List<String> tables) {
        for (String table : tables) {
            driftGauge("metasync.drift.rows.checked", "Rows the last drift check compared", drift, table, r -> r.rows());
            driftGauge("metasync.drift.missing", "Rows the last drift check found missing from Redis", drift, table, r -> r.missing());
            driftGauge("metasync.drift.extra", "Keys the last drift check found without a row", drift, table, r -> r.extra());
            driftGauge("metasync.drift.wrong", "Keys the last drift check found holding another value", drift, table, r -> r.wrong());
        }
        Gauge.builder("metasync.drift.check.age", drift, d -> d.get().checkedAt() == null ? Double.NaN
                        : java.time.Duration.between(d.get().checkedAt(), clock.instant()).toMillis() / 1000.0)
                .baseUnit("seconds").description("Time since the last scheduled drift check ran").strongReference(true).register(registry);
        Gauge.builder("metasync.drift.check.failed", drift, d -> d.get().error() == null ? 0 : 1)
                .description("1 when the last drift check could not run (its reason is logged)").strongReference(true).register(registry);
    }

    private void driftGauge(String name, String description, java.util.function.Supplier<com.tradeul.metasync.verify.DriftMonitor.Status> drift,
                            String table, java.util.function.ToLongFunction<com.tradeul.metasync.verify.TableReport> figure) {
        Gauge.builder(name, drift, d -> d.get().reports().stream().filter(r -> r.table().toString().equals(table))
                        .mapToDouble(r -> figure.applyAsLong(r)).findFirst().orElse(Double.NaN))
                .tags("table", table).description(description).strongReference(true).register(registry);
    }

    void bindUnconvertible(java.util.function.Supplier<HealthPolicy.UnconvertibleRows> rows) {
        Gauge.builder("metasync.unconvertible.rows", rows, r -> r.get() == null ? Double.NaN : r.get().count())
                .description("Rows capture could not carry exactly (dead-lettered), as Redis holds their marks; 0 when all are carried")
                .strongReference(true).register(registry);
    }

    void bindHealth(java.util.function.Supplier<HealthReport> health) {
        Gauge.builder("metasync.health.status", health, h -> h.get().status().code())
                .description("0 UP, 1 DEGRADED, 2 DOWN (see /health for the reasons)").strongReference(true).register(registry);
    }

    void bindComponent(String component, java.util.concurrent.CompletableFuture<?> stopped) {
        Gauge.builder("metasync.component.running", stopped, f -> f.isDone() ? 0 : 1).tags("component", component)
                .description("1 while the component runs in this process").strongReference(true).register(registry);
    }

    /** Stops listening to the JVM's garbage collectors. */
    @Override
    public void close() {
        gcMetrics.close();
    }

    private <T> void counter(String name, String description, T source, ToDoubleFunction<T> value, String... tags) {
        FunctionCounter.builder(name, source, value).description(description).tags(tags).register(registry);
    }
}
