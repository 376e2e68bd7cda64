package com.tradeul.metasync.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Prometheus's and Alertmanager's own checkers accept the files in monitoring/ that
 * docker-compose.yml mounts (processes, so an IT; the pure checks are in MonitoringFilesTest).
 */
class MonitoringFilesIT {

    @Test
    void alert_rules_pass_promtool() throws Exception {
        String output = run("promtool (package prometheus, installed by ./dev install)", "promtool", "check", "rules", "monitoring/alerts.yml");
        assertThat(output).contains("SUCCESS");
    }

    /** The scrape and alerting configuration, and through its relative rule_files the rules again. */
    @Test
    void prometheus_configuration_passes_promtool_with_the_rules_it_names() throws Exception {
        String output = run("promtool (package prometheus, installed by ./dev install)", "promtool", "check", "config", "monitoring/prometheus.yml");
        assertThat(output).contains("SUCCESS: 1 rule files found").contains("monitoring/alerts.yml");
    }

    @Test
    void alertmanager_configuration_passes_amtool() throws Exception {
        String output = run("amtool (package prometheus-alertmanager, installed by ./dev install)", "amtool", "check-config", "monitoring/alertmanager.yml");
        assertThat(output).contains("SUCCESS").contains("1 receivers");
    }

    private static String run(String tool, String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(tool + ": " + output).isZero();
        return output;
    }
}
