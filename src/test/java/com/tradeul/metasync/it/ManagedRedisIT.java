package com.tradeul.metasync.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.tradeul.metasync.Pipeline;
import com.tradeul.metasync.clients.RedisClients;
import com.tradeul.metasync.config.MetasyncConfig;
import com.tradeul.metasync.devtools.demo.SampleTickers;
import com.tradeul.metasync.verify.KeyCounter;
import java.net.InetSocketAddress;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A Redis whose provider keeps persistence to itself, as ElastiCache and MemoryDB do: metasync's ACL
 * user may not run CONFIG or BGSAVE. Doctor says what it cannot check and why, the guard says
 * persistence is the provider's and forces no saves, health stays UP (a save age or a refused
 * BGSAVE would degrade it otherwise), and a FLUSHALL is still healed from the offsets Redis holds.
 */
class ManagedRedisIT {

    private static final int ROWS = 2_000;
    private static final Duration WAIT = Duration.ofSeconds(120);
    /** What ElastiCache-style users get: everything metasync needs but CONFIG and BGSAVE. */
    private static final String MANAGED_RULES = RedisClients.REQUIRED_ACL.replace(" +config|get +config|set +bgsave", "");

    private static TestServices services;
    private static SecuredRedis redis;

    @BeforeAll
    static void startRedis() {
        services = TestServices.get();
        redis = SecuredRedis.aclOnly(services, MANAGED_RULES, "--maxmemory", "256mb", "--maxmemory-policy", "noeviction");
    }

    @AfterAll
    static void stopRedis() {
        if (redis != null) {
            redis.close();
        }
    }

    private static MetasyncConfig loaded(String table, Map<String, String> extra) throws Exception {
        try (Connection c = services.postgres.connect()) {
            SampleTickers.load(c, table, ROWS);
        }
        Map<String, String> settings = new HashMap<>(redis.settings());
        settings.putAll(extra);
        return services.isolated(table, settings);
    }

    @Test
    void doctor_warns_with_the_reason_for_each_setting_config_would_show_and_passes_what_info_shows() throws Exception {
        MetasyncConfig config = loaded(services.uniqueName("manageddoctor"), Map.of());
        CliRunner.Outcome doctor = CliRunner.run(redis.environment(), "doctor", config);
        System.out.print(doctor.out() + doctor.err());
        String redisPart = doctor.out().substring(doctor.out().indexOf("\nRedis\n"));
        assertThat(redisPart).contains("PASS  connection to " + redis.server.uri() + ": Redis 7")
                .contains("PASS  maxmemory-policy: noeviction (from INFO)")
                .contains("WARN  appendonly: cannot be checked: CONFIG is not permitted for this user")
                .contains("WARN  appendfsync: cannot be checked: CONFIG is not permitted for this user")
                .contains("WARN  stop-writes-on-bgsave-error: cannot be checked: CONFIG is not permitted for this user")
                .doesNotContain("FAIL ").doesNotContainPattern(": \\?\\s");
        assertThat(doctor.exitCode()).as("warnings only").isZero();
        JsonNode json = new ObjectMapper().readTree(CliRunner.run(redis.environment(), "doctor", config, "--json").out());
        assertThat(json.findValuesAsText("detail")).filteredOn(d -> d.equals("cannot be checked: CONFIG is not permitted for this user"))
                .hasSize(3);
    }

    @Test
    void the_pipeline_is_up_says_persistence_is_managed_by_the_provider_and_still_heals_a_flushall() throws Exception {
        String table = services.uniqueName("managedrun");
        // A forced save every second and a save older than 1 s degrading health: both would show at once if the
        // guard did not tell a provider-managed Redis from one whose saves fail.
        MetasyncConfig config = loaded(table, Map.of("redis.password", redis.password, "guard.save-interval-seconds", "1",
                "monitor.save-age-threshold-seconds", "1", "guard.audit-interval-seconds", "1"));
        String prefix = TestServices.keyPrefix(table);
        try (Pipeline pipeline = Pipeline.start(config, EnumSet.allOf(Pipeline.Component.class), Clock.systemUTC())) {
            await().atMost(WAIT).until(() -> KeyCounter.count(redis.admin.sync(), prefix + "*") == ROWS);
            await().atMost(WAIT).until(() -> pipeline.guardStatus().orElseThrow().unsavedChanges() > 0
                    && pipeline.guardStatus().orElseThrow().redisLastSave().isBefore(Instant.now().minusSeconds(2)));
            assertThat(pipeline.guardStatus().orElseThrow().providerManaged()).isEqualTo("CONFIG is not permitted for this user");
            InetSocketAddress monitor = pipeline.monitor().address().orElseThrow();
            assertThat(Scrape.get(monitor, "/health").body()).as("unsaved changes, last save older than the threshold")
                    .contains("\"status\":\"UP\"");
            assertThat(Scrape.get(monitor, "/metrics").body()).contains("metasync_guard_persistence_managed 1.0")
                    .contains("metasync_guard_last_save_failed 0.0");

            CliRunner.Outcome guard = CliRunner.run("guard", config, "--save");
            System.out.print(guard.out() + guard.err());
            assertThat(guard.out()).contains("MANAGED  persistence is managed by the provider (CONFIG is not permitted for this user)")
                    .contains("save: SKIPPED");
            assertThat(guard.exitCode()).isZero();

            redis.admin.sync().flushall();
            await().atMost(WAIT).until(() -> KeyCounter.count(redis.admin.sync(), prefix + "*") == ROWS);
            assertThat(pipeline.applyStats().lastReplayReason()).contains("replaying the whole partition");
            CliRunner.Outcome verify = CliRunner.run("verify", config, "--settle-seconds", "20");
            assertThat(verify.out()).as(verify.out() + verify.err()).contains("0 missing, 0 extra, 0 wrong -> IN SYNC");
        }
    }

    @Test
    void a_user_that_may_read_config_but_not_bgsave_is_told_persistence_is_managed_too() throws Exception {
        String user = "nobgsave";
        assertThat(redis.server.command("ACL SETUSER " + user + " on >" + redis.password + " " + RedisClients.REQUIRED_ACL + " -bgsave"))
                .isEqualTo("+OK");
        MetasyncConfig config = loaded(services.uniqueName("nobgsave"), Map.of("redis.user", user, "redis.password", redis.password));
        CliRunner.Outcome guard = CliRunner.run("guard", config, "--save");
        System.out.print(guard.out() + guard.err());
        assertThat(guard.out()).contains("MANAGED  persistence is managed by the provider (BGSAVE is not permitted for this user)")
                .contains("save: SKIPPED").doesNotContain("cannot be checked");
        assertThat(guard.exitCode()).isZero();
    }
}
