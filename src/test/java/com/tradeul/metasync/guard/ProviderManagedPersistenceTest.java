package com.tradeul.metasync.guard;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A managed Redis (ACL user without +config +bgsave, as ElastiCache or MemoryDB grant) keeps
 * persistence to itself: how the guard tells that from a save that failed, on canned replies.
 */
class ProviderManagedPersistenceTest {

    private static RedisInfo info(String file) throws Exception {
        return RedisInfo.parse(Files.readString(Path.of("src/test/resources/redis-info", file)));
    }

    static Stream<Arguments> replies() {
        return Stream.of(
                // command, Redis's reply -> why it is unavailable (empty: another error)
                Arguments.of("CONFIG", "NOPERM User managed has no permissions to run the 'config|get' command",
                        Optional.of("CONFIG is not permitted for this user")),
                Arguments.of("CONFIG", "NOPERM this user has no permissions to run the 'config|get' command",
                        Optional.of("CONFIG is not permitted for this user")),
                Arguments.of("BGSAVE", "NOPERM User managed has no permissions to run the 'bgsave' command",
                        Optional.of("BGSAVE is not permitted for this user")),
                Arguments.of("CONFIG", "ERR unknown command `CONFIG`, with args beginning with: `GET`, `maxmemory-policy`, ",
                        Optional.of("CONFIG is not available on this Redis (renamed or disabled by its provider)")),
                Arguments.of("BGSAVE", "ERR Background save already in progress", Optional.empty()),
                Arguments.of("BGSAVE", "MISCONF Redis is configured to save RDB snapshots, but it's currently unable to persist to disk",
                        Optional.empty()),
                Arguments.of("CONFIG", "LOADING Redis is loading the dataset in memory", Optional.empty()));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("replies")
    void tells_a_command_this_user_may_not_run_from_one_that_failed(String command, String reply, Optional<String> expected) {
        assertThat(CommandAccess.unavailable(command, reply)).isEqualTo(expected);
    }

    @Test
    void a_refused_bgsave_or_an_unreadable_config_means_the_provider_manages_persistence() throws Exception {
        RedisInfo info = info("redis-7.0.15-defaults.txt");
        AuditedSettings readable = AuditedSettings.fromConfig(Map.of("maxmemory-policy", "noeviction"));
        AuditedSettings forbidden = AuditedSettings.fromInfo(info, "CONFIG is not permitted for this user");
        RedisGuard.SaveResult noperm = new RedisGuard.SaveResult(false, Duration.ZERO, "BGSAVE refused: NOPERM ...",
                "NOPERM User managed has no permissions to run the 'bgsave' command");
        RedisGuard.SaveResult misconf = new RedisGuard.SaveResult(false, Duration.ZERO, "BGSAVE failed", "MISCONF disk full");
        RedisGuard.SaveResult saved = new RedisGuard.SaveResult(true, Duration.ZERO, "saved");

        assertThat(SavePolicy.providerManaged(readable, noperm)).contains("BGSAVE is not permitted for this user");
        assertThat(SavePolicy.providerManaged(forbidden, null)).contains("CONFIG is not permitted for this user");
        assertThat(SavePolicy.providerManaged(readable, misconf)).as("a save that failed is the guard's to report").isEmpty();
        assertThat(SavePolicy.providerManaged(readable, saved)).isEmpty();
        assertThat(SavePolicy.providerManaged(null, null)).isEmpty();
    }

    @Test
    void without_config_the_eviction_settings_are_read_from_info_and_still_judged() throws Exception {
        String text = Files.readString(Path.of("src/test/resources/redis-info", "redis-7.0.15-defaults.txt"))
                .replace("maxmemory_policy:noeviction", "maxmemory_policy:allkeys-lru");
        AuditedSettings settings = AuditedSettings.fromInfo(RedisInfo.parse(text), "CONFIG is not permitted for this user");
        assertThat(settings.values()).containsOnlyKeys("maxmemory-policy", "maxmemory").containsEntry("maxmemory-policy", "allkeys-lru");
        assertThat(settings.configReadable()).isFalse();
        assertThat(PersistenceAudit.audit(RedisInfo.parse(text), settings.values(), 0))
                .extracting(f -> f.severity() + " " + f.setting()).contains("ERROR maxmemory-policy");
    }
}
