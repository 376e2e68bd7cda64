package com.tradeul.metasync.normalize;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A row's Redis hash fields, taken from the JSON object {@link JsonRenderer} renders for it, so that a
 * hash holds exactly what the JSON holds, value for value, under the same field names and the same
 * {@link RowShape} (columns written, renames, number modes):
 *
 * <table>
 * <caption>JSON member → hash field value</caption>
 * <tr><th>JSON</th><th>field value</th><th>example</th></tr>
 * <tr><td>string</td><td>its text, unquoted</td><td>{@code AAPL}, {@code 2024-01-01T10:30:15.123456Z}, {@code NaN}</td></tr>
 * <tr><td>number</td><td>its digits exactly as written: every digit and the scale</td><td>{@code 123456789012345678.90}</td></tr>
 * <tr><td>true / false</td><td>{@code true} / {@code false}</td><td>{@code true}</td></tr>
 * <tr><td>object / array (json, jsonb, arrays, point)</td><td>its compact JSON text</td><td>{@code [1.50,null]}, {@code {"a":1}}</td></tr>
 * <tr><td>null</td><td>no field</td><td></td></tr>
 * </table>
 *
 * Pure and thread safe.
 */
public final class HashFields {

    private static final JsonFactory JSON = new JsonFactory();

    private HashFields() {}

    /**
     * Field → UTF-8 value, in the row's member order, null members left out.
     *
     * @throws IllegalArgumentException when {@code rowJson} is not a JSON object
     */
    public static Map<String, byte[]> of(byte[] rowJson) {
        Map<String, byte[]> fields = new LinkedHashMap<>();
        try (JsonParser parser = JSON.createParser(rowJson)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                byte[] value = valueText(parser, parser.nextToken());
                if (value != null) {
                    fields.put(field, value);
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("not a JSON object: " + e.getMessage(), e);
        }
        return fields;
    }

    private static byte[] valueText(JsonParser parser, JsonToken token) throws IOException {
        return switch (token) {
            case VALUE_NULL -> null;
            // getText of a number is its literal as written: the exact digits and scale JsonRenderer chose.
            case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE ->
                    parser.getText().getBytes(StandardCharsets.UTF_8);
            case START_OBJECT, START_ARRAY -> structure(parser);
            default -> throw new IllegalArgumentException("unexpected JSON token " + token);
        };
    }

    /** The object or array the parser stands at, as compact JSON, numbers with their literal digits. */
    private static byte[] structure(JsonParser parser) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator generator = JSON.createGenerator(out)) {
            int depth = 0;
            JsonToken token = parser.currentToken();
            do {
                depth += EmbeddedJson.copyToken(parser, generator, token);
            } while (depth > 0 && (token = parser.nextToken()) != null);
        }
        return out.toByteArray();
    }
}
