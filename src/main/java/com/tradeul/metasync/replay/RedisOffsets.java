package com.tradeul.metasync.replay;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.HashMap;
import java.util.Map;

/**
 * The consumer positions Redis holds next to the data (written in the same transaction as the
 * rows, see {@link RedisWriter}): a hash {@code metasync:offsets:<group>} of {@code topic:partition}
 * → next offset. What Redis says here is what it holds: no hash after a wipe, older offsets after
 * a rollback. Also reads Redis's run_id, which changes when Redis restarts. Used from one thread.
 */
public final class RedisOffsets implements HeldOffsets, AutoCloseable {

    private final StatefulRedisConnection<String, String> connection;
    private final String key;

    public RedisOffsets(RedisClient client, String group) {
        this.connection = client.connect();
        this.key = key(group);
    }

    public static String key(String group) {
        return "metasync:offsets:" + group;
    }

    public static String field(String topic, int partition) {
        return topic + ":" + partition;
    }

    /** {@code topic:partition} → next offset; empty when Redis holds none (never written, or wiped). */
    @Override
    public Map<String, Long> read() {
        Map<String, Long> offsets = new HashMap<>();
        connection.sync().hgetall(key).forEach((field, value) -> offsets.put(field, Long.parseLong(value)));
        return offsets;
    }

    /** Sets the positions apply resumes from (replay): a running apply notices and seeks to them. */
    public void write(Map<String, Long> offsets) {
        Map<String, String> fields = new HashMap<>();
        offsets.forEach((field, offset) -> fields.put(field, Long.toString(offset)));
        if (!fields.isEmpty()) {
            connection.sync().hset(key, fields);
        }
    }

    @Override
    public String runId() {
        String info = connection.sync().info("server");
        for (String line : info.split("\r?\n")) {
            if (line.startsWith("run_id:")) {
                return line.substring("run_id:".length()).trim();
            }
        }
        return "";
    }

    @Override
    public void close() {
        connection.close();
    }
}
