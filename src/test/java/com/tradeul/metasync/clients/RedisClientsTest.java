package com.tradeul.metasync.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tradeul.metasync.config.ConfigException;
import com.tradeul.metasync.config.ConfigLoader;
import com.tradeul.metasync.config.RedisSettings;
import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslVerifyMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the redis.* settings become Lettuce's URI: credentials, Sentinel, TLS verification; no server needed. */
class RedisClientsTest {

    private static RedisClients clients(Map<String, String> settings) {
        return new RedisClients(redis(settings));
    }

    private static RedisSettings redis(Map<String, String> settings) {
        return ConfigLoader.load(Optional.empty(), Map.of(), settings).redis();
    }

    private static RedisCredentials credentials(RedisURI uri) {
        return uri.getCredentialsProvider().resolveCredentials().block();
    }

    @Test
    void redis_user_and_password_override_the_credentials_in_the_uri() {
        RedisURI uri = clients(Map.of("redis.uri", "redis://olduser:oldpass@cache:6379/2", "redis.user", "metasync",
                "redis.password", "new secret")).uri(2);
        assertThat(credentials(uri).getUsername()).isEqualTo("metasync");
        assertThat(new String(credentials(uri).getPassword())).isEqualTo("new secret");
        assertThat(uri.toString()).doesNotContain("new secret").doesNotContain("oldpass");
    }

    @Test
    void a_password_alone_keeps_the_uri_user_and_without_settings_the_uri_credentials_stand() {
        RedisURI passwordOnly = clients(Map.of("redis.uri", "redis://app:old@cache:6379", "redis.password", "new")).uri(0);
        assertThat(credentials(passwordOnly).getUsername()).isEqualTo("app");
        assertThat(new String(credentials(passwordOnly).getPassword())).isEqualTo("new");
        RedisURI fromUri = clients(Map.of("redis.uri", "redis://app:old@cache:6379")).uri(0);
        assertThat(new String(credentials(fromUri).getPassword())).isEqualTo("old");
        assertThat(clients(Map.of("redis.uri", "redis://cache:6379")).user()).isEqualTo("default");
    }

    @Test
    void a_sentinel_uri_names_the_sentinels_and_the_master_and_rediss_sentinel_uses_tls_with_the_verify_mode() {
        RedisURI uri = clients(Map.of("redis.uri", "rediss-sentinel://10.0.0.1:26379,10.0.0.2:26380/0#main",
                "redis.tls.verify", "ca")).uri(0);
        assertThat(uri.getSentinelMasterId()).isEqualTo("main");
        assertThat(uri.getSentinels()).extracting(RedisURI::getPort).containsExactly(26379, 26380);
        assertThat(uri.getSentinels()).allSatisfy(s -> assertThat(s.isSsl()).isTrue());
        assertThat(uri.getVerifyMode()).isEqualTo(SslVerifyMode.CA);
    }

    @Test
    void tls_files_need_a_tls_uri_and_a_certificate_needs_its_key(@TempDir Path dir) throws Exception {
        Path pem = Files.writeString(dir.resolve("x.pem"), "not a certificate");
        assertThatThrownBy(() -> clients(Map.of("redis.uri", "redis://cache:6379", "redis.tls.ca-file", pem.toString())).create())
                .isInstanceOf(ConfigException.class).hasMessageContaining("redis.tls.ca-file is set but redis.uri")
                .extracting(e -> ((ConfigException) e).fix()).asString().contains("rediss://");
        assertThatThrownBy(() -> clients(Map.of("redis.uri", "rediss://cache:6379", "redis.tls.cert-file", pem.toString())).create())
                .isInstanceOf(ConfigException.class).hasMessageContaining("redis.tls.cert-file is set but redis.tls.key-file is not");
        assertThatThrownBy(() -> clients(Map.of("redis.uri", "rediss://cache:6379", "redis.tls.ca-file", pem.toString())).create())
                .isInstanceOf(ConfigException.class).hasMessageContaining("redis.tls.ca-file (" + pem + ") cannot be used")
                .extracting(e -> ((ConfigException) e).fix()).asString().contains("PEM");
    }

    @Test
    void cluster_seeds_each_get_the_login_of_the_settings() {
        RedisClients clients = clients(Map.of("redis.uri", "redis://app:old@10.0.0.1:7000,10.0.0.2:7001,10.0.0.3:7002",
                "redis.mode", "cluster", "redis.password", "new"));
        assertThat(clients.seeds()).extracting(RedisURI::getPort).containsExactly(7000, 7001, 7002);
        assertThat(clients.seeds()).allSatisfy(seed -> {
            assertThat(credentials(seed).getUsername()).isEqualTo("app");
            assertThat(new String(credentials(seed).getPassword())).isEqualTo("new");
        });
        assertThat(clients.describe()).doesNotContain("old").doesNotContain("new");
        assertThat(clients.isCluster()).isTrue();
        clients.createCluster().shutdown();
    }

    @Test
    void a_mode_that_does_not_fit_the_uri_names_redis_mode_and_the_fix() {
        assertThatThrownBy(() -> clients(Map.of("redis.uri", "redis://10.0.0.1:7000,10.0.0.2:7001")).create())
                .isInstanceOf(ConfigException.class).hasMessageContaining("redis.uri lists 2 nodes but redis.mode is standalone")
                .extracting(e -> ((ConfigException) e).fix()).asString().contains("redis.mode=cluster");
        assertThatThrownBy(() -> clients(Map.of("redis.uri", "redis-sentinel://10.0.0.1:26379#main", "redis.mode", "cluster")).createCluster())
                .isInstanceOf(ConfigException.class).hasMessageContaining("Sentinel URI but redis.mode is cluster")
                .extracting(e -> ((ConfigException) e).fix()).asString().contains("redis.mode=standalone");
        assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of(), Map.of("redis.mode", "sharded")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("redis.mode");
    }
}
