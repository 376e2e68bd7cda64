package com.tradeul.metasync.it;

import com.tradeul.metasync.clients.RedisClients;
import com.tradeul.metasync.config.ConfigLoader;
import com.tradeul.metasync.devtools.local.Certificates;
import com.tradeul.metasync.devtools.local.LocalRedis;
import com.tradeul.metasync.devtools.local.LocalRedisAcl;
import com.tradeul.metasync.devtools.local.LocalRedisTls;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A Redis of a test class's own, set up as production is: ACL users with the default user off,
 * and optionally TLS only with client certificates required. metasync logs in as {@link #USER};
 * the test's own session as the admin. Passwords are new each run, so a test can look for them
 * in everything metasync printed. Closing stops the server.
 */
final class SecuredRedis implements AutoCloseable {

    static final String USER = "metasync";

    final Path dir;
    final LocalRedis server;
    final Certificates ca;
    final Certificates.Issued client;
    final String password = "redis-pw-" + UUID.randomUUID();
    final String adminPassword = "redis-admin-" + UUID.randomUUID();
    final Path passwordFile;
    final RedisSession admin;

    private SecuredRedis(Path dir, boolean tls, String rules, List<String> args) throws IOException {
        this.dir = dir;
        this.ca = tls ? Certificates.authority(dir.resolve("certs"), "redis") : null;
        this.client = tls ? ca.client(USER) : null;
        LocalRedisAcl acl = LocalRedisAcl.defaultUserOff(new LocalRedisAcl.User("admin", adminPassword, ""),
                new LocalRedisAcl.User(USER, password, rules));
        var builder = LocalRedis.builder(dir.resolve("redis")).acl(acl).extraArgs(args);
        if (tls) {
            builder.tls(LocalRedisTls.issuedBy(ca, "redis-server", LocalRedisTls.ClientCertificates.REQUIRED));
        }
        this.server = builder.start();
        this.passwordFile = Files.writeString(dir.resolve("redis-password"), password + "\n");
        this.admin = new RedisSession(new RedisClients(ConfigLoader.load(Optional.empty(), Map.of(), settings("admin", adminPassword))
                .redis()).create());
    }

    /** TLS only (client certificates required), ACL users, default user off. */
    static SecuredRedis tlsWithAcl(TestServices services, String rules, String... args) {
        return start(services, true, rules, args);
    }

    /** ACL users, default user off, no TLS. */
    static SecuredRedis aclOnly(TestServices services, String rules, String... args) {
        return start(services, false, rules, args);
    }

    private static SecuredRedis start(TestServices services, boolean tls, String rules, String... args) {
        try {
            return new SecuredRedis(Files.createTempDirectory(services.root, "secured-redis-"), tls, rules, List.of(args));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** metasync's Redis settings, without the password (give it as METASYNC_REDIS_PASSWORD_FILE, see {@link #passwordFile}). */
    Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("redis.uri", server.uri());
        settings.put("redis.user", USER);
        if (ca != null) {
            settings.put("redis.tls.ca-file", ca.caCertificate().toString());
            settings.put("redis.tls.cert-file", client.certificate().toString());
            settings.put("redis.tls.key-file", client.privateKey().toString());
        }
        return settings;
    }

    /** The environment that hands metasync its password as production does: a mounted file. */
    Map<String, String> environment() {
        return Map.of("METASYNC_REDIS_PASSWORD_FILE", passwordFile.toString());
    }

    private Map<String, String> settings(String user, String userPassword) {
        Map<String, String> settings = settings();
        settings.put("redis.user", user);
        settings.put("redis.password", userPassword);
        if (ca != null) {
            settings.put("redis.tls.cert-file", server.tls().control().certificate().toString());
            settings.put("redis.tls.key-file", server.tls().control().privateKey().toString());
        }
        return settings;
    }

    @Override
    public void close() {
        admin.close();
        server.close();
    }
}
