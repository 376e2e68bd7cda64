package com.tradeul.metasync.apply;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

/**
 * JsonConverter writes a float's NaN and ±Infinity as the strings "NaN", "Infinity", "-Infinity"
 * but reads any string back as 0.0, and reads -0.0 through a BigDecimal, which has no negative
 * zero: silently wrong values. This puts the real ones back, reading the payload again only when
 * the bytes contain such a spelling.
 */
final class ConnectSpecialFloats {

    private ConnectSpecialFloats() {}

    static void restore(byte[] json, Struct converted) {
        if (!contains(json, "NaN\"") && !contains(json, "Infinity\"") && !contains(json, "-0.0")) {
            return;
        }
        try {
            restoreStruct(converted, ChangeDecoder.JSON.readTree(json).path("payload"));
        } catch (IOException e) {
            throw new IllegalArgumentException("JSON that JsonConverter read cannot be read again: " + e.getMessage(), e);
        }
    }

    private static void restoreStruct(Struct struct, JsonNode node) {
        for (Field field : struct.schema().fields()) {
            Object value = struct.get(field);
            JsonNode member = node.path(field.name());
            if (value != null && !member.isMissingNode()) {
                Object restored = restoreValue(field.name(), field.schema(), member, value);
                if (restored != value) {
                    struct.put(field, restored);
                }
            }
        }
    }

    private static Object restoreValue(String name, Schema schema, JsonNode node, Object value) {
        switch (schema.type()) {
            case FLOAT32, FLOAT64 -> {
                if (node.isTextual()) {
                    return asType(schema, special(name, node.textValue()));
                }
                boolean negativeZero = node.isFloatingPointNumber() && Double.doubleToRawLongBits(node.doubleValue()) == Long.MIN_VALUE;
                return negativeZero ? asType(schema, -0.0) : value;
            }
            case ARRAY -> {
                List<?> items = (List<?>) value;
                List<Object> restored = new ArrayList<>(items.size());
                for (int i = 0; i < items.size(); i++) {
                    Object item = items.get(i);
                    restored.add(item == null ? null : restoreValue(name, schema.valueSchema(), node.path(i), item));
                }
                return restored.equals(items) ? value : restored;
            }
            case STRUCT -> {
                restoreStruct((Struct) value, node);
                return value;
            }
            default -> {
                return value;
            }
        }
    }

    private static double special(String name, String text) {
        return switch (text) {
            case "NaN" -> Double.NaN;
            case "Infinity" -> Double.POSITIVE_INFINITY;
            case "-Infinity" -> Double.NEGATIVE_INFINITY;
            default -> throw new IllegalArgumentException("column '" + name + "': float value \"" + text + "\" is not a number");
        };
    }

    private static Object asType(Schema schema, double value) {
        return schema.type() == Schema.Type.FLOAT32 ? (Object) (float) value : (Object) value;
    }

    private static boolean contains(byte[] haystack, String ascii) {
        byte[] needle = ascii.getBytes(StandardCharsets.US_ASCII);
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
