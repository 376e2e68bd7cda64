package com.tradeul.metasync.apply;

import com.tradeul.metasync.normalize.RowMerger;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Writes batches with pipelining: commands are queued with auto-flush off and sent together. This
 * connection is used for nothing else, since auto-flush off holds back every command on it (see
 * STACK.md). A batch runs in segments split at {@link RedisWrite.DeleteMatching}, which needs
 * round trips of its own (SCAN); merges read their current values at the start of their segment.
 */
public final class LettuceRedisWriter implements RedisWriter {

    private static final Duration BATCH_TIMEOUT = Duration.ofSeconds(30);

    private final StatefulRedisConnection<String, byte[]> connection;
    private final RedisAsyncCommands<String, byte[]> commands;

    public LettuceRedisWriter(RedisClient client) {
        this.connection = client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
        this.connection.setAutoFlushCommands(false);
        this.commands = connection.async();
    }

    @Override
    public List<BatchPlan.PoisonRecord> write(List<RedisWrite> writes) {
        List<BatchPlan.PoisonRecord> poison = new ArrayList<>();
        List<RedisWrite> segment = new ArrayList<>();
        for (RedisWrite write : writes) {
            if (write instanceof RedisWrite.DeleteMatching deleteAll) {
                writeSegment(segment, poison);
                segment.clear();
                deleteMatching(deleteAll.key());
            } else {
                segment.add(write);
            }
        }
        writeSegment(segment, poison);
        return poison;
    }

    private void writeSegment(List<RedisWrite> writes, List<BatchPlan.PoisonRecord> poison) {
        if (writes.isEmpty()) {
            return;
        }
        List<RedisFuture<byte[]>> currentValues = readMergeSources(writes);
        List<RedisFuture<?>> replies = new ArrayList<>(writes.size());
        int merge = 0;
        for (RedisWrite write : writes) {
            if (write instanceof RedisWrite.Upsert upsert) {
                replies.add(commands.set(upsert.key(), upsert.json()));
            } else if (write instanceof RedisWrite.Merge partial) {
                byte[] completed = complete(partial, await(currentValues.get(merge++)), poison);
                if (completed != null) {
                    replies.add(commands.set(partial.key(), completed));
                }
            } else {
                replies.add(commands.del(write.key()));
            }
        }
        connection.flushCommands();
        awaitAll(replies);
    }

    private List<RedisFuture<byte[]>> readMergeSources(List<RedisWrite> writes) {
        List<RedisFuture<byte[]>> reads = new ArrayList<>();
        for (RedisWrite write : writes) {
            if (write instanceof RedisWrite.Merge partial) {
                reads.add(commands.get(partial.key()));
            }
        }
        if (!reads.isEmpty()) {
            connection.flushCommands();
        }
        return reads;
    }

    private static byte[] complete(RedisWrite.Merge partial, byte[] current, List<BatchPlan.PoisonRecord> poison) {
        String fix = "; set REPLICA IDENTITY FULL on the table so PostgreSQL sends every column";
        if (current == null) {
            poison.add(new BatchPlan.PoisonRecord(partial.source(), "unchanged TOAST columns " + partial.unchangedColumns()
                    + " were not sent and key " + partial.key() + " has no current value in Redis to keep them from" + fix));
            return null;
        }
        try {
            RowMerger.Result completed = RowMerger.complete(partial.partialJson(), current, partial.unchangedColumns());
            if (completed.missing().isEmpty()) {
                return completed.json();
            }
            poison.add(new BatchPlan.PoisonRecord(partial.source(), "unchanged TOAST columns " + completed.missing()
                    + " were not sent and the current value of " + partial.key() + " lacks them" + fix));
        } catch (IllegalArgumentException e) {
            poison.add(new BatchPlan.PoisonRecord(partial.source(), "cannot keep unchanged TOAST columns: " + e.getMessage()));
        }
        return null;
    }

    private void deleteMatching(String pattern) {
        ScanArgs args = ScanArgs.Builder.matches(pattern).limit(1000);
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            RedisFuture<KeyScanCursor<String>> scan = commands.scan(cursor, args);
            connection.flushCommands();
            KeyScanCursor<String> page = await(scan);
            if (!page.getKeys().isEmpty()) {
                RedisFuture<Long> unlink = commands.unlink(page.getKeys().toArray(String[]::new));
                connection.flushCommands();
                await(unlink);
            }
            cursor = page;
        } while (!cursor.isFinished());
    }

    private static <T> T await(RedisFuture<T> reply) {
        try {
            return reply.get(BATCH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new RedisRefusedException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new RedisRefusedException("no reply from Redis within " + BATCH_TIMEOUT.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RedisRefusedException("interrupted while waiting for Redis", e);
        }
    }

    private static void awaitAll(List<RedisFuture<?>> replies) {
        for (RedisFuture<?> reply : replies) {
            await(reply);
        }
    }

    @Override
    public void close() {
        connection.close();
    }
}
