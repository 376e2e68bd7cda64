package com.tradeul.metasync.replay;

import com.tradeul.metasync.apply.FenceKeys;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

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
