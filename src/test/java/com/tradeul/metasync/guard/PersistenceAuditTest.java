package com.tradeul.metasync.guard;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradeul.metasync.guard.Finding.Severity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The guard's decisions on INFO texts of Redis 6.2, 7.0 and 7.2 (see src/test/resources/redis-info). */
class PersistenceAuditTest {

    private static RedisInfo info(String file) throws Exception {
        return RedisInfo.parse(Files.readString(Path.of("src/test/resources/redis-info", file)));
    }

    private static final Map<String, String> SAFE = Map.of("maxmemory-policy", "noeviction", "appendonly", "yes",
            "appendfsync", "everysec", "maxmemory", "0", "stop-writes-on-bgsave-error", "yes");

    static Stream<Arguments> infos() {
        return Stream.of(
                // file, config, evicted at start -> findings (severity setting)
                Arguments.of("redis-7.0.15-defaults.txt", Map.of("maxmemory-policy", "noeviction", "appendonly", "no",
                        "appendfsync", "everysec", "maxmemory", "0", "stop-writes-on-bgsave-error", "yes"), 0L,
                        List.of("WARNING appendonly", "WARNING maxmemory")),
                Arguments.of("redis-6.2-abridged.txt", Map.of("maxmemory-policy", "allkeys-lru", "appendonly", "no",
                        "appendfsync", "no", "maxmemory", "10000000", "stop-writes-on-bgsave-error", "no"), 0L,
                        List.of("ERROR maxmemory-policy", "WARNING appendonly", "WARNING appendfsync", "WARNING maxmemory",
                                "ERROR evicted_keys", "ERROR rdb_last_bgsave_status", "WARNING stop-writes-on-bgsave-error")),
                Arguments.of("redis-6.2-abridged.txt", Map.of(), 51L,
                        List.of("ERROR rdb_last_bgsave_status")),
                Arguments.of("redis-7.2-abridged.txt", SAFE, 0L,
                        List.of("WARNING maxmemory", "ERROR aof_last_write_status")));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("infos")
    void finds_what_loses_data(String file, Map<String, String> config, long evictedAtStart, List<String> expected) throws Exception {
        List<Finding> findings = PersistenceAudit.audit(info(file), config, evictedAtStart);
        assertThat(findings).extracting(f -> f.severity() + " " + f.setting()).containsExactlyElementsOf(expected);
        assertThat(findings).allSatisfy(f -> assertThat(f.remedy()).isNotBlank());
    }

    @Test
    void eviction_policy_finding_names_the_remedy_and_the_safe_value() throws Exception {
        Finding finding = PersistenceAudit.audit(info("redis-6.2-abridged.txt"), Map.of("maxmemory-policy", "allkeys-lru"), 51).get(0);
        assertThat(finding.severity()).isEqualTo(Severity.ERROR);
        assertThat(finding.problem()).contains("allkeys-lru").contains("evicts");
        assertThat(finding.remedy()).contains("CONFIG SET maxmemory-policy noeviction");
        assertThat(finding.safeValue()).isEqualTo("noeviction");
    }

    @Test
    void a_save_is_due_only_with_unsaved_changes_after_the_interval_or_enough_changes() throws Exception {
        Instant now = Instant.parse("2026-11-25T12:00:00Z");
        RedisInfo dirty = info("redis-6.2-abridged.txt");
        RedisInfo clean = info("redis-7.2-abridged.txt");
        Duration interval = Duration.ofMinutes(5);
        Duration gap = Duration.ofSeconds(60);
        assertThat(SavePolicy.due(clean, null, now, interval, 1_000_000, 1, gap)).isFalse();
        assertThat(SavePolicy.due(dirty, null, now, interval, 0, 10_000, gap)).isTrue();
        assertThat(SavePolicy.due(dirty, now.minusSeconds(60), now, interval, 0, 10_000, gap)).isFalse();
        assertThat(SavePolicy.due(dirty, now.minusSeconds(60), now, interval, 10_000, 10_000, gap)).isTrue();
        assertThat(SavePolicy.due(dirty, now.minusSeconds(301), now, interval, 0, 10_000, gap)).isTrue();
    }

    @Test
    void enough_changes_force_a_save_only_once_the_gap_since_the_last_passed_as_redis_save_60_10000_does() throws Exception {
        Instant now = Instant.parse("2026-11-25T12:00:00Z");
        RedisInfo dirty = info("redis-6.2-abridged.txt");
        Duration interval = Duration.ofMinutes(5);
        Duration gap = Duration.ofSeconds(60);
        assertThat(SavePolicy.due(dirty, now.minusSeconds(2), now, interval, 50_000, 10_000, gap))
                .as("a bulk load 2 s after the last save").isFalse();
        assertThat(SavePolicy.due(dirty, now.minusSeconds(59), now, interval, 1_000_000, 10_000, gap)).isFalse();
        assertThat(SavePolicy.due(dirty, now.minusSeconds(60), now, interval, 10_000, 10_000, gap)).isTrue();
        assertThat(SavePolicy.due(dirty, null, now, interval, 10_000, 10_000, gap)).as("no save yet").isTrue();
        assertThat(SavePolicy.due(dirty, now.minusSeconds(1), now, interval, 10_000, 10_000, Duration.ZERO))
                .as("gap 0: after every 10,000 changes, as before").isTrue();
        assertThat(SavePolicy.due(dirty, now.minusSeconds(9_999), now, interval, 0, 10_000, gap))
                .as("the interval is not held back by the gap").isTrue();
    }

    @Test
    void during_an_aof_rewrite_the_save_is_scheduled() throws Exception {
        assertThat(SavePolicy.mustSchedule(info("redis-6.2-abridged.txt"))).isTrue();
        assertThat(SavePolicy.mustSchedule(info("redis-7.0.15-defaults.txt"))).isFalse();
    }
}
