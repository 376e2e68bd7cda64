package com.tradeul.metasync.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.tradeul.metasync.Pipeline;
import com.tradeul.metasync.cli.ExitCodes;
import com.tradeul.metasync.config.MetasyncConfig;
import com.tradeul.metasync.devtools.demo.SampleTickers;
import com.tradeul.metasync.devtools.local.LocalRedis;
import com.tradeul.metasync.guard.Finding;
import com.tradeul.metasync.guard.RedisInfo;
import com.tradeul.metasync.replay.RedisOffsets;
import com.tradeul.metasync.verify.KeyCounter;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The persistence guard against real Redis servers set up to lose data; each test has a Redis of its own. */
class GuardIT {

    private static final Duration WAIT = Duration.ofSeconds(90);

    private final TestServices services = TestServices.get();
    private OwnRedis own;
    private LocalRedis redis;
    private RedisSession session;

    private void startRedis(String... args) {
        own = OwnRedis.start(services, args);
        redis = own.server;
        session = own.session;
    }

    @AfterEach
    void stop() {
        if (own != null) {
            own.close();
        }
    }

    private RedisCommands<String, String> redis() {
        return session.sync();
    }

    private RedisInfo info() {
        return RedisInfo.parse(redis().info("everything"));
    }

    private MetasyncConfig load(String table, int rows, Map<String, String> extra) throws Exception {
        try (Connection c = services.postgres.connect()) {
            SampleTickers.load(c, table, rows);
        }
        Map<String, String> settings = new HashMap<>(extra);
        settings.put("redis.uri", redis.uri());
        return services.isolated(table, settings);
    }

    private static Pipeline start(MetasyncConfig config) {
        return Pipeline.start(config, EnumSet.allOf(Pipeline.Component.class), Clock.systemUTC());
    }

    private long keys(String table) {
        return KeyCounter.count(redis(), TestServices.keyPrefix(table) + "*");
    }

    private static void assertVerifyClean(MetasyncConfig config) {
        CliRunner.Outcome outcome = CliRunner.run("verify", config, "--settle-seconds", "20");
        assertThat(outcome.out()).as(outcome.out() + outcome.err()).contains("0 missing, 0 extra, 0 wrong -> IN SYNC");
    }

    @Test
    void applied_changes_are_saved_and_the_save_is_checked() throws Exception {
        startRedis("--appendonly", "no");
        String table = services.uniqueName("guardsave");
        MetasyncConfig config = load(table, 300, Map.of("guard.save-interval-seconds", "1"));
        long savesBefore = info().number("rdb_saves", 0);
        try (Pipeline pipeline = start(config)) {
            await().atMost(WAIT).until(() -> keys(table) == 300);
            await().atMost(WAIT).until(() -> pipeline.guardStatus().orElseThrow().lastGoodSave() != null
                    && info().number("rdb_changes_since_last_save", -1) == 0);
            assertThat(info().number("rdb_saves", 0)).isGreaterThan(savesBefore);
            assertThat(pipeline.guardStatus().orElseThrow().lastSave().ok()).isTrue();
            assertThat(Files.exists(redis.dir().resolve("dump.rdb"))).isTrue();
        }
    }

    /**
     * The running service's guard and {@code metasync guard --save} saving at the same moment (a
     * clean CI run failed so): Redis counts a save in {@code rdb_saves} when it forks, so the guard
     * used to wait for the running save to grow a count it had already grown, and gave up after
     * 120 s on a healthy Redis. The running save was forked before the ask and may lack the latest
     * writes anyway: the guard lets it end, then makes its own.
     */
    @Test
    void guard_save_while_another_save_runs_lets_it_end_then_saves_again() throws Exception {
        startRedis("--appendonly", "no", "--save", "");
        for (int i = 0; i < 10; i++) {
            redis().set("slow-save:" + i, "x");
        }
        redis().configSet("rdb-key-save-delay", "400000"); // µs per key: this save takes 4 s
        long savesBefore = info().number("rdb_saves", -1);
        redis().bgsave();
        redis().configSet("rdb-key-save-delay", "0"); // the forked child keeps its delay; the guard's save is quick
        assertThat(info().flag("rdb_bgsave_in_progress")).isTrue();

        MetasyncConfig config = services.isolated(services.uniqueName("guardbusy"), Map.of("redis.uri", redis.uri()));
        CliRunner.Outcome saved = CliRunner.run("guard", config, "--save");

        assertThat(saved.out()).as(saved.out() + saved.err()).contains("save: OK");
        assertThat(info().number("rdb_saves", -1)).as("the running save and the guard's own").isEqualTo(savesBefore + 2);
    }

