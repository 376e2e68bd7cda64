package com.tradeul.metasync.apply;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.TransactionResult;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Writes batches pipelined in MULTI/EXEC: the rows, each through the fencing script, and the
 * consumer's next offsets, applied by Redis all at once. This connection is used for nothing else,
 * since auto-flush off holds back every command on it (see STACK.md). A batch runs in segments
 * split at {@link RedisWrite.DeleteMatching}, which needs round trips of its own (SCAN); merges
 * read their current values just before their segment's transaction.
 */
public final class LettuceRedisWriter implements RedisWriter {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final byte[] SET = "set".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DEL = "del".getBytes(StandardCharsets.US_ASCII);

    private final StatefulRedisConnection<String, byte[]> connection;
    private final RedisAsyncCommands<String, byte[]> commands;
    private final String offsetsKey;
    private final byte[] script = loadScript();
    private String scriptSha;

    public LettuceRedisWriter(RedisClient client, String offsetsKey) {
        this.connection = client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
        this.connection.setAutoFlushCommands(false);
        this.commands = connection.async();
        this.offsetsKey = offsetsKey;
    }

    @Override
    public Result write(List<RedisWrite> writes, Map<String, Long> nextOffsets) {
        ensureScript();
        List<BatchPlan.PoisonRecord> poison = new ArrayList<>();
        long fenced = 0;
        List<RedisWrite> segment = new ArrayList<>();
        for (RedisWrite write : writes) {
            if (write instanceof RedisWrite.DeleteMatching deleteAll) {
                fenced += writeSegment(segment, Map.of(), poison);
                segment.clear();
                deleteMatching(deleteAll.key());
                FenceKeys.patternsFor(deleteAll.key()).forEach(this::deleteMatching);
            } else {
                segment.add(write);
            }
        }
        fenced += writeSegment(segment, nextOffsets, poison);
        return new Result(poison, fenced);
    }

    /** @return how many writes the fence skipped */
    private long writeSegment(List<RedisWrite> writes, Map<String, Long> offsets, List<BatchPlan.PoisonRecord> poison) {
        if (writes.isEmpty() && offsets.isEmpty()) {
            return 0;
        }
        Map<String, byte[]> completed = completeMerges(writes, poison);
        RedisFuture<String> begin = commands.multi();
        List<RedisFuture<Long>> scripted = new ArrayList<>();
        for (RedisWrite write : writes) {
            byte[] json = write instanceof RedisWrite.Upsert u ? u.json() : completed.get(write.key());
            if (write instanceof RedisWrite.Merge && json == null) {
                continue; // dead-lettered: nothing to keep its unchanged columns from
            }
            scripted.add(fencedWrite(write, json));
        }
        if (!offsets.isEmpty()) {
            Map<String, byte[]> fields = new LinkedHashMap<>();
            offsets.forEach((partition, next) -> fields.put(partition, Long.toString(next).getBytes(StandardCharsets.US_ASCII)));
            commands.hset(offsetsKey, fields);
        }
        RedisFuture<TransactionResult> exec = commands.exec();
        connection.flushCommands();
        await(begin);
        TransactionResult result = await(exec);
        if (result.wasDiscarded()) {
            throw new RedisRefusedException("Redis discarded the transaction", null);
        }
        for (Object reply : result) {
            if (reply instanceof Exception e) {
                throw refused(e);
            }
        }
        return scripted.stream().filter(f -> Long.valueOf(0L).equals(f.toCompletableFuture().getNow(-1L))).count();
    }

    private RedisFuture<Long> fencedWrite(RedisWrite write, byte[] json) {
        String[] keys = {write.key(), FenceKeys.of(write.key())};
        byte[] position = write.position() == RedisWrite.UNFENCED ? new byte[0]
                : FenceKeys.position(write.position()).getBytes(StandardCharsets.US_ASCII);
        return json == null
                ? commands.evalsha(scriptSha, ScriptOutputType.INTEGER, keys, position, DEL)
                : commands.evalsha(scriptSha, ScriptOutputType.INTEGER, keys, position, SET, json);
    }

    private Map<String, byte[]> completeMerges(List<RedisWrite> writes, List<BatchPlan.PoisonRecord> poison) {
        Map<String, RedisFuture<byte[]>> reads = new LinkedHashMap<>();
        for (RedisWrite write : writes) {
            if (write instanceof RedisWrite.Merge partial) {
                reads.put(partial.key(), commands.get(partial.key()));
            }
        }
        Map<String, byte[]> completed = new LinkedHashMap<>();
        if (reads.isEmpty()) {
            return completed;
        }
        connection.flushCommands();
        for (RedisWrite write : writes) {
            if (write instanceof RedisWrite.Merge partial) {
                byte[] json = ToastCompletion.complete(partial, await(reads.get(partial.key())), poison);
                if (json != null) {
                    completed.put(partial.key(), json);
                }
            }
        }
        return completed;
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

    private void ensureScript() {
        if (scriptSha == null) {
            RedisFuture<String> load = commands.scriptLoad(script);
            connection.flushCommands();
            scriptSha = await(load);
        }
    }

    private RedisRefusedException refused(Throwable e) {
        if (String.valueOf(e.getMessage()).contains("NOSCRIPT")) {
            scriptSha = null; // Redis restarted and forgot the script: load it again on the retry
        }
        return new RedisRefusedException(e.getMessage(), e);
    }

    private <T> T await(RedisFuture<T> reply) {
        try {
            return reply.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw refused(e.getCause());
        } catch (TimeoutException e) {
            throw new RedisRefusedException("no reply from Redis within " + TIMEOUT.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RedisRefusedException("interrupted while waiting for Redis", e);
        }
    }

    private static byte[] loadScript() {
        try (InputStream in = LettuceRedisWriter.class.getResourceAsStream("/redis/fenced-write.lua")) {
            return in.readAllBytes();
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("missing resource /redis/fenced-write.lua", e);
        }
    }

    @Override
    public void close() {
        connection.close();
    }
}
