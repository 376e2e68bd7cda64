package com.tradeul.metasync.clients;

import com.tradeul.metasync.config.ConfigException;
import com.tradeul.metasync.config.RedisSettings;
import io.lettuce.core.SslOptions;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Lettuce's TLS options from the {@code redis.tls.*} settings: the CA that signed Redis's
 * certificate and metasync's client certificate, both PEM. The files are read again at every
 * connection (Lettuce does), so renewed certificates are picked up without a restart; they are
 * also read once here, so a wrong file stops metasync at start naming its setting.
 */
final class RedisTls {

    private RedisTls() {}

    static SslOptions options(RedisSettings settings) {
        Optional<Path> cert = settings.tlsCertFile();
        Optional<Path> key = settings.tlsKeyFile();
        if (cert.isPresent() != key.isPresent()) {
            String given = cert.isPresent() ? RedisSettings.TLS_CERT_FILE : RedisSettings.TLS_KEY_FILE;
            String missing = cert.isPresent() ? RedisSettings.TLS_KEY_FILE : RedisSettings.TLS_CERT_FILE;
            throw new ConfigException(given + " is set but " + missing + " is not", "set both (a client certificate and its"
                    + " private key, PEM) or neither");
        }
        SslOptions.Builder builder = SslOptions.builder().jdkSslProvider();
        settings.tlsCaFile().ifPresent(ca -> {
            builder.trustManager(ca.toFile());
            readable(SslOptions.builder().jdkSslProvider().trustManager(ca.toFile()).build(), RedisSettings.TLS_CA_FILE, ca,
                    "a PEM file of the CA certificate(s) that signed Redis's certificate");
        });
        if (cert.isPresent()) {
            builder.keyManager(cert.get().toFile(), key.get().toFile(), null);
            readable(SslOptions.builder().jdkSslProvider().keyManager(cert.get().toFile(), key.get().toFile(), null).build(),
                    RedisSettings.TLS_CERT_FILE + "/" + RedisSettings.TLS_KEY_FILE, cert.get(),
                    "a PEM certificate and its unencrypted PKCS#8 PEM key (BEGIN PRIVATE KEY)");
        }
        return builder.build();
    }

    /** TLS files without a TLS URI would be ignored: say so instead of connecting in the clear. */
    static void requireTlsUri(RedisSettings settings, String where) {
        Map<String, Optional<Path>> files = new LinkedHashMap<>();
        files.put(RedisSettings.TLS_CA_FILE, settings.tlsCaFile());
        files.put(RedisSettings.TLS_CERT_FILE, settings.tlsCertFile());
        files.put(RedisSettings.TLS_KEY_FILE, settings.tlsKeyFile());
        files.forEach((name, file) -> {
            if (file.isPresent()) {
                throw new ConfigException(name + " is set but redis.uri (" + where + ") does not use TLS",
                        "use rediss:// (or rediss-sentinel://) in redis.uri, or leave out the redis.tls.* settings");
            }
        });
    }

    private static void readable(SslOptions options, String setting, Path file, String expected) {
        try {
            options.createSslContextBuilder().build();
        } catch (Exception e) {
            throw new ConfigException(setting + " (" + file + ") cannot be used: " + ConfigException.rootMessage(e),
                    "set " + setting + " to " + expected);
        }
    }
}
