package com.tradeul.metasync.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.tradeul.metasync.Pipeline;
import com.tradeul.metasync.config.MetasyncConfig;
import com.tradeul.metasync.devtools.demo.SampleTickers;
import com.tradeul.metasync.verify.KeyCounter;
import io.lettuce.core.api.sync.RedisCommands;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Observability against the real services: `metasync lag` agrees with Kafka's own consumer-group
 * tool, /metrics is valid Prometheus text whose figures move with the pipeline (and holds every
 * metric the dashboard and alert rules use), /health follows Redis going away and coming back.
 */
class MonitoringIT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static TestServices services;
    private static RedisSession shared;

    @BeforeAll
    static void start() {
        services = TestServices.get();
        shared = new RedisSession(services.redis.uri());
    }

    @AfterAll
    static void stop() {
        shared.close();
    }

    private static MetasyncConfig loaded(String table, int rows, Map<String, String> extra) throws Exception {
        try (Connection c = services.postgres.connect()) {
            SampleTickers.load(c, table, rows);
        }
        Map<String, String> settings = new HashMap<>(extra);
        settings.putIfAbsent("monitor.interval-seconds", "1");
        return services.isolated(table, settings);
    }

    private static Pipeline start(MetasyncConfig config, Pipeline.Component... components) {
        EnumSet<Pipeline.Component> set = components.length == 0 ? EnumSet.allOf(Pipeline.Component.class)
                : EnumSet.copyOf(List.of(components));
        return Pipeline.start(config, set, Clock.systemUTC());
    }

    private static long keys(RedisCommands<String, String> redis, String table) {
        return KeyCounter.count(redis, TestServices.keyPrefix(table) + "*");
    }

    private static void sql(String statement) throws Exception {
        try (Connection c = services.postgres.connect(); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    /** {@code metasync lag --json}, per partition: committed, log end, lag. */
    private static Map<Integer, long[]> lagCommand(MetasyncConfig config) throws Exception {
        CliRunner.Outcome outcome = CliRunner.run("lag", config, "--json");
        assertThat(outcome.exitCode()).as(outcome.out() + outcome.err()).isZero();
        Map<Integer, long[]> rows = new HashMap<>();
        for (JsonNode p : JSON.readTree(outcome.out()).path("partitions")) {
            rows.put(p.get("partition").asInt(), new long[] {p.get("committedOffset").asLong(), p.get("logEndOffset").asLong(),
                p.get("lag").asLong()});
        }
        return rows;
    }

    /** Kafka's own tool, in a JVM of its own: {@code kafka-consumer-groups.sh --describe}, per partition: committed, log end, lag. */
    private static Map<Integer, long[]> consumerGroupCommand(MetasyncConfig config) throws Exception {
        String group = config.apply().groupId();
        Process tool = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-cp", System.getProperty("java.class.path"),
                "org.apache.kafka.tools.consumer.group.ConsumerGroupCommand",
                "--bootstrap-server", config.kafka().bootstrapServers().orElseThrow(), "--describe", "--group", group)
                .redirectErrorStream(true).start();
        String output = new String(tool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(tool.waitFor(120, TimeUnit.SECONDS)).isTrue();
        System.out.print("ConsumerGroupCommand --describe:\n" + output);
        Map<Integer, long[]> rows = new HashMap<>();
        for (String line : output.lines().toList()) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 6 && f[0].equals(group) && f[1].equals(config.tablesByTopic().keySet().iterator().next())) {
                rows.put(Integer.parseInt(f[2]), new long[] {Long.parseLong(f[3]), Long.parseLong(f[4]), Long.parseLong(f[5])});
            }
        }
        assertThat(rows).as("partition lines of the tool's output").isNotEmpty();
        return rows;
    }

    private static void assertSameFigures(Map<Integer, long[]> ours, Map<Integer, long[]> kafkas) {
        assertThat(ours.keySet()).isEqualTo(kafkas.keySet());
        ours.forEach((partition, figures) -> assertThat(figures).as("partition %d: committed, log end, lag", partition)
                .containsExactly(kafkas.get(partition)));
    }

    @Test
    void lag_shows_what_kafkas_consumer_group_tool_shows_and_returns_to_zero_after_resume() throws Exception {
        String table = services.uniqueName("lag");
        MetasyncConfig config = loaded(table, 200, Map.of());
        try (Pipeline ignored = start(config)) {
            await().atMost(WAIT).until(() -> keys(shared.sync(), table) == 200);
        }
        try (Pipeline captureOnly = start(config, Pipeline.Component.CAPTURE)) { // apply paused
            sql("UPDATE " + table + " SET volume = volume + 1 WHERE symbol IN (SELECT symbol FROM " + table + " ORDER BY symbol LIMIT 50)");
            await().atMost(WAIT).until(() -> captureOnly.captured() >= 50);
            Map<Integer, long[]> ours = lagCommand(config);
            Map<Integer, long[]> kafkas = consumerGroupCommand(config);
            assertSameFigures(ours, kafkas);
            assertThat(ours.values().stream().mapToLong(f -> f[2]).sum()).isEqualTo(50);
            CliRunner.Outcome text = CliRunner.run("lag", config);
            System.out.print(text.out());
            assertThat(text.out()).contains("total lag: 50 record(s); not yet in Redis: 50 record(s)");
        }
        try (Pipeline resumed = start(config)) {
            await().atMost(WAIT).until(() -> lagCommand(config).values().stream().allMatch(f -> f[2] == 0));
            assertSameFigures(lagCommand(config), consumerGroupCommand(config));
        }
    }

    /** Names the dashboard and the alert rules query, e.g. metasync_freshness_seconds_bucket, jvm_memory_used_bytes. */
    static TreeSet<String> metricsUsedByMonitoringFiles() throws Exception {
        List<String> expressions = new ArrayList<>();
        JsonNode dashboard = JSON.readTree(java.nio.file.Path.of("monitoring/grafana/dashboards/metasync.json").toFile());
        dashboard.path("panels").forEach(p -> p.path("targets").forEach(t -> expressions.add(t.path("expr").asText())));
        JsonNode rules = new com.fasterxml.jackson.dataformat.yaml.YAMLMapper().readTree(java.nio.file.Path.of("monitoring/alerts.yml").toFile());
        rules.path("groups").forEach(g -> g.path("rules").forEach(r -> expressions.add(r.path("expr").asText())));
        assertThat(expressions).hasSizeGreaterThan(20);
        TreeSet<String> names = new TreeSet<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\b((?:metasync|jvm|process)_[a-z_]+)\\b").matcher(String.join("\n", expressions));
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    @Test
    void metrics_are_prometheus_text_that_moves_with_the_pipeline_and_cover_the_dashboard_and_rules() throws Exception {
        String table = services.uniqueName("metrics");
        MetasyncConfig config = loaded(table, 300, Map.of());
        Map<String, String> ofTable = Map.of("table", "public." + table);
        try (Pipeline pipeline = start(config)) {
            await().atMost(WAIT).until(() -> keys(shared.sync(), table) == 300);
            InetSocketAddress address = pipeline.monitor().address().orElseThrow();
            await().atMost(WAIT).until(() -> Scrape.of(address).value("metasync_snapshot_rows_total", ofTable) == 300);
            Scrape before = Scrape.of(address);
            double freshnessBefore = before.value("metasync_freshness_seconds_count", ofTable);
            double appliedBefore = before.value("metasync_apply_records_total");

            for (int i = 0; i < 20; i++) {
                sql("UPDATE " + table + " SET volume = volume + 1 WHERE symbol = 'T" + String.format("%05d", i) + "'");
            }
            await().atMost(WAIT).until(() -> Scrape.of(address).value("metasync_freshness_seconds_count", ofTable) >= freshnessBefore + 20);
            // each change's hops are recorded right after its freshness, by the same listener
            await().atMost(WAIT).until(() -> {
                Scrape now = Scrape.of(address);
                return now.value("metasync_freshness_hop_seconds_count", Map.of("hop", "apply"))
                        == now.value("metasync_freshness_seconds_count", ofTable);
            });
            Scrape after = Scrape.of(address);
            System.out.printf("METRICS freshness count %.0f -> %.0f, sum %.3f s; applied %.0f -> %.0f; %d families%n",
                    freshnessBefore, after.value("metasync_freshness_seconds_count", ofTable),
                    after.value("metasync_freshness_seconds_sum", ofTable), appliedBefore,
                    after.value("metasync_apply_records_total"), after.familyTypes.size());
            assertThat(after.value("metasync_apply_records_total")).isGreaterThanOrEqualTo(appliedBefore + 20);
            assertThat(after.value("metasync_freshness_seconds_bucket", Map.of("table", "public." + table, "le", "+Inf")))
                    .isEqualTo(after.value("metasync_freshness_seconds_count", ofTable));
            double hopSums = 0;
            for (String hop : List.of("capture", "kafka", "apply")) {
                assertThat(after.value("metasync_freshness_hop_seconds_count", Map.of("hop", hop))).as(hop)
                        .isEqualTo(after.value("metasync_freshness_seconds_count", ofTable));
                hopSums += after.value("metasync_freshness_hop_seconds_sum", Map.of("hop", hop));
            }
            System.out.printf("METRICS freshness hops: capture %.3f s, kafka %.3f s, apply %.3f s over %.0f changes%n",
                    after.value("metasync_freshness_hop_seconds_sum", Map.of("hop", "capture")),
                    after.value("metasync_freshness_hop_seconds_sum", Map.of("hop", "kafka")),
                    after.value("metasync_freshness_hop_seconds_sum", Map.of("hop", "apply")),
                    after.value("metasync_freshness_seconds_count", ofTable));
            assertThat(hopSums).as("the hops add up to the freshness").isCloseTo(after.value("metasync_freshness_seconds_sum", ofTable),
                    offset(1e-6));
            assertThat(after.value("metasync_component_running", Map.of("component", "capture"))).isEqualTo(1);
            assertThat(after.familyTypes).containsEntry("metasync_freshness_seconds", "histogram")
                    .containsEntry("metasync_apply_records", "counter").containsEntry("metasync_slot_retained_wal_bytes", "gauge");

            TreeSet<String> used = metricsUsedByMonitoringFiles();
            System.out.println("METRICS used by monitoring/: " + used);
            assertThat(after.sampleNames).as("every metric the dashboard and the alert rules use is exported").containsAll(used);
        }
    }

    @Test
    void slot_retained_wal_grows_while_capture_is_stopped() throws Exception {
        String table = services.uniqueName("slotwal");
        MetasyncConfig config = loaded(table, 100, Map.of());
        try (Pipeline ignored = start(config)) {
            await().atMost(WAIT).until(() -> keys(shared.sync(), table) == 100);
        }
        try (Pipeline applyOnly = start(config, Pipeline.Component.APPLY)) {
            InetSocketAddress address = applyOnly.monitor().address().orElseThrow();
            await().atMost(WAIT).until(() -> Scrape.of(address).value("metasync_slot_active") == 0);
            double before = Scrape.of(address).value("metasync_slot_retained_wal_bytes");
            sql("CREATE TABLE " + table + "_wal AS SELECT g, md5(g::text) AS filler FROM generate_series(1, 20000) g");
            await().atMost(WAIT).until(() -> Scrape.of(address).value("metasync_slot_retained_wal_bytes") > before + 500_000);
            System.out.printf("SLOT retained WAL while capture is stopped: %.0f -> %.0f bytes%n", before,
                    Scrape.of(address).value("metasync_slot_retained_wal_bytes"));
        }
    }

    @Test
    void heartbeats_keep_an_idle_tables_slot_from_pinning_wal_that_other_tables_write() throws Exception {
        String table = services.uniqueName("idle");
        MetasyncConfig config = loaded(table, 100, Map.of("debezium.heartbeat.interval.ms", "1000",
                "debezium.offset.flush.interval.ms", "1000"));
        try (Pipeline pipeline = start(config)) {
            await().atMost(WAIT).until(() -> keys(shared.sync(), table) == 100);
            InetSocketAddress address = pipeline.monitor().address().orElseThrow();
            sql("CREATE TABLE " + table + "_other AS SELECT g, md5(g::text) AS filler FROM generate_series(1, 50000) g");
            long written = 0;
            try (Connection c = services.postgres.connect(); Statement s = c.createStatement();
                 var rs = s.executeQuery("SELECT pg_current_wal_lsn() - '0/0'::pg_lsn")) {
                rs.next();
                written = rs.getLong(1);
            }
            long wal = written;
            await().atMost(WAIT).until(() -> {
                try (Connection c = services.postgres.connect(); Statement s = c.createStatement();
                     var rs = s.executeQuery("SELECT confirmed_flush_lsn - '0/0'::pg_lsn FROM pg_replication_slots WHERE slot_name = '"
                             + table + "'")) {
                    return rs.next() && rs.getLong(1) >= wal;
                }
            });
            System.out.printf("IDLE slot confirmed past the other table's WAL; retained now %.0f bytes%n",
                    Scrape.of(address).value("metasync_slot_retained_wal_bytes"));
        }
    }

    @Test
    void health_goes_down_with_the_reason_when_redis_stops_and_up_when_it_returns() throws Exception {
        try (OwnRedis own = OwnRedis.start(services)) {
            String table = services.uniqueName("health");
            MetasyncConfig config = loaded(table, 100, Map.of("redis.uri", own.server.uri()));
            try (Pipeline pipeline = start(config)) {
                await().atMost(WAIT).until(() -> keys(own.session.sync(), table) == 100);
                InetSocketAddress address = pipeline.monitor().address().orElseThrow();
                await().atMost(WAIT).until(() -> health(address).statusCode() == 200 && health(address).body().contains("\"status\":\"UP\""));

                own.server.stop();
                await().atMost(WAIT).until(() -> health(address).statusCode() == 503);
                HttpResponse<String> down = health(address);
                System.out.println("HEALTH with Redis stopped: " + down.statusCode() + " " + down.body());
                JsonNode body = JSON.readTree(down.body());
                assertThat(body.get("status").asText()).isEqualTo("DOWN");
                assertThat(body.get("reasons").toString()).contains("Redis cannot be reached");
                assertThat(Scrape.of(address).value("metasync_health_status")).isEqualTo(2);

                own.server.start();
                await().atMost(WAIT).until(() -> health(address).statusCode() == 200);
                HttpResponse<String> up = health(address);
                System.out.println("HEALTH with Redis back: " + up.statusCode() + " " + up.body());
                assertThat(JSON.readTree(up.body()).get("status").asText()).isEqualTo("UP");
            }
        }
    }

    private static HttpResponse<String> health(InetSocketAddress address) throws Exception {
        return Scrape.get(address, "/health");
    }
}
