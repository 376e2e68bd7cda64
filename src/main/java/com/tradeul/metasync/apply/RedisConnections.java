package com.tradeul.metasync.apply;

import com.tradeul.metasync.config.ConfigException;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;

/** Creates the Redis client metasync uses and checks, at start, that Redis answers. */
public final class RedisConnections {

    /** Replies of a Redis that is up but refuses commands for now (Redis 7 refuses even PING under MISCONF). */
    private static final java.util.regex.Pattern REFUSING_BUT_THERE = java.util.regex.Pattern.compile("(MISCONF|OOM|READONLY|LOADING|BUSY|MASTERDOWN)");

    private RedisConnections() {}

    public static RedisClient client(String uri) {
        RedisClient client = RedisClient.create(RedisURI.create(uri));
        client.setOptions(ClientOptions.builder()
                // While disconnected, fail commands at once so apply backs off instead of queueing blindly.
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .autoReconnect(true)
                .socketOptions(SocketOptions.builder().connectTimeout(Duration.ofSeconds(5)).build())
                .timeoutOptions(TimeoutOptions.enabled(Duration.ofSeconds(30)))
                .build());
        return client;
    }

    /** @throws ConfigException naming the URI (without password) and the fix when Redis does not answer PING */
    public static void check(RedisClient client, String uri) {
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            connection.sync().ping();
        } catch (RuntimeException e) {
            String reason = ConfigException.rootMessage(e);
            if (REFUSING_BUT_THERE.matcher(reason).lookingAt()) {
                return; // Redis answers but refuses writes for now: apply waits for it, never fails to start
            }
            if (reason.contains("NOAUTH") || reason.contains("WRONGPASS")) {
                throw new ConfigException("Redis at " + redacted(uri) + " refused the credentials (" + reason + ")",
                        "put the right password in redis.uri, e.g. redis://:password@host:6379");
            }
            throw new ConfigException("couldn't connect to Redis at " + redacted(uri) + " (" + reason + ")",
                    "start Redis, or set redis.uri (METASYNC_REDIS_URI) to where it listens");
        }
    }

    /** The URI without its password, fit for logs and error messages. */
    public static String redacted(String uri) {
        return uri.replaceAll("//([^@/]*)@", "//***@");
    }
}
