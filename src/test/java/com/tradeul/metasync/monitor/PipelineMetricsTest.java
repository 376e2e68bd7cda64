package com.tradeul.metasync.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

class PipelineMetricsTest {

    @Test
    void gauges_over_suppliers_survive_garbage_collection() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        PipelineMetrics metrics = new PipelineMetrics(registry, Clock.systemUTC());
        SlotStatus slot = new SlotStatus("metasync", true, true, "reserved", 1234, "pgoutput");
        HealthReport down = new HealthReport(HealthReport.Status.DOWN, List.of());
        metrics.bindSlot(() -> slot);
        metrics.bindHealth(() -> down);
        for (int i = 0; i < 5; i++) {
            System.gc(); // with Micrometer's default weak reference the lambdas above were collected: NaN
            Thread.sleep(20);
        }
        assertThat(registry.get("metasync.health.status").gauge().value()).isEqualTo(2);
        assertThat(registry.get("metasync.slot.retained.wal").gauge().value()).isEqualTo(1234);
        assertThat(registry.scrape()).contains("metasync_slot_retained_wal_bytes 1234.0").contains("metasync_health_status 2.0");
    }
}
