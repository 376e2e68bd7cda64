package com.tradeul.metasync.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradeul.metasync.doctor.Check.Verdict;
import com.tradeul.metasync.guard.AuditedSettings;
import com.tradeul.metasync.guard.Finding;
import com.tradeul.metasync.guard.RedisInfo;
import com.tradeul.metasync.monitor.SlotStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DoctorRulesTest {

    @ParameterizedTest
    @CsvSource({"3, 10, false, PASS", "10, 10, true, PASS", "10, 10, false, FAIL"})
    void a_slot_and_a_sender_must_be_free_unless_ours_exists(int used, int max, boolean ours, Verdict expected) {
        Check check = DoctorRules.slotCapacity("max_replication_slots", used, max, ours);
        assertThat(check.verdict()).isEqualTo(expected);
        if (expected == Verdict.FAIL) {
            assertThat(check.fix()).isEqualTo("ALTER SYSTEM SET max_replication_slots = 14; then restart PostgreSQL (or drop unused slots)");
        }
    }

    @Test
    void replica_identity_full_is_recommended_when_large_columns_exist() {
        assertThat(DoctorRules.replicaIdentity("public.t", 'f', List.of("notes")).verdict()).isEqualTo(Verdict.PASS);
        assertThat(DoctorRules.replicaIdentity("public.t", 'd', List.of()).verdict()).isEqualTo(Verdict.PASS);
        Check toast = DoctorRules.replicaIdentity("public.t", 'd', List.of("name", "notes"));
        assertThat(toast.verdict()).isEqualTo(Verdict.WARN);
        assertThat(toast.detail()).contains("[name, notes]");
        assertThat(toast.fix()).isEqualTo("ALTER TABLE public.t REPLICA IDENTITY FULL;");
        assertThat(DoctorRules.replicaIdentity("public.t", 'n', List.of()).verdict()).isEqualTo(Verdict.FAIL);
    }

    @Test
    void unlimited_slot_wal_is_a_warning() {
        assertThat(DoctorRules.walKeepSize("-1").verdict()).isEqualTo(Verdict.WARN);
        assertThat(DoctorRules.walKeepSize("-1").fix()).startsWith("ALTER SYSTEM SET max_slot_wal_keep_size = '10GB';");
        assertThat(DoctorRules.walKeepSize("4GB").verdict()).isEqualTo(Verdict.PASS);
    }

    @Test
    void slot_rules() {
        assertThat(DoctorRules.slot(SlotStatus.missing("s"), 100, "db").verdict()).isEqualTo(Verdict.PASS);
        assertThat(DoctorRules.slot(slot(true, "reserved", 10, "pgoutput", "db"), 100, "db").verdict()).isEqualTo(Verdict.PASS);
        assertThat(DoctorRules.slot(slot(false, "reserved", 10, "pgoutput", "db"), 100, "db").verdict()).isEqualTo(Verdict.WARN);
        assertThat(DoctorRules.slot(slot(true, "extended", 1000, "pgoutput", "db"), 100, "db").verdict()).isEqualTo(Verdict.WARN);
        Check lost = DoctorRules.slot(slot(false, "lost", 0, "pgoutput", "db"), 100, "db");
        assertThat(lost.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(lost.fix()).startsWith("SELECT pg_drop_replication_slot('s');");
        assertThat(DoctorRules.slot(slot(true, "reserved", 0, "decoderbufs", "db"), 100, "db").verdict()).isEqualTo(Verdict.FAIL);
    }

    @Test
    void a_slot_of_another_database_fails_with_the_fix() {
        Check other = DoctorRules.slot(slot(false, "reserved", 0, "pgoutput", "other"), 100, "db");

        assertThat(other.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(other.detail()).isEqualTo("replication slot s belongs to database 'other', not 'db'");
        assertThat(other.fix()).startsWith("set postgres.slot to a name of its own, or, if nothing uses it: SELECT pg_drop_replication_slot('s');");
    }

    private static SlotStatus slot(boolean active, String walStatus, long retained, String plugin, String database) {
        return new SlotStatus("s", true, active, walStatus, retained, plugin, database);
    }

    @Test
    void change_topics_must_be_compacted_only() {
        assertThat(DoctorRules.cleanupPolicy("t", "compact", "k:9092").verdict()).isEqualTo(Verdict.PASS);
        Check both = DoctorRules.cleanupPolicy("t", "compact,delete", "k:9092");
        assertThat(both.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(both.fix()).isEqualTo("kafka-configs.sh --bootstrap-server k:9092 --alter --entity-type topics --entity-name t"
                + " --add-config cleanup.policy=compact");
        assertThat(DoctorRules.cleanupPolicy("t", "delete", "k:9092").verdict()).isEqualTo(Verdict.FAIL);
    }

    @ParameterizedTest
    @CsvSource({"1, 1, 1, PASS", "3, 3, 2, PASS", "1, 3, 1, WARN", "3, 3, 1, WARN", "1, 1, 2, FAIL"})
    void replication_against_the_brokers_there_are(int rf, int brokers, int minIsr, Verdict expected) {
        assertThat(DoctorRules.replication("t", rf, brokers, minIsr).verdict()).isEqualTo(expected);
    }

    @Test
    void redis_findings_keep_their_severity_and_remedy() {
        Check check = DoctorRules.finding(new Finding(Finding.Severity.ERROR, "maxmemory-policy", "is allkeys-lru",
                "CONFIG SET maxmemory-policy noeviction", "noeviction"));
        assertThat(check).isEqualTo(Check.fail("Redis", "maxmemory-policy", "is allkeys-lru", "CONFIG SET maxmemory-policy noeviction"));
        assertThat(DoctorRules.finding(new Finding(Finding.Severity.WARNING, "appendonly", "is no", "x", "yes")).verdict())
                .isEqualTo(Verdict.WARN);
    }

    @Test
    void a_redis_setting_config_may_not_read_is_a_warning_with_the_reason_never_a_pass() throws Exception {
        RedisInfo info = RedisInfo.parse(Files.readString(Path.of("src/test/resources/redis-info/redis-7.0.15-defaults.txt"))
                .replace("maxmemory:0", "maxmemory:268435456"));
        List<Check> checks = DoctorRules.redisAudit(info, AuditedSettings.fromInfo(info, "CONFIG is not permitted for this user"));

        assertThat(checks).extracting(c -> c.verdict() + " " + c.item() + ": " + c.detail()).containsExactly(
                "PASS maxmemory-policy: noeviction (from INFO)",
                "PASS maxmemory: 268435456 (from INFO)",
                "WARN appendonly: cannot be checked: CONFIG is not permitted for this user",
                "WARN appendfsync: cannot be checked: CONFIG is not permitted for this user",
                "WARN stop-writes-on-bgsave-error: cannot be checked: CONFIG is not permitted for this user",
                "PASS rdb_last_bgsave_status: ok",
                "PASS aof_last_write_status: ok");
        assertThat(checks).filteredOn(c -> c.verdict() == Verdict.WARN).allSatisfy(c -> assertThat(c.fix()).contains("provider"));
        assertThat(checks).noneMatch(c -> c.detail().contains("?"));
    }

    @Test
    void with_config_readable_every_audited_setting_passes_with_its_value_or_shows_its_finding() throws Exception {
        RedisInfo info = RedisInfo.parse(Files.readString(Path.of("src/test/resources/redis-info/redis-7.0.15-defaults.txt")));
        List<Check> checks = DoctorRules.redisAudit(info, AuditedSettings.fromConfig(Map.of("maxmemory-policy", "allkeys-lru",
                "maxmemory", "268435456", "appendonly", "yes", "appendfsync", "everysec", "stop-writes-on-bgsave-error", "yes")));
        assertThat(checks).extracting(c -> c.verdict() + " " + c.item()).containsExactly("FAIL maxmemory-policy", "PASS maxmemory",
                "PASS appendonly", "PASS appendfsync", "PASS stop-writes-on-bgsave-error", "PASS rdb_last_bgsave_status",
                "PASS aof_last_write_status");
    }
}
