package com.tradeul.metasync.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.tradeul.metasync.Pipeline;
import com.tradeul.metasync.config.MetasyncConfig;
import com.tradeul.metasync.devtools.demo.SampleTickers;
import com.tradeul.metasync.devtools.local.LocalPostgres;
import com.tradeul.metasync.verify.KeyCounter;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** `metasync doctor` against a broken PostgreSQL and against a setup without fault. */
class DoctorIT {

    private static TestServices services;

    @BeforeAll
    static void start() {
        services = TestServices.get();
    }

    @Test
    void replica_wal_level_and_a_table_without_primary_key_each_fail_with_their_fix() throws Exception {
        String table = services.uniqueName("doctorbad");
        try (LocalPostgres replicaOnly = LocalPostgres.builder(Files.createTempDirectory(services.root, "doctor-").resolve("pg"))
                .walLevel("replica").fastUnsafe(true).start()) {
            try (Connection c = replicaOnly.connect(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE " + table + " (symbol text, name text)");
            }
            MetasyncConfig config = services.isolated(table, Map.of(
                    "postgres.port", Integer.toString(replicaOnly.port()), "postgres.password", replicaOnly.password()));

            CliRunner.Outcome outcome = CliRunner.run("doctor", config);
            System.out.print(outcome.out() + outcome.err());
            assertThat(outcome.exitCode()).isEqualTo(6);
            assertThat(outcome.out())
                    .contains("FAIL  wal_level: PostgreSQL wal_level is 'replica' but change capture needs 'logical'")
                    .contains("fix: run ALTER SYSTEM SET wal_level = logical; then restart PostgreSQL")
                    .contains("FAIL  primary key of public." + table + ": table public." + table + " has no primary key")
                    .contains("fix: add one (ALTER TABLE public." + table + " ADD PRIMARY KEY (...))")
                    .containsPattern("\\d+ passed, \\d+ warning\\(s\\), 2 failed");

            JsonNode json = new ObjectMapper().readTree(CliRunner.run("doctor", config, "--json").out());
            assertThat(json.findValuesAsText("verdict")).filteredOn("FAIL"::equals).hasSize(2);
        }
    }

    @Test
    void a_good_setup_passes_every_check() throws Exception {
        try (OwnRedis own = OwnRedis.start(services, "--maxmemory", "256mb", "--maxmemory-policy", "noeviction",
                "--appendonly", "yes", "--appendfsync", "everysec")) {
            String table = services.uniqueName("doctorgood");
            try (Connection c = services.postgres.connect(); Statement s = c.createStatement()) {
                SampleTickers.load(c, table, 50);
                s.execute("ALTER TABLE " + table + " REPLICA IDENTITY FULL");
            }
            MetasyncConfig config = services.isolated(table, Map.of("redis.uri", own.server.uri()));

            CliRunner.Outcome before = CliRunner.run("doctor", config);
            System.out.print("before the first run:\n" + before.out() + before.err());
            assertThat(before.exitCode()).isZero();
            assertThat(before.out()).doesNotContain("WARN ").doesNotContain("FAIL ").contains("0 warning(s), 0 failed");

            try (Pipeline pipeline = Pipeline.start(config, EnumSet.allOf(Pipeline.Component.class), Clock.systemUTC())) {
                await().atMost(Duration.ofSeconds(90))
                        .until(() -> KeyCounter.count(own.session.sync(), TestServices.keyPrefix(table) + "*") == 50);
                // Between the snapshot and the start of streaming the slot is briefly inactive (doctor rightly warns then).
                await().atMost(Duration.ofSeconds(60)).until(() -> slotActive(table));
                CliRunner.Outcome running = CliRunner.run("doctor", config);
                System.out.print("while running:\n" + running.out() + running.err());
                assertThat(running.exitCode()).isZero();
                assertThat(running.out()).doesNotContain("WARN ").doesNotContain("FAIL ").contains("0 warning(s), 0 failed")
                        .contains("PASS  replication slot " + table + ": active")
                        .contains("PASS  cleanup.policy of " + table + ".public." + table + ": compact")
                        .contains("PASS  REPLICA IDENTITY of public." + table + ": FULL")
                        .contains("PASS  maxmemory-policy: noeviction");
            }
        }
    }

    private static boolean slotActive(String slot) throws Exception {
        try (Connection c = services.postgres.connect(); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT active FROM pg_replication_slots WHERE slot_name = '" + slot + "'")) {
            return rs.next() && rs.getBoolean(1);
        }
    }
}
