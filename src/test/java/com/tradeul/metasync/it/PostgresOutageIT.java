package com.tradeul.metasync.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.tradeul.metasync.Pipeline;
import com.tradeul.metasync.config.MetasyncConfig;
import com.tradeul.metasync.devtools.demo.SampleTickers;
import com.tradeul.metasync.devtools.local.LocalPostgres;
import com.tradeul.metasync.monitor.HealthReport;
import com.tradeul.metasync.verify.KeyCounter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Health tells the truth when PostgreSQL goes away: the slot's figures go stale instead of keeping
 * their last good values, /health turns DEGRADED at the first failed sample and DOWN at the second
 * with the cause in one line, one log line says so and one says it is back, and everything changed
 * meanwhile arrives. The scheduled drift check's result is a metric that moves when a key is
 * deleted behind metasync's back. A PostgreSQL of the test's own, since this one is stopped.
 */
class PostgresOutageIT {

    private static final Duration WAIT = Duration.ofSeconds(120);

    private static TestServices services;
    private static LocalPostgres postgres;
    private static RedisSession redis;

    @BeforeAll
    static void start() throws Exception {
        services = TestServices.get();
        postgres = LocalPostgres.builder(Files.createTempDirectory(services.root, "outage-pg-")).fastUnsafe(true).start();
        redis = new RedisSession(services.redis.uri());
    }

    @AfterAll
    static void stop() {
        redis.close();
        postgres.close();
    }

    private static void sql(String statement) throws Exception {
        try (Connection c = postgres.connect(); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    @Test
    void postgres_stopped_is_degraded_then_down_with_the_cause_and_up_again_once_it_is_back() throws Exception {
        String table = services.uniqueName("outage");
        try (Connection c = postgres.connect()) {
            SampleTickers.load(c, table, 100);
        }
        MetasyncConfig config = services.isolated(table, Map.of("postgres.host", postgres.host(), "postgres.port",
                Integer.toString(postgres.port()), "postgres.password", postgres.password(), "monitor.interval-seconds", "1",
                "verify.interval-seconds", "1"));
        String prefix = TestServices.keyPrefix(table);
        try (CapturedOutput log = CapturedOutput.start();
             Pipeline pipeline = Pipeline.start(config, EnumSet.allOf(Pipeline.Component.class), Clock.systemUTC())) {
            InetSocketAddress monitor = pipeline.monitor().address().orElseThrow();
            await().atMost(WAIT).until(() -> KeyCounter.count(redis.sync(), prefix + "*") == 100
                    && pipeline.monitor().health().status() == HealthReport.Status.UP);
            await().atMost(WAIT).until(() -> Scrape.of(monitor).value("metasync_slot_active") == 1.0);

            postgres.stop();
            await().atMost(WAIT).until(() -> pipeline.monitor().health().status() == HealthReport.Status.DOWN);
            String reasons = pipeline.monitor().health().reasons().toString();
            assertThat(reasons).contains("PostgreSQL cannot be reached to read replication slot " + table, "capture cannot stream");
            Scrape stale = Scrape.of(monitor);
            assertThat(stale.value("metasync_slot_readable")).isZero();
            assertThat(stale.value("metasync_slot_active")).as("stale, not the last good 1").isNaN();
            assertThat(stale.value("metasync_health_status")).isEqualTo(2.0);

            postgres.start();
            sql("UPDATE " + table + " SET name = 'changed after the outage' WHERE symbol = 'T00005'");
            await().atMost(WAIT).until(() -> String.valueOf(redis.sync().get(prefix + "T00005")).contains("changed after the outage"));
            await().atMost(WAIT).until(() -> pipeline.monitor().health().status() == HealthReport.Status.UP);
            assertThat(Scrape.of(monitor).value("metasync_slot_readable")).isEqualTo(1.0);
            // One line when it went, one when it came back (the capture's own format, not the console's copy of it).
            assertThat(log.text()).containsOnlyOnce("WARN com.tradeul.metasync.monitor.PipelineMonitor - cannot read replication slot " + table)
                    .containsOnlyOnce("INFO com.tradeul.metasync.monitor.PipelineMonitor - PostgreSQL answers again after");

            // The drift check's result as metrics: a key deleted behind metasync's back shows as missing.
            await().atMost(WAIT).until(() -> Scrape.of(monitor).value("metasync_drift_rows_checked", Map.of("table", "public." + table)) == 100);
            assertThat(Scrape.of(monitor).value("metasync_drift_missing", Map.of("table", "public." + table))).isZero();
            redis.sync().del(prefix + "T00042");
            await().atMost(WAIT).until(() -> Scrape.of(monitor).value("metasync_drift_missing", Map.of("table", "public." + table)) == 1);
            assertThat(Scrape.of(monitor).value("metasync_drift_check_age_seconds")).isLessThan(60);
        }
    }
}
