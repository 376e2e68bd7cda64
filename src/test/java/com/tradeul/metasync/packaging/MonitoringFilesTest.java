package com.tradeul.metasync.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The files in monitoring/ are well formed and wired into docker-compose. (MonitoringFilesIT runs
 * promtool on the alert rules and the Prometheus configuration, and amtool on Alertmanager's;
 * MonitoringIT checks that every metric they use is exported by a running metasync.)
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
    void compose_runs_prometheus_with_the_rules_and_grafana_with_the_dashboard() throws Exception {
        JsonNode services = new YAMLMapper().readTree(Path.of("docker-compose.yml").toFile()).path("services");
        assertThat(services.path("prometheus").path("volumes").toString())
                .contains("./monitoring/alerts.yml:/etc/prometheus/alerts.yml")
                .contains("./monitoring/prometheus.yml:/etc/prometheus/prometheus.yml");
        assertThat(services.path("grafana").path("volumes").toString())
                .contains("./monitoring/grafana/dashboards:/var/lib/grafana/dashboards")
                .contains("./monitoring/grafana/provisioning:/etc/grafana/provisioning");
        // Part of `docker compose up`, not an opt-in profile.
        assertThat(services.path("prometheus").has("profiles")).isFalse();
        assertThat(services.path("grafana").has("profiles")).isFalse();
        assertThat(services.path("metasync").path("environment").path("METASYNC_MONITOR_BIND").asText()).isEqualTo("0.0.0.0");
        assertThat(services.path("metasync").path("healthcheck").path("test").toString()).contains("/health");
        JsonNode prometheus = new YAMLMapper().readTree(Path.of("monitoring/prometheus.yml").toFile());
        // Relative to prometheus.yml: the container's /etc/prometheus/alerts.yml, and monitoring/alerts.yml for promtool here.
        assertThat(prometheus.path("rule_files").get(0).asText()).isEqualTo("alerts.yml");
        assertThat(prometheus.findValuesAsText("targets").toString() + prometheus.toString()).contains("metasync:9464");
    }

    @Test
    void prometheus_sends_alerts_to_the_alertmanager_service_which_loads_its_file() throws Exception {
        JsonNode services = new YAMLMapper().readTree(Path.of("docker-compose.yml").toFile()).path("services");
        JsonNode alertmanagers = new YAMLMapper().readTree(Path.of("monitoring/prometheus.yml").toFile())
                .path("alerting").path("alertmanagers");

        assertThat(alertmanagers.findValues("targets").toString()).contains("alertmanager:9093");
        assertThat(services.path("alertmanager").path("volumes").toString())
                .contains("./monitoring/alertmanager.yml:/etc/alertmanager/alertmanager.yml");
        assertThat(services.path("alertmanager").path("command").toString())
                .contains("--config.file=/etc/alertmanager/alertmanager.yml");
    }

    @Test
    void grafana_datasource_is_the_prometheus_service_under_the_uid_the_dashboard_uses() throws Exception {
        JsonNode datasource = new YAMLMapper().readTree(Path.of("monitoring/grafana/provisioning/datasources/prometheus.yml").toFile())
                .path("datasources").get(0);
        JsonNode dashboard = new ObjectMapper().readTree(Path.of("monitoring/grafana/dashboards/metasync.json").toFile());

        assertThat(datasource.path("url").asText()).isEqualTo("http://prometheus:9090");
        assertThat(dashboard.path("panels").findValues("datasource").stream()
                .filter(JsonNode::isObject).map(d -> d.path("uid").asText()).distinct().toList())
                .containsExactly(datasource.path("uid").asText());
    }
}
