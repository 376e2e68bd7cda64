package com.tradeul.metasync.apply;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lettuce.core.MapScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.ArrayList;
import java.util.List;

/**
 * The rows capture could not carry, as Redis holds them next to the data: a hash
 * {@code metasync:unconvertible:<group>} of row key → why (table, column, reason, LSN, policy, as
 * JSON), written by the fencing script in the same transaction as the rows, cleared by the row's
 * next carried change. A wiped Redis loses it and the replay from the compacted topic, whose last
 * record of such a row is the unconvertible change, writes it back. Health and verify read it.
 * The reader uses one connection of its own; thread safe.
 */
public final class UnconvertibleMarks implements AutoCloseable {

    /** One marked row. */
    public record Mark(String key, String table, String column, String reason, long lsn) {
        /** {@code public.t key k:1 (column c: reason)}. */
        public String describe() {
            return table + " key " + key + " (column " + column + ": " + reason + ")";
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final StatefulRedisConnection<String, String> connection;
    private final String key;

    public UnconvertibleMarks(RedisClient client, String group) {
        this.connection = client.connect();
        this.key = key(group);
    }

    public static String key(String group) {
        return "metasync:unconvertible:" + group;
    }

    /** The mark the fencing script stores for a row. Pure. */
    static byte[] mark(String table, String column, String reason, long lsn, boolean deleted) {
        ObjectNode mark = JSON.createObjectNode().put("table", table).put("column", column).put("reason", reason).put("lsn", lsn)
                .put("policy", deleted ? "delete" : "keep");
        try {
            return JSON.writeValueAsBytes(mark);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads a stored mark back; a field that is not one metasync wrote still says which key it is. Pure. */
    static Mark parse(String key, String json) {
        try {
            JsonNode node = JSON.readTree(json);
            return new Mark(key, node.path("table").asText("?"), node.path("column").asText("?"), node.path("reason").asText("?"),
                    node.path("lsn").asLong(0));
        } catch (JsonProcessingException e) {
            return new Mark(key, "?", "?", "unreadable mark: " + json, 0);
        }
    }

    /** How many rows are marked. */
    public long count() {
        return connection.sync().hlen(key);
    }

    /** Up to {@code limit} marked rows (HSCAN, so a long list never blocks Redis). */
    public List<Mark> list(int limit) {
        List<Mark> marks = new ArrayList<>();
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            MapScanCursor<String, String> page = connection.sync().hscan(key, cursor, ScanArgs.Builder.limit(500));
            page.getMap().forEach((row, why) -> {
                if (marks.size() < limit) {
                    marks.add(parse(row, why));
                }
            });
            cursor = page;
        } while (!cursor.isFinished() && marks.size() < limit);
        return marks;
    }

    @Override
    public void close() {
        connection.close();
    }
}
