package com.tradeul.metasync.clients;

import com.tradeul.metasync.config.ConfigException;
import com.tradeul.metasync.config.RedisSettings;
import com.tradeul.metasync.config.Secrets;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * The one place metasync builds its Redis client, and checks at start that Redis answers. The
 * client's address and options (the seam where Sentinel, TLS and Cluster go next) are set here
 * only. Thread safe; each client it returns is the caller's to shut down.
 */
public final class RedisClients {

    /** Replies of a Redis that is up but refuses commands for now (Redis 7 refuses even PING under MISCONF). */
    private static final Pattern REFUSING_BUT_THERE = Pattern.compile("(MISCONF|OOM|READONLY|LOADING|BUSY|MASTERDOWN)");

    private final RedisSettings settings;

    public RedisClients(RedisSettings settings) {
        this.settings = settings;
    }

    public RedisClient create() {
        RedisClient client = RedisClient.create(uri());
        client.setOptions(ClientOptions.builder()
                // While disconnected, fail commands at once so apply backs off instead of queueing blindly.
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .autoReconnect(true)
                .socketOptions(SocketOptions.builder().connectTimeout(Duration.ofSeconds(5)).build())
                .timeoutOptions(TimeoutOptions.enabled(Duration.ofSeconds(30)))
                .build());
        return client;
    }

    /** The configured Redis with another database selected: for tools that keep data apart from metasync's. */
    public RedisURI uri(int database) {
        RedisURI uri = uri();
        uri.setDatabase(database);
        return uri;
    }

    private RedisURI uri() {
        return RedisURI.create(settings.uri());
    }

    /** @throws ConfigException naming the Redis (without password) and the fix when it does not answer PING */
    public void check(RedisClient client) {
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            connection.sync().ping();
        } catch (RuntimeException e) {
            String reason = Secrets.redact(ConfigException.rootMessage(e));
            if (REFUSING_BUT_THERE.matcher(reason).lookingAt()) {
                return; // Redis answers but refuses writes for now: apply waits for it, never fails to start
            }
            if (reason.contains("NOAUTH") || reason.contains("WRONGPASS")) {
                throw new ConfigException("Redis at " + describe() + " refused the credentials (" + reason + ")",
                        "put the right password in redis.uri, e.g. redis://:password@host:6379");
            }
            throw new ConfigException("couldn't connect to Redis at " + describe() + " (" + reason + ")",
                    "start Redis, or set redis.uri (METASYNC_REDIS_URI) to where it listens");
        }
    }

    /** A client that answered {@link #check}; shut down again if it did not. */
    public RedisClient createChecked() {
        RedisClient client = create();
        try {
            check(client);
            return client;
        } catch (RuntimeException e) {
            client.shutdown();
            throw e;
        }
    }

    /** Where Redis is, without credentials: fit for logs and error messages. */
    public String describe() {
        return Secrets.redact(settings.uri());
    }
}
