package com.tradeul.metasync.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The files in monitoring/ are well formed and wired into docker-compose. (MonitoringFilesIT runs
 * promtool on the alert rules; MonitoringIT checks that every metric they use is exported by a
 * running metasync.)
 */
class MonitoringFilesTest {

    @Test
    void each_alert_rule_tells_the_operator_what_to_do() throws Exception {
        JsonNode rules = new YAMLMapper().readTree(Path.of("monitoring/alerts.yml").toFile()).path("groups").get(0).path("rules");
        assertThat(rules.size()).isGreaterThanOrEqualTo(8);
        rules.forEach(rule -> {
            assertThat(rule.path("annotations").path("summary").asText()).as(rule.path("alert").asText()).isNotBlank();
            assertThat(rule.path("annotations").path("description").asText()).as(rule.path("alert").asText()).hasSizeGreaterThan(60);
        });
        assertThat(rules.findValuesAsText("alert")).contains("MetasyncDown", "MetasyncConsumerLagHigh", "MetasyncStale",
                "MetasyncRedisSaveTooOld", "MetasyncRedisEvictionPossible", "MetasyncSlotWalHigh", "MetasyncDeadLetters");
    }

    @Test
    void dashboard_queries_prometheus_in_every_panel() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(Path.of("monitoring/grafana/dashboards/metasync.json").toFile());
        assertThat(dashboard.path("uid").asText()).isEqualTo("metasync");
        int queries = 0;
        for (JsonNode panel : dashboard.path("panels")) {
            if (panel.path("type").asText().equals("row")) {
                continue;
            }
            assertThat(panel.path("targets").size()).as(panel.path("title").asText()).isPositive();
            queries += panel.path("targets").size();
        }
        assertThat(queries).isGreaterThan(20);
    }

    @Test
    void compose_monitoring_profile_loads_the_rules_and_the_dashboard() throws Exception {
        JsonNode services = new YAMLMapper().readTree(Path.of("docker-compose.yml").toFile()).path("services");
        assertThat(services.path("prometheus").path("volumes").toString()).contains("./monitoring/alerts.yml")
                .contains("./monitoring/prometheus.yml");
        assertThat(services.path("grafana").path("volumes").toString()).contains("./monitoring/grafana/dashboards");
        assertThat(services.path("prometheus").path("profiles").toString()).contains("monitoring");
        assertThat(services.path("metasync").path("environment").path("METASYNC_MONITOR_BIND").asText()).isEqualTo("0.0.0.0");
        assertThat(services.path("metasync").path("healthcheck").path("test").toString()).contains("/health");
        JsonNode prometheus = new YAMLMapper().readTree(Path.of("monitoring/prometheus.yml").toFile());
        assertThat(prometheus.path("rule_files").toString()).contains("alerts.yml");
        assertThat(prometheus.findValuesAsText("targets").toString() + prometheus.toString()).contains("metasync:9464");
    }
}
