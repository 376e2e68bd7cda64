package com.tradeul.metasync.apply;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A TRUNCATE under {@code truncate=delete}, fenced: the keys and arguments of {@code fenced-truncate.lua}
 * for a page of the table's keys that apply SCANned. Capture sends a TRUNCATE to every partition of
 * the table's topic, so each partition's owner applies it in that partition's order; fenced, the
 * copy spares the rows newer changes wrote first and fences out the older changes of lagging
 * partitions. Once every partition's copy is applied, Redis holds what PostgreSQL holds. Pure.
 */
final class FencedTruncate {

    private static final byte[] SCRIPT = ScriptArguments.fencingScript("/redis/fenced-truncate.lua");

    private FencedTruncate() {}

    /** The script, sent with EVAL: a TRUNCATE is rare, so it is not worth loading on every node. */
    static byte[] script() {
        return SCRIPT.clone();
    }

    /** KEYS: each row key then its fence key ({@link FenceKeys}); ARGV: the TRUNCATE's position. */
    static ScriptArguments.Call call(List<String> rowKeys, long position) {
        String[] keys = new String[rowKeys.size() * 2];
        for (int i = 0; i < rowKeys.size(); i++) {
            keys[2 * i] = rowKeys.get(i);
            keys[2 * i + 1] = FenceKeys.of(rowKeys.get(i));
        }
        return new ScriptArguments.Call(keys, new byte[][] {FenceKeys.position(position).getBytes(StandardCharsets.US_ASCII)});
    }

    /** A page of keys split by hash slot, for a Redis Cluster (a script's keys must share one slot). */
    static Map<Integer, List<String>> bySlot(List<String> rowKeys) {
        Map<Integer, List<String>> slots = new LinkedHashMap<>();
        for (String key : rowKeys) {
            slots.computeIfAbsent(com.tradeul.metasync.cluster.SlotTags.slotOf(key), s -> new ArrayList<>()).add(key);
        }
        return slots;
    }
}