    @Test
    void allkeys_lru_is_reported_with_its_remedy_and_enforce_makes_it_noeviction() throws Exception {
        startRedis("--maxmemory-policy", "allkeys-lru");
        MetasyncConfig config = services.isolated(services.uniqueName("guardlru"), Map.of("redis.uri", redis.uri()));
        CliRunner.Outcome audit = CliRunner.run("guard", config);
        assertThat(audit.exitCode()).as(audit.out() + audit.err()).isEqualTo(5);
        assertThat(audit.out()).contains("ERROR").contains("maxmemory-policy").contains("allkeys-lru")
                .contains("Fix: CONFIG SET maxmemory-policy noeviction");
        CliRunner.Outcome enforced = CliRunner.run("guard", config, "--enforce");
        assertThat(enforced.out()).contains("enforced: CONFIG SET maxmemory-policy noeviction");
        assertThat(redis().configGet("maxmemory-policy")).containsEntry("maxmemory-policy", "noeviction");
        assertThat(enforced.exitCode()).as(enforced.out()).isZero();
    }

    @Test
    void redis_out_of_memory_makes_apply_wait_without_storing_offsets_then_resume_when_memory_is_raised() throws Exception {
        startRedis("--maxmemory-policy", "noeviction");
        String table = services.uniqueName("guardoom");
        MetasyncConfig config = load(table, 500, Map.of());
        try (Pipeline pipeline = start(config)) {
            await().atMost(WAIT).until(() -> keys(table) == 500);
            long used = info().number("used_memory", 0);
            redis().configSet("maxmemory", Long.toString(used + 100_000));
            try (Connection c = services.postgres.connect(); Statement s = c.createStatement()) {
                s.execute("UPDATE " + table + " SET name = repeat(md5(symbol), 64)"); // ~2 kB more per row: ~1 MB
            }
            await().atMost(WAIT).until(() -> String.valueOf(pipeline.applyStats().waitingFor()).contains("OOM"));
            // For 2.5 s apply keeps waiting, and at every look (fail-fast: one miss fails the test) every
            // update record below the offset Redis holds is in Redis, whatever got through before memory ran out.
            await().during(Duration.ofMillis(2_500)).atMost(WAIT).pollInterval(Duration.ofMillis(500))
                    .failFast(() -> assertWaitingWithEveryChangeBelowTheOffsetInRedis(pipeline, config, table))
                    .until(() -> String.valueOf(pipeline.applyStats().waitingFor()).contains("OOM"));
            assertThat(String.valueOf(pipeline.applyStats().waitingFor())).contains("OOM");
            assertThat(pipeline.applyStats().deadLettered()).isZero();

            redis().configSet("maxmemory", "0");
            await().atMost(WAIT).until(() -> pipeline.applyStats().waitingFor() == null
                    && redis().get(TestServices.keyPrefix(table) + "T00499").length() > 2_000);
            assertVerifyClean(config);
        }
    }

    /**
     * Apply waits on OOM, and every update record below the offset Redis holds is in Redis (the
     * update's records follow the snapshot's 500 at offsets 500.. in row order).
     */
    private void assertWaitingWithEveryChangeBelowTheOffsetInRedis(Pipeline pipeline, MetasyncConfig config, String table) {
        assertThat(String.valueOf(pipeline.applyStats().waitingFor())).contains("OOM");
        String field = RedisOffsets.field(config.tablesByTopic().keySet().iterator().next(), 0);
        long held = Long.parseLong(redis().hget(RedisOffsets.key(config.apply().groupId()), field));
        for (int row = 0; row < held - 500; row++) {
            assertThat(redis().get(TestServices.keyPrefix(table) + SampleTickers.symbol(row))).as("row %d below offset %d", row, held)
                    .hasSizeGreaterThan(2_000);
        }
    }

