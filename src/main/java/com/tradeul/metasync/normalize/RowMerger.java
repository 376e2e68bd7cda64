package com.tradeul.metasync.normalize;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Completes a row that PostgreSQL sent without some columns (unchanged TOAST values) with those
 * columns' values from the row's current JSON. Values are copied as the exact bytes they were
 * written with, never re-parsed into numbers, so every digit survives. Pure and thread safe.
 */
public final class RowMerger {

    /**
     * @param json the completed row: every member of {@code partial}, then the columns found in {@code current}
     * @param missing the requested columns {@code current} does not have
     */
    public record Result(byte[] json, List<String> missing) {}

    private static final JsonFactory JSON = new JsonFactory();

    private RowMerger() {}

    public static Result complete(byte[] partial, byte[] current, List<String> columns) {
        Map<String, byte[]> available = rawMembers(current);
        ByteArrayOutputStream out = new ByteArrayOutputStream(partial.length + 256);
        out.write(partial, 0, lastBrace(partial));
        boolean empty = rawMembers(partial).isEmpty();
        List<String> missing = new ArrayList<>();
        for (String column : columns) {
            byte[] raw = available.get(column);
            if (raw == null) {
                missing.add(column);
                continue;
            }
            if (!empty) {
                out.write(',');
            }
            empty = false;
            out.writeBytes(quoted(column));
            out.write(':');
            out.writeBytes(raw);
        }
        out.write('}');
        return new Result(out.toByteArray(), List.copyOf(missing));
    }

    /** Member name → the member value's bytes exactly as written. */
    public static Map<String, byte[]> rawMembers(byte[] json) {
        Map<String, byte[]> members = new LinkedHashMap<>();
        try (JsonParser parser = JSON.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                parser.nextToken();
                int start = (int) parser.currentTokenLocation().getByteOffset();
                parser.skipChildren();
                parser.finishToken(); // strings are read lazily: consume this one to find its end
                int end = (int) parser.currentLocation().getByteOffset();
                byte[] raw = new byte[end - start];
                System.arraycopy(json, start, raw, 0, raw.length);
                members.put(name, raw);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("current Redis value is not valid JSON: " + e.getMessage(), e);
        }
        return members;
    }

    private static int lastBrace(byte[] json) {
        for (int i = json.length - 1; i >= 0; i--) {
            if (json[i] == '}') {
                return i;
            }
        }
        throw new IllegalArgumentException("not a JSON object");
    }

    private static byte[] quoted(String name) {
        StringBuilder text = new StringBuilder("\"");
        for (char c : name.toCharArray()) {
            if (c == '"' || c == '\\') {
                text.append('\\');
            }
            if (c < 0x20) {
                text.append(String.format("\\u%04x", (int) c));
            } else {
                text.append(c);
            }
        }
        return text.append('"').toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
