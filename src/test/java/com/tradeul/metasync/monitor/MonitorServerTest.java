package com.tradeul.metasync.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class MonitorServerTest {

    private static HttpResponse<String> get(MonitorServer server, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.address().getPort() + path))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void serves_metrics_and_health_on_loopback_with_status_codes_for_container_checks() throws Exception {
        AtomicReference<HealthReport> health = new AtomicReference<>(new HealthReport(HealthReport.Status.UP, List.of()));
        try (MonitorServer server = MonitorServer.start("127.0.0.1", 0, () -> "# TYPE x gauge\nx 1\n", health::get)) {
            assertThat(server.address().getAddress().isLoopbackAddress()).isTrue();
            HttpResponse<String> metrics = get(server, "/metrics");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.headers().firstValue("Content-Type")).hasValue(MonitorServer.PROMETHEUS_TEXT);
            assertThat(metrics.body()).isEqualTo("# TYPE x gauge\nx 1\n");

            assertThat(get(server, "/health").statusCode()).isEqualTo(200);
            assertThat(get(server, "/health").body()).isEqualTo("{\"status\":\"UP\",\"reasons\":[]}");
            health.set(new HealthReport(HealthReport.Status.DEGRADED,
                    List.of(new HealthReport.Reason(HealthReport.Status.DEGRADED, "lag", "apply is 5000 records behind"))));
            assertThat(get(server, "/health").statusCode()).isEqualTo(200);
            health.set(new HealthReport(HealthReport.Status.DOWN,
                    List.of(new HealthReport.Reason(HealthReport.Status.DOWN, "redis", "Redis cannot be reached: refused"))));
            HttpResponse<String> down = get(server, "/health");
            assertThat(down.statusCode()).isEqualTo(503);
            assertThat(down.body()).isEqualTo("{\"status\":\"DOWN\",\"reasons\":[{\"severity\":\"DOWN\",\"check\":\"redis\","
                    + "\"message\":\"Redis cannot be reached: refused\"}]}");
            assertThat(get(server, "/nothing").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void a_page_that_fails_answers_500_with_the_reason() throws Exception {
        try (MonitorServer server = MonitorServer.start("127.0.0.1", 0, () -> {
            throw new IllegalStateException("registry closed");
        }, () -> new HealthReport(HealthReport.Status.UP, List.of()))) {
            HttpResponse<String> metrics = get(server, "/metrics");
            assertThat(metrics.statusCode()).isEqualTo(500);
            assertThat(metrics.body()).contains("registry closed");
            assertThat(get(server, "/health").statusCode()).isEqualTo(200);
        }
    }
}
