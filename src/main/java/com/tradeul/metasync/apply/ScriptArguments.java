package com.tradeul.metasync.apply;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The keys and arguments of metasync's two Redis scripts, built from a batch: {@code fenced-writes.lua}
 * (each row with its fence key, position and SET/DEL) and {@code advance-offsets.lua} (each
 * partition's expected and next offset). Pure and thread safe.
 */
final class ScriptArguments {

    private static final byte[] SET = "set".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DEL = "del".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EMPTY = new byte[0];

    /** One EVALSHA's keys and arguments. */
    record Call(String[] keys, byte[][] args) {
        boolean isEmpty() {
            return keys.length == 0;
        }
    }

    private ScriptArguments() {}

    /**
     * KEYS: row key, fence key per write; ARGV: position (empty when unfenced), {@code set}/{@code del},
     * the row's JSON (empty for a delete) per write.
     *
     * @param completed merges' full rows; a merge missing here was dead-lettered and is left out
     */
    static Call fencedWrites(List<RedisWrite> writes, Map<String, byte[]> completed) {
        List<String> keys = new ArrayList<>(2 * writes.size());
        List<byte[]> args = new ArrayList<>(3 * writes.size());
        for (RedisWrite write : writes) {
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
        return new Call(keys.toArray(String[]::new), args.toArray(byte[][]::new));
    }

    /** ARGV: field, expected offset (empty: none expected), next offset, per partition. */
    static byte[][] advance(Map<String, OffsetAdvance> offsets) {
        List<byte[]> args = new ArrayList<>();
        offsets.forEach((field, move) -> {
            args.add(field.getBytes(StandardCharsets.US_ASCII));
            args.add(move.expected() == null ? EMPTY : Long.toString(move.expected()).getBytes(StandardCharsets.US_ASCII));
            args.add(Long.toString(move.next()).getBytes(StandardCharsets.US_ASCII));
        });
        return args.toArray(byte[][]::new);
    }

    static byte[] loadScript(String resource) {
        try (InputStream in = ScriptArguments.class.getResourceAsStream(resource)) {
            return in.readAllBytes();
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("missing resource " + resource, e);
        }
    }
}
