package com.tradeul.metasync.config;

import static org.apache.kafka.common.config.ConfigDef.Importance.HIGH;
import static org.apache.kafka.common.config.ConfigDef.Type.STRING;

import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;

/** The Redis metasync keeps the copy in. */
public final class RedisSettings extends SettingsGroup {

    public static final String URI = "redis.uri";

    public static final Definition DEFINITION = new Definition("Redis", new ConfigDef()
            .define(URI, STRING, "redis://127.0.0.1:6379",
                    Expect.parsedBy(RedisSettings::checkUri, "a Redis URI such as redis://127.0.0.1:6379 or redis://:password@host:6379/0"),
                    HIGH, "Redis URI, e.g. redis://:password@host:6379/0 or rediss:// for TLS."));

    RedisSettings(Map<String, Object> values) {
        super(values);
    }

    private static void checkUri(String value) {
        // Lettuce's own parser: it accepts what Lettuce can connect to, e.g. host names with '_'.
        io.lettuce.core.RedisURI.create(value);
        if (!value.startsWith("redis://") && !value.startsWith("rediss://")) {
            throw new IllegalArgumentException("not a redis:// or rediss:// URI");
        }
    }

    /** May hold a password: print {@code RedisClients.redacted(uri)}, never this. */
    public String uri() {
        return string(URI);
    }
}
