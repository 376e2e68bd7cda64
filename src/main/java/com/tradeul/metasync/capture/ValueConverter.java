package com.tradeul.metasync.capture;

import com.tradeul.metasync.wire.ColumnValue;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

/**
 * Turns one Kafka Connect value as Debezium's PostgreSQL connector emits it into a
 * {@link ColumnValue}, exactly. It relies on the connector settings in
 * {@code connectors/debezium-postgres.properties}: {@code decimal.handling.mode=string} (digits
 * and scale kept, NaN spelled out) plus {@code column.propagate.source.type}, which says which
 * strings are numbers. Anything it cannot convert exactly throws: capture stops rather than
 * writing a wrong value. Stateless and thread safe.
 */
final class ValueConverter {

    static final String SOURCE_TYPE = "__debezium.source.column.type";
    private static final Set<String> NUMERIC_SOURCE_TYPES = Set.of("NUMERIC", "DECIMAL", "MONEY");

    private ValueConverter() {}

    static ColumnValue convert(Schema schema, Object value) {
        if (value == null) {
            return ColumnValue.Null.INSTANCE;
        }
        String logical = schema.name();
        if (logical != null) {
            ColumnValue converted = convertLogical(logical, value);
            if (converted != null) {
                return converted;
            }
        }
        return switch (schema.type()) {
            case INT8, INT16, INT32, INT64 -> new ColumnValue.Int(((Number) value).longValue());
            case FLOAT32, FLOAT64 -> new ColumnValue.Float(((Number) value).doubleValue());
            case BOOLEAN -> new ColumnValue.Bool((Boolean) value);
            case STRING -> isNumericSource(schema) ? numeric((String) value) : new ColumnValue.Text((String) value);
            case BYTES -> new ColumnValue.Bytes(bytes(value));
            case ARRAY -> array(schema.valueSchema(), (List<?>) value);
            default -> throw new UnconvertibleValueException("unsupported Kafka Connect type " + schema.type()
                    + (logical == null ? "" : " (" + logical + ")"));
        };
    }

    /** Debezium's logical types; null when the name is not one that needs special handling. */
    private static ColumnValue convertLogical(String logical, Object value) {
        return switch (logical) {
            case "org.apache.kafka.connect.data.Decimal" -> new ColumnValue.Decimal((BigDecimal) value);
            case "io.debezium.data.VariableScaleDecimal" -> variableScaleDecimal((Struct) value);
            case "io.debezium.time.Date" -> new ColumnValue.Date(((Number) value).longValue());
            case "io.debezium.time.Time" -> new ColumnValue.Time(((Number) value).longValue() * 1_000L);
            case "io.debezium.time.MicroTime" -> new ColumnValue.Time(((Number) value).longValue());
            case "io.debezium.time.NanoTime" -> new ColumnValue.Time(((Number) value).longValue() / 1_000L);
            case "io.debezium.time.Timestamp" -> new ColumnValue.Timestamp(((Number) value).longValue() * 1_000L, false);
            case "io.debezium.time.MicroTimestamp" -> new ColumnValue.Timestamp(((Number) value).longValue(), false);
            case "io.debezium.time.NanoTimestamp" -> new ColumnValue.Timestamp(Math.floorDiv(((Number) value).longValue(), 1_000L), false);
            case "io.debezium.time.ZonedTimestamp" -> zonedTimestamp((String) value);
            case "io.debezium.data.Uuid" -> new ColumnValue.Uuid((String) value);
            case "io.debezium.data.Json" -> new ColumnValue.Json((String) value);
            default -> null;
        };
    }

    static ColumnValue numeric(String text) {
        return switch (text) {
            case "NAN", "NaN" -> ColumnValue.SpecialNumber.NAN;
            case "POSITIVE_INFINITY", "Infinity" -> ColumnValue.SpecialNumber.POSITIVE_INFINITY;
            case "NEGATIVE_INFINITY", "-Infinity" -> ColumnValue.SpecialNumber.NEGATIVE_INFINITY;
            default -> {
                try {
                    yield new ColumnValue.Decimal(new BigDecimal(text));
                } catch (NumberFormatException e) {
                    throw new UnconvertibleValueException("numeric value '" + text + "' is not a decimal number");
                }
            }
        };
    }

    private static boolean isNumericSource(Schema schema) {
        return schema.parameters() != null && NUMERIC_SOURCE_TYPES.contains(schema.parameters().get(SOURCE_TYPE));
    }

    private static ColumnValue variableScaleDecimal(Struct struct) {
        int scale = struct.getInt32("scale");
        return new ColumnValue.Decimal(new BigDecimal(new BigInteger(bytes(struct.get("value"))), scale));
    }

    private static ColumnValue zonedTimestamp(String text) {
        try {
            OffsetDateTime time = OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            long micros = Math.addExact(Math.multiplyExact(time.toEpochSecond(), 1_000_000L), time.getNano() / 1_000L);
            return new ColumnValue.Timestamp(micros, true);
        } catch (RuntimeException e) {
            throw new UnconvertibleValueException("timestamptz value '" + text + "' is not an ISO-8601 timestamp");
        }
    }

    private static ColumnValue array(Schema itemSchema, List<?> items) {
        List<ColumnValue> converted = new ArrayList<>(items.size());
        for (Object item : items) {
            converted.add(convert(itemSchema, item));
        }
        return new ColumnValue.Array(converted);
    }

    private static byte[] bytes(Object value) {
        if (value instanceof byte[] array) {
            return array;
        }
        ByteBuffer buffer = ((ByteBuffer) value).duplicate();
        byte[] copy = new byte[buffer.remaining()];
        buffer.get(copy);
        return copy;
    }
}
