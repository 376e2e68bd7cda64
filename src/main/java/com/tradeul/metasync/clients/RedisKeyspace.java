package com.tradeul.metasync.clients;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisHashAsyncCommands;
import io.lettuce.core.api.async.RedisStringAsyncCommands;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;

/**
 * The commands that read and scan the copy, the same on one Redis and on a Redis Cluster (where
 * Lettuce sends each key's command to its slot's master, and SCAN walks every master serving slots
 * in turn, {@link MasterByMasterScan}): what verify needs, so it works on both. Lettuce's standalone
 * and cluster command interfaces share these parts but no common type holding them. Thread safe as
 * Lettuce's connections are; closing closes what {@code owner} holds (nothing when the caller keeps
 * the connection).
 */
public record RedisKeyspace(RedisStringAsyncCommands<String, byte[]> strings, RedisHashAsyncCommands<String, byte[]> hashes,
                            Scan scan, AutoCloseable owner) implements AutoCloseable {

    /** One page of SCAN; the returned cursor continues it. */
    @FunctionalInterface
    public interface Scan {
        KeyScanCursor<String> page(ScanCursor cursor, ScanArgs args);
    }

    /** Over a connection the caller keeps and closes. */
    public static RedisKeyspace of(StatefulRedisConnection<String, byte[]> connection) {
        return new RedisKeyspace(connection.async(), connection.async(), (cursor, args) -> connection.sync().scan(cursor, args), () -> { });
    }

    /** Over a cluster connection the caller keeps and closes. */
    public static RedisKeyspace of(StatefulRedisClusterConnection<String, byte[]> connection) {
        return new RedisKeyspace(connection.async(), connection.async(), new MasterByMasterScan<>(connection)::page, () -> { });
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
