package com.tradeul.metasync.apply;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The keys and arguments of metasync's two Redis scripts, built from a batch: {@code fenced-writes.lua}
 * (each row with its fence key, position and SET/DEL or mark, then the hash of marked rows) and
 * {@code advance-offsets.lua} (each partition's expected and next offset). Pure and thread safe.
 */
final class ScriptArguments {

    private static final byte[] SET = "set".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DEL = "del".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MARK_DEL = "mark-del".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MARK_KEEP = "mark-keep".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HASH = "hash".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EMPTY = new byte[0];

    /** One EVALSHA's keys and arguments. */
    record Call(String[] keys, byte[][] args) {
        boolean isEmpty() {
            return keys.length <= 1; // the marks hash alone: no row
        }
    }

    private ScriptArguments() {}

    /**
     * KEYS: row key, fence key per write, then {@code marksKey}; ARGV: position (empty when
     * unfenced), {@code set}/{@code del}/{@code mark-del}/{@code mark-keep}/{@code hash}, the row's JSON (the
     * mark for a mark, empty for a delete, the {@link HashPayload} for a hash) per write.
     *
     * @param completed merges' full rows; a merge missing here was dead-lettered and is left out
     * @param marksKey the hash of rows capture could not carry
     */
    static Call fencedWrites(List<RedisWrite> writes, Map<String, byte[]> completed, String marksKey) {
        List<String> keys = new ArrayList<>(2 * writes.size());
        List<byte[]> args = new ArrayList<>(3 * writes.size());
        for (RedisWrite write : writes) {
            if (write instanceof RedisWrite.Unconvertible marked) {
                keys.add(marked.key());
                keys.add(FenceKeys.of(marked.key()));
                args.add(FenceKeys.position(marked.position()).getBytes(StandardCharsets.US_ASCII));
                args.add(marked.deleteRow() ? MARK_DEL : MARK_KEEP);
                args.add(marked.mark());
                continue;
            }
            if (write instanceof RedisWrite.HashUpsert hash) {
                keys.add(hash.key());
                keys.add(FenceKeys.of(hash.key()));
                args.add(position(hash));
                args.add(HASH);
                args.add(HashPayload.encode(hash.fields(), hash.keptFields()));
                continue;
            }
            byte[] json = write instanceof RedisWrite.Upsert u ? u.json() : completed.get(write.key());
            if (write instanceof RedisWrite.Merge && json == null) {
                continue; // dead-lettered: nothing to keep its unchanged columns from
            }
            keys.add(write.key());
            keys.add(FenceKeys.of(write.key()));
            args.add(write.position() == RedisWrite.UNFENCED ? EMPTY : FenceKeys.position(write.position()).getBytes(StandardCharsets.US_ASCII));
            args.add(json == null ? DEL : SET);
            args.add(json == null ? EMPTY : json);
        }
        keys.add(marksKey);
        return new Call(keys.toArray(String[]::new), args.toArray(byte[][]::new));
    }

    private static byte[] position(RedisWrite write) {
        return write.position() == RedisWrite.UNFENCED ? EMPTY : FenceKeys.position(write.position()).getBytes(StandardCharsets.US_ASCII);
    }

    /** ARGV: field, expected offset (empty: none expected), next offset (empty: forget the field), per partition. */
    static byte[][] advance(Map<String, OffsetAdvance> offsets) {
        List<byte[]> args = new ArrayList<>();
        offsets.forEach((field, move) -> {
            args.add(field.getBytes(StandardCharsets.US_ASCII));
            args.add(move.expected() == null ? EMPTY : Long.toString(move.expected()).getBytes(StandardCharsets.US_ASCII));
            args.add(move.forgets() ? EMPTY : Long.toString(move.next()).getBytes(StandardCharsets.US_ASCII));
        });
        return args.toArray(byte[][]::new);
    }

    /**
     * A script that compares fence positions, with {@code fence-order.lua} (its {@code
     * comparePositions}) prepended: the one definition of how a fence is read.
     */
    static byte[] fencingScript(String resource) {
        byte[] order = loadScript("/redis/fence-order.lua");
        byte[] body = loadScript(resource);
        byte[] script = java.util.Arrays.copyOf(order, order.length + 1 + body.length);
        script[order.length] = '\n';
        System.arraycopy(body, 0, script, order.length + 1, body.length);
        return script;
    }

    static byte[] loadScript(String resource) {
        try (InputStream in = ScriptArguments.class.getResourceAsStream(resource)) {
            return in.readAllBytes();
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("missing resource " + resource, e);
        }
    }
}
