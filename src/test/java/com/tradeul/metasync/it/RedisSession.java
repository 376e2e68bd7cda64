package com.tradeul.metasync.it;

import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;

/** A test's own connection to a Redis under test, reconnecting after that Redis restarted. */
final class RedisSession implements AutoCloseable {

    final RedisClient client;
    private StatefulRedisConnection<String, String> connection;

    RedisSession(String uri) {
        this(RedisClient.create(uri));
    }

    /** Over a client made elsewhere (e.g. by metasync's RedisClients, for TLS and ACL users); closing shuts it down. */
    RedisSession(RedisClient client) {
        this.client = client;
        this.connection = client.connect();
    }

    RedisCommands<String, String> sync() {
        if (!connection.isOpen()) {
            connection = client.connect();
        }
        return connection.sync();
    }

    /**
     * SAVE, once the BGSAVE in progress has ended: metasync's persistence guard starts its own now
     * and then, and Redis refuses SAVE meanwhile ({@code ERR Background save already in progress}),
     * the more often the slower the machine.
     */
    void saveNow() {
        await("SAVE, after the BGSAVE in progress").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .ignoreExceptionsMatching(e -> String.valueOf(e.getMessage()).contains("Background save already in progress"))
                .until(() -> "OK".equals(sync().save()));
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown();
    }
}
