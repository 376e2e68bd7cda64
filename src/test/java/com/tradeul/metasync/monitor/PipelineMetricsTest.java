package com.tradeul.metasync.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradeul.metasync.apply.ApplyStats;
import com.tradeul.metasync.guard.PersistenceGuard;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * A Micrometer gauge holds its source through a WeakReference unless it is built with
 * {@code strongReference(true)}: the suppliers PipelineMetrics is handed (lambdas nobody else keeps)
 * then live only until the next GC, and the gauge reads NaN from then on. Whether a GC collects them
 * during a test is up to the JVM, so these tests do not wait for one: they look at the value function
 * each gauge was registered with, which tells the two kinds apart every time.
 */
class PipelineMetricsTest {

    /**
     * What {@code Gauge.Builder#strongReference(true)} hands the registry instead of the gauge's own
     * function: a wrapper that keeps the source. Package-private in Micrometer, so known by name; the
     * control test below fails if a Micrometer upgrade renames it.
     */
    private static final String STRONG_FUNCTION = "io.micrometer.core.instrument.StrongReferenceGaugeFunction";

    /** Records, by meter name and tags, the value function each gauge was created with. */
    private static final class RecordingRegistry extends PrometheusMeterRegistry {

        private final Map<Meter.Id, ToDoubleFunction<?>> gaugeFunctions = new LinkedHashMap<>();

        RecordingRegistry() {
            super(PrometheusConfig.DEFAULT);
        }

        @Override
        protected <T> Gauge newGauge(Meter.Id id, T obj, ToDoubleFunction<T> valueFunction) {
            gaugeFunctions.putIfAbsent(id, valueFunction); // a time gauge comes here too, with a converting function
            return super.newGauge(id, obj, valueFunction);
        }

        @Override
        protected <T> TimeGauge newTimeGauge(Meter.Id id, T obj, TimeUnit valueFunctionUnit, ToDoubleFunction<T> valueFunction) {
            gaugeFunctions.put(id, valueFunction);
            return super.newTimeGauge(id, obj, valueFunctionUnit, valueFunction);
        }

        /** Gauge name (with its tags) to whether the registry was given a function that keeps the source. */
        Map<String, Boolean> metasyncGauges() {
            Map<String, Boolean> strong = new LinkedHashMap<>();
            gaugeFunctions.forEach((id, function) -> {
                if (id.getName().startsWith("metasync.")) {
                    strong.put(id.getName() + id.getTags(), function.getClass().getName().equals(STRONG_FUNCTION));
                }
            });
            return strong;
        }
    }

    @Test
    void apply_stage_times_are_exported_as_one_seconds_counter_per_stage() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new PipelineMetrics(registry, Clock.systemUTC()).bindApply(new ApplyStats(), List.of("public.t"));

        assertThat(registry.scrape()).contains("metasync_apply_stage_seconds_total{stage=\"poll\"} 0.0",
                "metasync_apply_stage_seconds_total{stage=\"plan\"} 0.0", "metasync_apply_stage_seconds_total{stage=\"await_redis\"} 0.0",
                "metasync_apply_stage_cpu_seconds_total{stage=\"plan\"} 0.0");
    }

    @Test
    void freshness_hops_are_one_histogram_labelled_by_hop() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new PipelineMetrics(registry, Clock.systemUTC()).bindApply(new ApplyStats(), List.of("public.t"));

        assertThat(registry.scrape()).contains("# TYPE metasync_freshness_hop_seconds histogram",
                "metasync_freshness_hop_seconds_count{hop=\"capture\"} 0", "metasync_freshness_hop_seconds_count{hop=\"kafka\"} 0",
                "metasync_freshness_hop_seconds_count{hop=\"apply\"} 0", "metasync_freshness_hop_seconds_bucket{hop=\"apply\",le=\"0.1\"} 0");
    }

    @Test
    void every_gauge_holds_its_source_strongly_so_a_gc_cannot_turn_it_into_nan() {
        RecordingRegistry registry = new RecordingRegistry();
        PipelineMetrics metrics = new PipelineMetrics(registry, Clock.systemUTC());
        SlotStatus slot = new SlotStatus("metasync", true, true, "reserved", 1234, "pgoutput");
        HealthReport down = new HealthReport(HealthReport.Status.DOWN, List.of());
        PersistenceGuard.Status guard = new PersistenceGuard.Status(List.of(), null, null, null, 7, null,
                "CONFIG is not permitted for this user");
        LagReport lag = new LagReport("metasync", List.of(new LagReport.PartitionLag("t", 0, 40L, 40L, 42)));
        metrics.bindApply(new ApplyStats(), List.of("public.t"));
        metrics.bindGuard(() -> guard);
        metrics.partitionLag("t", 0, () -> lag);
        metrics.bindSlot(() -> slot);
        metrics.bindHealth(() -> down);
        metrics.bindComponent("apply", new CompletableFuture<>());

        Map<String, Boolean> gauges = registry.metasyncGauges();
        assertThat(gauges.keySet()).as("gauges registered (so the check below is not over nothing)").hasSize(16)
                .anyMatch(g -> g.startsWith("metasync.newest.change.age"))       // time gauges
                .anyMatch(g -> g.startsWith("metasync.guard.last.good.save.age"))
                .anyMatch(g -> g.startsWith("metasync.health.status"))
                .anyMatch(g -> g.startsWith("metasync.consumer.lag"));
        assertThat(gauges).as("gauge -> registered with a function that keeps its source").doesNotContainValue(false);

        assertThat(registry.scrape()).contains("metasync_slot_retained_wal_bytes 1234.0").contains("metasync_health_status 2.0")
                .contains("metasync_guard_unsaved_changes 7.0").contains("metasync_consumer_lag_records{partition=\"0\",topic=\"t\"} 2.0")
                .contains("metasync_component_running{component=\"apply\"} 1.0")
                .contains("metasync_guard_persistence_managed 1.0");
    }

    @Test
    void the_check_tells_a_weakly_held_gauge_from_a_strongly_held_one() {
        RecordingRegistry registry = new RecordingRegistry();
        Supplier<Double> source = () -> 1.0;
        Gauge.builder("metasync.control.weak", source, Supplier::get).register(registry);
        Gauge.builder("metasync.control.strong", source, Supplier::get).strongReference(true).register(registry);
        TimeGauge.builder("metasync.control.weak.time", source, TimeUnit.SECONDS, Supplier::get).register(registry);
        TimeGauge.builder("metasync.control.strong.time", source, TimeUnit.SECONDS, Supplier::get).strongReference(true).register(registry);

        assertThat(registry.metasyncGauges()).containsExactly(Map.entry("metasync.control.weak[]", false),
                Map.entry("metasync.control.strong[]", true), Map.entry("metasync.control.weak.time[]", false),
                Map.entry("metasync.control.strong.time[]", true));
    }
}
