package com.tradeul.metasync.clients;

import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisKeyAsyncCommands;
import io.lettuce.core.api.async.RedisStringAsyncCommands;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;

/**
 * The commands that read and scan the copy, the same on one Redis and on a Redis Cluster (where
 * Lettuce sends each key's command to its slot's master and SCAN walks every master in turn): what
 * verify and the key counts need, so they work on both. Lettuce's standalone and cluster command
 * interfaces share these parts but no common type holding them all. Thread safe as Lettuce's
 * connections are; closing closes what {@code owner} holds (nothing when the caller keeps the connection).
 */
public record RedisKeyspace(RedisStringAsyncCommands<String, byte[]> strings, RedisKeyAsyncCommands<String, byte[]> keys,
                            AutoCloseable owner) implements AutoCloseable {

    /** Over a connection the caller keeps and closes. */
    public static RedisKeyspace of(StatefulRedisConnection<String, byte[]> connection) {
        return new RedisKeyspace(connection.async(), connection.async(), () -> { });
    }

    /** Over a cluster connection the caller keeps and closes. */
    public static RedisKeyspace of(StatefulRedisClusterConnection<String, byte[]> connection) {
        return new RedisKeyspace(connection.async(), connection.async(), () -> { });
    }

    @Override
    public void close() {
        try {
            owner.close();
        } catch (Exception e) {
            throw new IllegalStateException("closing the Redis connection failed: " + e.getMessage(), e);
        }
    }
}
