package com.tradeul.metasync.apply;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The script a Redis Cluster runs per slot: {@code fenced-writes.lua} and {@code advance-offsets.lua}
 * as local functions, then {@code slot-batch.lua} calling both, so the single-node scripts stay the
 * one definition of fencing and of the offsets' compare-and-set. Pure.
 */
final class SlotBatchScript {

    private SlotBatchScript() {}

    static byte[] text() {
        ByteArrayOutputStream script = new ByteArrayOutputStream();
        append(script, "local function fencedWrites(KEYS, ARGV)\n");
        script.writeBytes(ScriptArguments.fencingScript("/redis/fenced-writes.lua"));
        append(script, "\nend\nlocal function advanceOffsets(KEYS, ARGV)\n");
        script.writeBytes(ScriptArguments.loadScript("/redis/advance-offsets.lua"));
        append(script, "\nend\n");
        script.writeBytes(ScriptArguments.loadScript("/redis/slot-batch.lua"));
        return script.toByteArray();
    }

    private static void append(ByteArrayOutputStream script, String text) {
        script.writeBytes(text.getBytes(StandardCharsets.US_ASCII));
    }
}
