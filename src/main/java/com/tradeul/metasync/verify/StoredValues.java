package com.tradeul.metasync.verify;

import com.tradeul.metasync.normalize.RowFormat;
import com.tradeul.metasync.clients.RedisKeyspace;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Reads a row's key as its table's format is read: GET for json, HGETALL for hash. */
final class StoredValues {

    private StoredValues() {}

    /** Sent at once (pipelined); a WRONGTYPE answer is a value of another type, not a failure. */
    static CompletableFuture<StoredValue> request(RedisKeyspace redis, RowFormat format, String key) {
        CompletableFuture<StoredValue> read = format == RowFormat.HASH
                ? redis.hashes().hgetall(key).toCompletableFuture().thenApply(StoredValue::ofHash)
                : redis.strings().get(key).toCompletableFuture().thenApply(StoredValue::ofJson);
        return read.exceptionally(e -> {
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            if (String.valueOf(cause.getMessage()).startsWith("WRONGTYPE")) {
                return StoredValue.ofOtherType();
            }
            throw e instanceof CompletionException c ? c : new CompletionException(e);
        });
    }
}
