package com.tradeul.metasync.apply;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The one script argument that carries a {@link RedisWrite.HashUpsert}: a MessagePack array of two
 * arrays, {@code [[field, value, field, value, ...], [kept field, ...]]}, which {@code fenced-writes.lua}
 * reads with Redis's built-in {@code cmsgpack.unpack}. One argument per row keeps the script's
 * three-arguments-per-row layout for every kind of write; MessagePack strings are length-prefixed, so
 * any bytes pass. Pure and thread safe.
 */
final class HashPayload {

    private HashPayload() {}

    static byte[] encode(Map<String, byte[]> fields, List<String> keptFields) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        arrayHeader(out, 2);
        arrayHeader(out, 2 * fields.size());
        fields.forEach((field, value) -> {
            string(out, field.getBytes(StandardCharsets.UTF_8));
            string(out, value);
        });
        arrayHeader(out, keptFields.size());
        keptFields.forEach(field -> string(out, field.getBytes(StandardCharsets.UTF_8)));
        return out.toByteArray();
    }

    private static void arrayHeader(ByteArrayOutputStream out, int size) {
        if (size < 16) {
            out.write(0x90 | size);
        } else if (size < 0x10000) {
            out.write(0xdc);
            bigEndian(out, size, 2);
        } else {
            out.write(0xdd);
            bigEndian(out, size, 4);
        }
    }

    private static void string(ByteArrayOutputStream out, byte[] bytes) {
        int size = bytes.length;
        if (size < 32) {
            out.write(0xa0 | size);
        } else if (size < 0x100) {
            out.write(0xd9);
            bigEndian(out, size, 1);
        } else if (size < 0x10000) {
            out.write(0xda);
            bigEndian(out, size, 2);
        } else {
            out.write(0xdb);
            bigEndian(out, size, 4);
        }
        out.writeBytes(bytes);
    }

    private static void bigEndian(ByteArrayOutputStream out, int value, int bytes) {
        for (int shift = 8 * (bytes - 1); shift >= 0; shift -= 8) {
            out.write((value >>> shift) & 0xff);
        }
    }
}
