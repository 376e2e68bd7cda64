package com.tradeul.metasync.normalize;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.tradeul.metasync.wire.Column;
import com.tradeul.metasync.wire.ColumnValue;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.DateTimeException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Renders rows as the JSON objects metasync writes to Redis (and primary keys as Kafka record keys),
 * members in column order, every value exact:
 *
 * <table>
 * <caption>Column value → JSON</caption>
 * <tr><th>kind</th><th>JSON</th><th>example</th></tr>
 * <tr><td>Null</td><td>null</td><td>{@code null}</td></tr>
 * <tr><td>Bool</td><td>true / false</td><td>{@code true}</td></tr>
 * <tr><td>Int</td><td>integer</td><td>{@code -9223372036854775808}</td></tr>
 * <tr><td>Float, finite</td><td>number, {@link Double#toString} digits (round-trips)</td><td>{@code 0.1}, {@code 1.0E20}</td></tr>
 * <tr><td>Float NaN / ±Infinity</td><td>as {@link SpecialNumberPolicy}</td><td>{@code "NaN"} or {@code null}</td></tr>
 * <tr><td>Decimal</td><td>number with every digit and the scale, never through a double,
 *     never in exponent notation; BigDecimal has no negative zero</td>
 *     <td>{@code 123456789012345678.90}, {@code -123.4500}, {@code 0.000000000123},
 *     1E+30 → {@code 1000000000000000000000000000000}, -0.00 → {@code 0.00}</td></tr>
 * <tr><td>SpecialNumber</td><td>{@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"} (STRING) or
 *     {@code null} (NULL)</td><td>{@code "Infinity"}</td></tr>
 * <tr><td>Text (text types, xml, inet, ranges, enum, bit strings)</td><td>string</td><td>{@code "AAPL"}, {@code "0101"}</td></tr>
 * <tr><td>Bytes</td><td>string, PostgreSQL's bytea hex form</td><td>{@code "\\xdeadbeef"}</td></tr>
 * <tr><td>Uuid</td><td>string</td><td>{@code "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"}</td></tr>
 * <tr><td>Date, Time, Timestamp, TimeTz, Interval, TemporalInfinity</td><td>string, see
 *     {@link TemporalRenderer}</td><td>{@code "-4712-01-01"}, {@code "24:00:00"},
 *     {@code "2024-01-01T10:30:15.123456Z"}, {@code "07:04:56.789012Z"}, {@code "P1Y2M3DT4H5M6.789012S"},
 *     {@code "infinity"}</td></tr>
 * <tr><td>Point</td><td>object of two Floats</td><td>{@code {"x":1.5,"y":-2.25}}</td></tr>
 * <tr><td>Json</td><td>the document itself (not a string), numbers as written, members in order;
 *     the JSON literal null is indistinguishable from SQL NULL</td><td>{@code {"price":1.50}}</td></tr>
 * <tr><td>Array</td><td>array of the items rendered by these rules</td><td>{@code [1,null,["a"]]}</td></tr>
 * </table>
 *
 * <p>A column in {@link NumberMode#STRING} differs in two kinds only, arrays' items included: a Decimal is the
 * JSON string of the same digits ({@code "123456789012345678.90"}, {@code "1.500"}), an Int beyond ±2^53 the
 * string of its digits ({@code "9007199254740993"}). A row's {@link RowShape} also decides which columns are
 * written and under which names.
 *
 * <p>A reader tells a special value from a string by the column's type: in a numeric, real or
 * double column every finite value is a JSON number, so a JSON string there is one of
 * {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"}; in a date or timestamp column every
 * finite value starts with a digit, {@code +} or {@code -} followed by a digit, so {@code "infinity"} and
 * {@code "-infinity"} stand out.
 *
 * <p>Thread safe and stateless apart from the policy. Arguments must not be null. A value that
 * cannot be rendered (invalid embedded JSON, a date out of range) fails with an
 * {@link IllegalArgumentException} naming the column.
 */
public final class JsonRenderer {

    /** PostgreSQL numeric: up to 131072 digits before the point and 16383 after, plus sign and point. */
    private static final int MAX_NUMERIC_CHARS = 131_072 + 16_383 + 2;
    private static final JsonMapper MAPPER = JsonMapper.builder(jsonFactory())
            // Key numbers keep their digits and scale (1.50 stays 1.50).
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final SpecialNumberPolicy specialNumbers;

    public JsonRenderer(SpecialNumberPolicy specialNumbers) {
        this.specialNumbers = Objects.requireNonNull(specialNumbers, "specialNumbers");
    }

    private static JsonFactory jsonFactory() {
        // The source is our own database: allow whatever PostgreSQL can hold, not Jackson's
        // defaults meant for untrusted input (1000-digit numbers, 20 MB strings).
        StreamReadConstraints limits = StreamReadConstraints.builder()
                .maxNumberLength(MAX_NUMERIC_CHARS)
                .maxStringLength(Integer.MAX_VALUE)
                .build();
        return JsonFactory.builder()
                .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
                .streamReadConstraints(limits)
                .build();
    }

    /** The row as a UTF-8 JSON object, members in list order, every column under its name as numbers. */
    public byte[] renderRow(List<Column> columns) {
        return renderRow(columns, RowShape.DEFAULT);
    }

    /** The row as its table's shape writes it: the columns it writes, in list order, under their fields. */
    public byte[] renderRow(List<Column> columns, RowShape shape) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + 32 * columns.size());
        try (JsonGenerator generator = MAPPER.createGenerator(out)) {
            generator.writeStartObject();
            for (Column column : columns) {
                if (shape.writes(column.name())) {
                    writeColumn(generator, column, shape.field(column.name()), shape.numbers(column.name()));
                }
            }
            generator.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * The primary key as the Kafka record key, e.g. {@code {"symbol":"AAPL"}}; same rules as rows, never
     * shaped: a record's key must not change with how a table's rows are written.
     */
    public byte[] renderKey(List<Column> keyColumns) {
        return renderRow(keyColumns);
    }

    /**
     * Reads a key rendered by {@link #renderKey} back into column name → the text a Redis key
     * template substitutes: strings give their text, numbers their exact plain digits
     * ({@code 1.50} stays "1.50"), booleans "true"/"false", null "null", anything else compact JSON.
     *
     * @throws IllegalArgumentException when the bytes are not a JSON object
     */
    public static Map<String, String> keyParts(byte[] kafkaKeyJson) {
        Map<String, String> flat = flatKeyParts(kafkaKeyJson);
        return flat != null ? flat : treeKeyParts(kafkaKeyJson);
    }

    /** {@link #keyParts} through a JSON tree: any key, and the errors that say what is wrong with one. */
    static Map<String, String> treeKeyParts(byte[] kafkaKeyJson) {
        JsonNode key = parseKey(kafkaKeyJson);
        Map<String, String> parts = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> member : key.properties()) {
            parts.put(member.getKey(), partText(member.getValue()));
        }
        return Collections.unmodifiableMap(parts);
    }

    /**
     * {@link #keyParts} of an object of scalars, read as a stream: a tree per record showed in a
     * rebuild's profile (12% of decoding). Null for anything else (nested values, a name twice,
     * invalid JSON): the tree decides those.
     */
    private static Map<String, String> flatKeyParts(byte[] kafkaKeyJson) {
        if (kafkaKeyJson == null) {
            return null;
        }
        try (JsonParser parser = MAPPER.createParser(kafkaKeyJson)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            Map<String, String> parts = new LinkedHashMap<>();
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                String text = scalarText(parser, parser.nextToken());
                if (text == null || parts.put(name, text) != null) {
                    return null;
                }
            }
            return token == JsonToken.END_OBJECT && parser.nextToken() == null ? Collections.unmodifiableMap(parts) : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** What {@link #partText} gives for the scalar at {@code token}; null for an object or array. */
    private static String scalarText(JsonParser parser, JsonToken token) throws IOException {
        return switch (token) {
            case VALUE_STRING -> parser.getText();
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> parser.getDecimalValue().toPlainString();
            case VALUE_TRUE -> "true";
            case VALUE_FALSE -> "false";
            case VALUE_NULL -> "null";
            default -> null;
        };
    }

    private void writeColumn(JsonGenerator generator, Column column, String field, NumberMode numbers) throws IOException {
        generator.writeFieldName(field);
        try {
            writeValue(generator, column.value(), numbers);
        } catch (JsonProcessingException | DateTimeException | IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "column " + column.name() + " cannot be rendered as JSON: " + e.getMessage(), e);
        }
    }

    private void writeValue(JsonGenerator generator, ColumnValue value, NumberMode numbers) throws IOException {
        if (value instanceof ColumnValue.Null) {
            generator.writeNull();
        } else if (value instanceof ColumnValue.Bool b) {
            generator.writeBoolean(b.value());
        } else if (value instanceof ColumnValue.Int i) {
            if (numbers.quotes(i.value())) {
                generator.writeString(Long.toString(i.value()));
            } else {
                generator.writeNumber(i.value());
            }
        } else if (value instanceof ColumnValue.Float f) {
            writeFloat(generator, f.value());
        } else if (value instanceof ColumnValue.Decimal d) {
            // Plain text ourselves: Jackson refuses BigDecimal-as-plain beyond scale ±9999, numeric does not.
            String digits = d.value().toPlainString();
            if (numbers == NumberMode.STRING) {
                generator.writeString(digits);
            } else {
                generator.writeNumber(digits);
            }
        } else if (value instanceof ColumnValue.SpecialNumber s) {
            writeSpecial(generator, s);
        } else if (value instanceof ColumnValue.Json j) {
            EmbeddedJson.copy(MAPPER.createParser(j.json()), generator);
        } else if (value instanceof ColumnValue.Array a) {
            writeArray(generator, a, numbers);
        } else if (value instanceof ColumnValue.Point p) {
            generator.writeStartObject();
            generator.writeFieldName("x");
            writeFloat(generator, p.x());
            generator.writeFieldName("y");
            writeFloat(generator, p.y());
            generator.writeEndObject();
        } else {
            generator.writeString(textOf(value));
        }
    }

    private void writeFloat(JsonGenerator generator, double value) throws IOException {
        if (Double.isFinite(value)) {
            generator.writeNumber(value);
        } else {
            writeSpecial(generator, SpecialNumberPolicy.specialOf(value));
        }
    }

    private void writeSpecial(JsonGenerator generator, ColumnValue.SpecialNumber special) throws IOException {
        String spelling = specialNumbers.spelling(special);
        if (spelling == null) {
            generator.writeNull();
        } else {
            generator.writeString(spelling);
        }
    }

    private void writeArray(JsonGenerator generator, ColumnValue.Array array, NumberMode numbers) throws IOException {
        generator.writeStartArray();
        for (ColumnValue item : array.items()) {
            writeValue(generator, item, numbers);
        }
        generator.writeEndArray();
    }

    /** The JSON string for the kinds that render as one. */
    private static String textOf(ColumnValue value) {
        if (value instanceof ColumnValue.Text t) {
            return t.value();
        } else if (value instanceof ColumnValue.Bytes b) {
            return "\\x" + HexFormat.of().formatHex(b.value());
        } else if (value instanceof ColumnValue.Uuid u) {
            return u.value();
        }
        String temporal = TemporalRenderer.text(value);
        if (temporal == null) {
            throw new IllegalArgumentException("unhandled column value kind " + value.getClass().getName());
        }
        return temporal;
    }

    private static JsonNode parseKey(byte[] kafkaKeyJson) {
        JsonNode key;
        try {
            key = kafkaKeyJson == null ? null : MAPPER.readTree(kafkaKeyJson);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("record key is not valid JSON (" + e.getOriginalMessage()
                    + "); metasync keys are JSON objects of the primary-key columns, e.g. {\"symbol\":\"AAPL\"}", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (key == null || !key.isObject()) {
            String found = key == null || key.isMissingNode() ? "no content" : "a JSON " + key.getNodeType();
            throw new IllegalArgumentException("record key is " + found
                    + ", not a JSON object of the primary-key columns such as {\"symbol\":\"AAPL\"}");
        }
        return key;
    }

    private static String partText(JsonNode part) {
        if (part.isTextual()) {
            return part.textValue();
        } else if (part.isNumber()) {
            return part.decimalValue().toPlainString();
        } else if (part.isBoolean()) {
            return String.valueOf(part.booleanValue());
        } else if (part.isNull()) {
            return "null";
        }
        return part.toString();
    }
}
