package com.tradeul.metasync.cli;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

/** Deletes the keys matching a pattern with SCAN + UNLINK in pages: never FLUSHALL, never KEYS. */
final class KeyCleaner {

    private KeyCleaner() {}

    static long unlink(RedisClient client, String pattern) {
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
