package com.tradeul.metasync.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.tradeul.metasync.Pipeline;
import com.tradeul.metasync.config.MetasyncConfig;
import com.tradeul.metasync.devtools.demo.SampleTickers;
import com.tradeul.metasync.verify.KeyCounter;
import io.lettuce.core.api.sync.RedisCommands;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** `metasync verify` finds exactly the drift injected behind metasync's back, repairs it, and is not fooled by live changes. */
class VerifyIT {

    private static final int ROWS = 500;

    private static TestServices services;
    private static RedisSession redis;

    @BeforeAll
    static void start() {
        services = TestServices.get();
        redis = new RedisSession(services.redis.uri());
    }

    @AfterAll
    static void stop() {
        redis.close();
    }

    private static RedisCommands<String, String> redis() {
        return redis.sync();
    }

    private static Pipeline syncedPipeline(String table, MetasyncConfig config) throws Exception {
        try (Connection c = services.postgres.connect()) {
            SampleTickers.load(c, table, ROWS);
        }
        Pipeline pipeline = Pipeline.start(config, EnumSet.allOf(Pipeline.Component.class), Clock.systemUTC());
        await().atMost(Duration.ofSeconds(90)).until(() -> KeyCounter.count(redis(), TestServices.keyPrefix(table) + "*") == ROWS);
        return pipeline;
    }

    @Test
    void reports_each_kind_of_injected_drift_exactly_and_repair_brings_redis_back() throws Exception {
        String table = services.uniqueName("verify");
        String p = TestServices.keyPrefix(table);
        MetasyncConfig config = services.isolated(table, Map.of());
        try (Pipeline pipeline = syncedPipeline(table, config)) {
            CliRunner.Outcome clean = CliRunner.run("verify", config);
            assertThat(clean.exitCode()).as(clean.out() + clean.err()).isZero();
            assertThat(clean.out()).contains("500 rows, 500 keys: 500 in sync, 0 missing, 0 extra, 0 wrong -> IN SYNC");

            redis().del(p + "T00010");                                                          // missing
            redis().set(p + "GHOST", "{\"symbol\":\"GHOST\"}");                                  // extra
            redis().set(p + "T00020", redis().get(p + "T00020").replace("Company 20", "Company XX")); // one column changed
            String t30 = redis().get(p + "T00030");
            redis().set(p + "T00030", t30.replace("\"price\":30.10", "\"price\":30.11"));        // last digit
            String t41 = redis().get(p + "T00041");
            redis().set(p + "T00041", t41.replace("\"ratio\":41.01", "\"ratio\":41.010"));       // scale only
            redis().set(p + "T00050", "{not json");                                              // invalid JSON
            assertThat(t30).contains("\"price\":30.10");
            assertThat(t41).contains("\"ratio\":41.01,");

            CliRunner.Outcome drift = CliRunner.run("verify", config, "--settle-seconds", "2", "--json");
            assertThat(drift.exitCode()).as(drift.out() + drift.err()).isEqualTo(4);
            JsonNode report = new ObjectMapper().readTree(drift.out()).get(0);
            assertThat(report.get("rows").asLong()).isEqualTo(500);
            assertThat(report.get("keys").asLong()).isEqualTo(500);
            assertThat(report.get("inSync").asLong()).isEqualTo(495);
            assertThat(report.get("missing").asLong()).isEqualTo(1);
            assertThat(report.get("extra").asLong()).isEqualTo(1);
            assertThat(report.get("wrong").asLong()).isEqualTo(4);
            assertThat(report.get("settled").asLong()).as("drift does not settle").isZero();
            assertThat(drift.out()).contains(p + "T00010").contains(p + "GHOST").contains("\"column\" : \"name\"")
                    .contains("\"postgres\" : \"30.10\"").contains("\"redis\" : \"30.11\"")
                    .contains("\"postgres\" : \"41.01\"").contains("\"redis\" : \"41.010\"").contains("{not json");

            CliRunner.Outcome repaired = CliRunner.run("verify", config, "--repair", "--settle-seconds", "20");
            assertThat(repaired.out()).contains("repair sent 5 row(s) through the pipeline again and 1 tombstone(s)")
                    .contains("after repair: public." + table + ": 500 rows, 500 keys: 500 in sync, 0 missing, 0 extra, 0 wrong -> IN SYNC");
            assertThat(repaired.exitCode()).as(repaired.out() + repaired.err()).isZero();

            CliRunner.Outcome again = CliRunner.run("verify", config, "--settle-seconds", "0");
            assertThat(again.exitCode()).as(again.out()).isZero();
            assertThat(pipeline.applyStats().deadLettered()).isZero();
        }
    }

