package com.tradeul.metasync.apply;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.tradeul.metasync.clients.RedisClients;
import com.tradeul.metasync.cluster.SlotOffsetRecords;
import com.tradeul.metasync.cluster.SlotTags;
import io.lettuce.core.MapScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisHashAsyncCommands;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;

/**
 * The rows capture could not carry, as Redis holds them next to the data: a hash
 * {@code metasync:unconvertible:<group>} of row key → why (table, column, reason, LSN, policy, as
 * JSON), written by the fencing script in the same transaction as the rows, cleared by the row's
 * next carried change. A wiped Redis loses it and the replay from the compacted topic, whose last
 * record of such a row is the unconvertible change, writes it back. Health and verify read it. On
 * a Redis Cluster there is one such hash per slot, {@code metasync:unconvertible:{tag}:<group>},
 * written by the same script call as the slot's rows, and the reader reads them all. The reader
 * uses one connection of its own; thread safe.
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

    private static final long TIMEOUT_SECONDS = 60;

    private final RedisHashAsyncCommands<String, String> hashes;
    /** The marks hashes: one on a single Redis; on a cluster one per slot, beside the rows they mark. */
    private final List<String> keys;
    private final Runnable closer;

    private UnconvertibleMarks(RedisHashAsyncCommands<String, String> hashes, List<String> keys, Runnable closer) {
        this.hashes = hashes;
        this.keys = List.copyOf(keys);
        this.closer = closer;
    }

    public UnconvertibleMarks(RedisClient client, String group) {
        this(client.connect(), group);
    }

    private UnconvertibleMarks(StatefulRedisConnection<String, String> connection, String group) {
        this(connection.async(), List.of(key(group)), connection::close);
    }

    /** On a Redis Cluster: every slot's marks (the cluster writer keeps them in the slot of the rows they mark). */
    public static UnconvertibleMarks onCluster(RedisClusterClient client, String group) {
        StatefulRedisClusterConnection<String, String> connection = RedisClients.connect(client);
        return new UnconvertibleMarks(connection.async(), slotKeys(group), connection::close);
    }

    private static List<String> slotKeys(String group) {
        return IntStream.range(0, SlotTags.SLOTS).mapToObj(slot -> SlotOffsetRecords.marksKey(group, slot)).toList();
    }

    /** The marks of the Redis (or Redis Cluster) {@code clients} names, over a client of its own, checked at once. */
    public static UnconvertibleMarks open(RedisClients clients, String group) {
        if (clients.isCluster()) {
            RedisClusterClient client = clients.createClusterChecked();
            StatefulRedisClusterConnection<String, String> connection = RedisClients.connect(client);
                return new UnconvertibleMarks(connection.async(), slotKeys(group), () -> {
                connection.close();
                client.shutdown();
            });
        }
        RedisClient client = clients.createChecked();
        StatefulRedisConnection<String, String> connection = client.connect();
        return new UnconvertibleMarks(connection.async(), List.of(key(group)), () -> {
            connection.close();
            client.shutdown();
        });
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

    /** How many rows are marked (on a cluster the HLENs of all slots, pipelined). */
    public long count() {
        return lengths().stream().mapToLong(Long::longValue).sum();
    }

    private List<Long> lengths() {
        List<RedisFuture<Long>> replies = keys.stream().map(hashes::hlen).toList();
        return replies.stream().map(UnconvertibleMarks::await).toList();
    }

    /** Up to {@code limit} marked rows (HSCAN, so a long list never blocks Redis; on a cluster only the slots holding marks). */
    public List<Mark> list(int limit) {
        List<Mark> marks = new ArrayList<>();
        List<Long> lengths = keys.size() == 1 ? List.of(1L) : lengths();
        for (int i = 0; i < keys.size() && marks.size() < limit; i++) {
            if (lengths.get(i) > 0) {
                scan(keys.get(i), limit, marks);
            }
        }
        return marks;
    }

    private void scan(String key, int limit, List<Mark> marks) {
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            MapScanCursor<String, String> page = await(hashes.hscan(key, cursor, ScanArgs.Builder.limit(500)));
            page.getMap().forEach((row, why) -> {
                if (marks.size() < limit) {
                    marks.add(parse(row, why));
                }
            });
            cursor = page;
        } while (!cursor.isFinished() && marks.size() < limit);
    }

    private static <T> T await(RedisFuture<T> reply) {
        try {
            return reply.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("no reply from Redis within " + TIMEOUT_SECONDS + " s reading the unconvertible-row marks", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the unconvertible-row marks", e);
        }
    }

    @Override
    public void close() {
        closer.run();
    }
}
