package com.tradeul.metasync.verify;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.sync.RedisKeyCommands;

/**
 * Counts the keys matching a pattern with SCAN (never KEYS, which blocks Redis on large key spaces).
 * Given a Redis Cluster connection's commands, Lettuce's SCAN walks every master in turn.
 */
public final class KeyCounter {

    private KeyCounter() {}

    public static long count(RedisKeyCommands<String, String> redis, String pattern) {
        long count = 0;
        ScanArgs args = ScanArgs.Builder.matches(pattern).limit(1000);
        KeyScanCursor<String> cursor = redis.scan(ScanCursor.INITIAL, args);
        count += cursor.getKeys().size();
        while (!cursor.isFinished()) {
            cursor = redis.scan(cursor, args);
            count += cursor.getKeys().size();
        }
        return count;
    }
}