    @Test
    void failing_bgsave_is_reported_and_misconf_is_backpressure_until_the_dir_is_fixed() throws Exception {
        // Redis refuses writes after a failed save only when save points are configured.
        startRedis("--appendonly", "no", "--stop-writes-on-bgsave-error", "yes", "--save", "3600 1",
                "--enable-protected-configs", "yes"); // lets the test (the operator) CONFIG SET dir
        String table = services.uniqueName("guardmisconf");
        MetasyncConfig config = load(table, 200, Map.of());
        try (Pipeline pipeline = start(config)) {
            await().atMost(WAIT).until(() -> keys(table) == 200);
            String dir = redis.dir().toString();
            deleteRecursively(redis.dir()); // Redis can no longer write its RDB file there
            CliRunner.Outcome failed = CliRunner.run("guard", config, "--save");
            assertThat(failed.exitCode()).as(failed.out() + failed.err()).isEqualTo(5);
            assertThat(failed.out()).contains("save: FAILED").contains("rdb_last_bgsave_status:err");

            try (Connection c = services.postgres.connect(); Statement s = c.createStatement()) {
                s.execute("UPDATE " + table + " SET name = 'after the failed save' WHERE symbol = 'T00010'");
            }
            await().atMost(WAIT).until(() -> String.valueOf(pipeline.applyStats().waitingFor()).contains("MISCONF"));
            assertThat(redis().get(TestServices.keyPrefix(table) + "T00010")).doesNotContain("after the failed save");

            Files.createDirectories(redis.dir());
            redis().configSet("dir", dir); // the operator's fix: a writable dir again
            CliRunner.Outcome saved = CliRunner.run("guard", config, "--save");
            assertThat(saved.out()).as(saved.out() + saved.err()).contains("save: OK");
            await().atMost(WAIT).until(() -> redis().get(TestServices.keyPrefix(table) + "T00010").contains("after the failed save"));
            assertThat(pipeline.applyStats().deadLettered()).isZero();
            assertVerifyClean(config);
        }
    }

    @Test
    void run_refuses_an_evicting_redis_with_the_fix_and_enforce_sets_noeviction_and_runs() throws Exception {
        startRedis("--maxmemory-policy", "allkeys-lru");
        String table = services.uniqueName("guardrefuse");
        MetasyncConfig config = load(table, 50, Map.of());

        CliRunner.Outcome refused = CliRunner.run("run", config);
        assertThat(refused.exitCode()).as(refused.err()).isEqualTo(ExitCodes.UNFIT);
        assertThat(refused.err().strip().lines()).hasSize(1);
        assertThat(refused.err()).contains("has maxmemory-policy allkeys-lru", "evicts keys",
                "Fix: CONFIG SET maxmemory-policy noeviction", "guard.mode=enforce", "guard.allow-eviction=true");
        assertThat(keys(table)).isZero(); // refused before any row was written

        MetasyncConfig enforcing = load(services.uniqueName("guardenforce"), 50, Map.of("guard.mode", "enforce"));
        try (Pipeline pipeline = start(enforcing)) {
            assertThat(redis().configGet("maxmemory-policy")).containsEntry("maxmemory-policy", "noeviction");
            await().atMost(WAIT).until(() -> keys(enforcing.postgres().tables().get(0).table()) == 50);
        }
    }

    @Test
    void evictions_are_reported_as_data_loss_and_the_table_is_healed() throws Exception {
        startRedis("--maxmemory-policy", "allkeys-lru", "--maxmemory", "3mb");
        String table = services.uniqueName("guardevict");
        int rows = 8_000;
        // Evictions on purpose: run would refuse this Redis without the explicit choice.
        MetasyncConfig config = load(table, rows, Map.of("guard.audit-interval-seconds", "1", "guard.allow-eviction", "true"));
        try (Pipeline pipeline = start(config)) {
            await().atMost(WAIT).until(() -> info().number("evicted_keys", 0) > 0);
            await().atMost(WAIT).until(() -> pipeline.guardStatus().orElseThrow().findings().stream()
                    .anyMatch(f -> f.setting().equals("evicted_keys") && f.severity() == Finding.Severity.ERROR));
            // The operator follows the remedy; the guard replays the table by itself.
            redis().configSet("maxmemory", "0");
            redis().configSet("maxmemory-policy", "noeviction");
            await().atMost(WAIT).until(() -> keys(table) == rows);
            assertVerifyClean(config);
        }
    }

    private static void deleteRecursively(java.nio.file.Path dir) throws Exception {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