    @Test
    void scheduled_drift_check_inside_run_exports_its_last_result() throws Exception {
        String table = services.uniqueName("drift");
        MetasyncConfig config = services.isolated(table, Map.of("verify.interval-seconds", "1", "verify.sample-size", "1000"));
        try (Pipeline pipeline = syncedPipeline(table, config)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> pipeline.driftStatus().orElseThrow().checkedAt() != null);
            assertThat(pipeline.driftStatus().orElseThrow().clean()).isTrue();
            redis().del(TestServices.keyPrefix(table) + "T00007");
            await().atMost(Duration.ofSeconds(90)).until(() -> !pipeline.driftStatus().orElseThrow().clean());
            var report = pipeline.driftStatus().orElseThrow().reports().get(0);
            assertThat(report.missing()).isEqualTo(1);
            assertThat(report.shown().get(0).key()).isEqualTo(TestServices.keyPrefix(table) + "T00007");
        }
    }

    /** Calls of a Redis command so far (INFO commandstats). */
    private static long calls(String command) {
        Matcher calls = Pattern.compile("cmdstat_" + command + ":calls=(\\d+)").matcher(redis().info("commandstats"));
        return calls.find() ? Long.parseLong(calls.group(1)) : 0;
    }

    /** One UPDATE transaction per row. */
    private static void changePrices(String table, List<String> symbols) throws Exception {
        try (Connection c = services.postgres.connect();
             PreparedStatement update = c.prepareStatement("UPDATE " + table + " SET price = price + 0.01, volume = volume + 1 WHERE symbol = ?")) {
            for (String symbol : symbols) {
                update.setString(1, symbol);
                update.executeUpdate();
            }
        }
    }

    /**
     * Puts a known set of keys in flight on purpose: with apply stopped, Redis is behind on exactly
     * those rows while verify compares them; the rows change again while verify re-checks them, and
     * only then does apply start and catch up. Verify must meet every one of them as a difference,
     * see each settle, and report none.
     */
    @Test
    void live_updates_during_verify_are_not_reported_as_differences() throws Exception {
        String table = services.uniqueName("verifylive");
        MetasyncConfig config = services.isolated(table, Map.of());
        syncedPipeline(table, config).close(); // every row in Redis; apply stays stopped until the end
        List<String> inFlight = IntStream.rangeClosed(101, 125).mapToObj(SampleTickers::symbol).toList();
        try (Pipeline captureOnly = Pipeline.start(config, EnumSet.of(Pipeline.Component.CAPTURE), Clock.systemUTC())) {
            changePrices(table, inFlight);
            await().atMost(Duration.ofSeconds(90)).until(() -> captureOnly.captured() >= inFlight.size());
            long scansBefore = calls("scan");
            FutureTask<CliRunner.Outcome> verify = new FutureTask<>(() -> CliRunner.run("verify", config, "--settle-seconds", "90"));
            Thread verifying = new Thread(verify, "verify");
            verifying.setDaemon(true);
            verifying.start();
            // Verify SCANs for extra keys only once it has compared every row: from then on it re-checks.
            await().atMost(Duration.ofSeconds(90)).until(() -> calls("scan") > scansBefore || verify.isDone());
            changePrices(table, inFlight);
            assertThat(verify.isDone()).as(() -> "verify ended before apply ran, so nothing could settle: " + outcome(verify)).isFalse();
            try (Pipeline applyOnly = Pipeline.start(config, EnumSet.of(Pipeline.Component.APPLY), Clock.systemUTC())) {
                CliRunner.Outcome outcome = verify.get(180, TimeUnit.SECONDS);
                System.out.print("VERIFY LIVE: " + outcome.out());
                assertThat(outcome.exitCode()).as(outcome.out() + outcome.err()).isZero();
                assertThat(outcome.out()).contains("0 missing, 0 extra, 0 wrong -> IN SYNC")
                        .contains("public." + table + ": 500 rows, 500 keys: 500 in sync, 0 missing, 0 extra, 0 wrong -> IN SYNC");
                // Not vacuous: verify met each of the 25 keys as a difference, and saw each settle.
                assertThat(outcome.out()).contains("  " + inFlight.size() + " difference(s) settled while re-checking (changes in flight, not drift)");
                assertThat(applyOnly.applyStats().deadLettered()).isZero();
            }
        }
    }

    private static String outcome(FutureTask<CliRunner.Outcome> verify) {
        try {
            CliRunner.Outcome outcome = verify.get();
            return outcome.exitCode() + "\n" + outcome.out() + outcome.err();
        } catch (Exception e) {
            return e.toString();
        }
    }
}
