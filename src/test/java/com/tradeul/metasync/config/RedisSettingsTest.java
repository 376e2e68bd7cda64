package com.tradeul.metasync.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Which Redis URIs metasync takes, and that a refused one is never shown with its password. */
class RedisSettingsTest {

    private static ConfigException refused(String uri) {
        return catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(Optional.empty(), Map.of(), Map.of("redis.uri", uri)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"redis://127.0.0.1:6379", "rediss://cache.example.com:6380/1", "redis://user:pw@cache_1:6379",
        "redis-sentinel://10.0.0.1:26379,10.0.0.2:26379/0#main", "rediss-sentinel://s1:26379#main"})
    void accepts_redis_rediss_and_sentinel_uris(String uri) {
        assertThat(ConfigLoader.load(Optional.empty(), Map.of(), Map.of("redis.uri", uri)).redis().uri()).isEqualTo(uri);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // URI refused | its secret | what the message says instead
        "redis://:hunter2 with space@cache:6379 | hunter2 | 'redis://***@cache:6379'",
        "redis://u:p/ss@w0rd@cache:6379 | w0rd | 'redis://***@cache:6379'",
        "http://u:s3cret@cache:6379 | s3cret | not a redis://",
        "redis-sentinel://:sentinel-pw@s1:26379 | sentinel-pw | names the master after '#'",
        "redis://:pw-in-db@cache:6379/notanumber | pw-in-db | cannot be parsed"})
    void a_refused_uri_is_shown_without_its_password(String uri, String secret, String shown) {
        ConfigException error = refused(uri);
        assertThat(error.oneLine()).contains("'redis.uri'").contains(shown).doesNotContain(secret);
    }
}
