package com.tradeul.metasync.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Prometheus's own checker accepts the alert rules in monitoring/ (a process, so an IT; the pure checks are in MonitoringFilesTest). */
class MonitoringFilesIT {

    @Test
    void alert_rules_pass_promtool() throws Exception {
        Process promtool = new ProcessBuilder("promtool", "check", "rules", "monitoring/alerts.yml").redirectErrorStream(true).start();
        String output = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(promtool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(promtool.exitValue()).as("promtool (package prometheus, installed by ./dev install): " + output).isZero();
        assertThat(output).contains("SUCCESS");
    }
}
