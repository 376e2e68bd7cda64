package com.tradeul.metasync.replay;

import com.tradeul.metasync.apply.FenceKeys;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import com.tradeul.metasync.clients.MasterByMasterScan;
import com.tradeul.metasync.clients.RedisClients;
import com.tradeul.metasync.clients.RedisKeyspace;

/**
 * Clears a table's keys and their fences before a rebuild from the topic alone: SCAN + UNLINK in
 * pages, never FLUSHALL (other data may share the Redis), never KEYS (it blocks Redis).
 */
public final class TableKeys {

    private TableKeys() {}

    /** @return how many row keys were removed (their fences are removed too, and not counted) */
    public static long clear(RedisClient client, String rowPattern) {
        long removed = unlink(client, rowPattern);
        FenceKeys.patternsFor(rowPattern).forEach(fences -> unlink(client, fences));
        return removed;
    }

    /** {@link #clear(RedisClient, String)} on a Redis Cluster: every master that serves slots is scanned. */
    public static long clear(RedisClusterClient client, String rowPattern) {
        try (StatefulRedisClusterConnection<String, String> connection = RedisClients.connect(client)) {
            MasterByMasterScan<String> scan = new MasterByMasterScan<>(connection);
            long removed = unlink(scan::page, connection.sync()::unlink, rowPattern);
            for (String fences : FenceKeys.patternsFor(rowPattern)) {
                unlink(scan::page, connection.sync()::unlink, fences);
            }
            return removed;
        }
    }

    private static long unlink(RedisKeyspace.Scan scan, java.util.function.Function<String[], Long> unlink, String pattern) {
        long removed = 0;
        ScanArgs args = ScanArgs.Builder.matches(pattern).limit(1000);
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<String> page = scan.page(cursor, args);
            if (!page.getKeys().isEmpty()) {
                removed += unlink.apply(page.getKeys().toArray(String[]::new)); // split by slot on a cluster (Lettuce)
            }
            cursor = page;
        } while (!cursor.isFinished());
        return removed;
    }

    private static long unlink(RedisClient client, String pattern) {
        long removed = 0;
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisCommands<String, String> redis = connection.sync();
            ScanArgs args = ScanArgs.Builder.matches(pattern).limit(1000);
            ScanCursor cursor = ScanCursor.INITIAL;
            do {
                KeyScanCursor<String> page = redis.scan(cursor, args);
                if (!page.getKeys().isEmpty()) {
                    removed += redis.unlink(page.getKeys().toArray(String[]::new));
                }
                cursor = page;
            } while (!cursor.isFinished());
        }
        return removed;
    }
}
