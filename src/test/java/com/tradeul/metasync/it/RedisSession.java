package com.tradeul.metasync.it;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

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

    @Override
    public void close() {
        connection.close();
        client.shutdown();
    }
}
