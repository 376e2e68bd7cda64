package com.tradeul.metasync.cluster;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The per-slot offset records of a Redis Cluster ({@link SlotOffsetBook}): one hash per slot,
 * {@code metasync:offsets:{tag}:<group>}, pinned into its slot by {@link SlotTags}. Reads and
 * writes all 16,384 of them pipelined (Lettuce sends each to its slot's master). Used from one
 * thread.
 */
public final class SlotOffsetRecords implements AutoCloseable {

    private static final long TIMEOUT_SECONDS = 60;

    private final StatefulRedisClusterConnection<String, String> connection;
    private final String group;

    public SlotOffsetRecords(RedisClusterClient client, String group) {
        this.connection = com.tradeul.metasync.clients.RedisClients.connect(client);
        this.group = group;
    }

    /** The offset record of {@code slot}. */
    public static String key(String group, int slot) {
        return SlotTags.keyIn(slot, "metasync:offsets:", ":" + group);
    }

    /** The hash of {@code slot}'s rows that capture could not carry: in the slot of those rows, for the same script call. */
    public static String marksKey(String group, int slot) {
        return SlotTags.keyIn(slot, "metasync:unconvertible:", ":" + group);
    }

    /** slot → its record; a slot that holds none is missing. */
    public Map<Integer, Map<String, Long>> readAll() {
        List<RedisFuture<Map<String, String>>> replies = new ArrayList<>(SlotTags.SLOTS);
        for (int slot = 0; slot < SlotTags.SLOTS; slot++) {
            replies.add(connection.async().hgetall(key(group, slot)));
        }
        Map<Integer, Map<String, Long>> held = new HashMap<>();
        for (int slot = 0; slot < SlotTags.SLOTS; slot++) {
            Map<String, String> record = await(replies.get(slot));
            if (!record.isEmpty()) {
                Map<String, Long> offsets = new HashMap<>();
                record.forEach((field, value) -> offsets.put(field, Long.parseLong(value)));
                held.put(slot, offsets);
            }
        }
        return held;
    }

    /** Sets every slot's record of the given partitions (a replay request): a running apply notices and follows. */
    public void writeAll(Map<String, Long> offsets) {
        if (offsets.isEmpty()) {
            return;
        }
        Map<String, String> fields = new HashMap<>();
        offsets.forEach((field, offset) -> fields.put(field, Long.toString(offset)));
        List<RedisFuture<Long>> replies = new ArrayList<>(SlotTags.SLOTS);
        for (int slot = 0; slot < SlotTags.SLOTS; slot++) {
            replies.add(connection.async().hset(key(group, slot), fields));
        }
        replies.forEach(SlotOffsetRecords::await);
    }

    private static <T> T await(RedisFuture<T> reply) {
        try {
            return reply.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("no reply from the Redis Cluster within " + TIMEOUT_SECONDS + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the offset records", e);
        }
    }

    @Override
    public void close() {
        connection.close();
    }
}
