package com.tradeul.metasync.apply;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
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
 * Writes batches with one pipelined round trip: commands are queued with auto-flush off and sent
 * together. This connection is used for nothing else, since auto-flush off holds back every
 * command on it (see STACK.md).
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
    public void write(List<RedisWrite> writes) {
        if (writes.isEmpty()) {
            return;
        }
        List<RedisFuture<?>> replies = new ArrayList<>(writes.size());
        for (RedisWrite write : writes) {
            if (write instanceof RedisWrite.Upsert upsert) {
                replies.add(commands.set(upsert.key(), upsert.json()));
            } else {
                replies.add(commands.del(write.key()));
            }
        }
        connection.flushCommands();
        awaitAll(replies);
    }

    private static void awaitAll(List<RedisFuture<?>> replies) {
        long deadline = System.nanoTime() + BATCH_TIMEOUT.toNanos();
        for (RedisFuture<?> reply : replies) {
            try {
                reply.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (ExecutionException e) {
                throw new RedisRefusedException(e.getCause().getMessage(), e.getCause());
            } catch (TimeoutException e) {
                throw new RedisRefusedException("no reply from Redis within " + BATCH_TIMEOUT.toSeconds() + " s", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RedisRefusedException("interrupted while waiting for Redis", e);
            }
        }
    }

    @Override
    public void close() {
        connection.close();
    }
}
