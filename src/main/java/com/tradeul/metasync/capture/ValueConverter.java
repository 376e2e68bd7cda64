package com.tradeul.metasync.capture;

import com.tradeul.metasync.normalize.PgText;
import com.tradeul.metasync.wire.ColumnValue;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

/**
 * Turns one Kafka Connect value as Debezium's PostgreSQL connector emits it into a
 * {@link ColumnValue}, exactly. With metasync's converter (as {@code connectors/} configure it)
 * every column is a {@link PgTextSchema} string holding PostgreSQL's text, read by
 * {@link PgText}; a converter's marker throws with the reason it gives. The rest of this class
 * reads Debezium's own encodings, for a Kafka Connect deployment without metasync's converter.
 * Those rely on the connector settings in
 * {@code connectors/debezium-postgres.properties}: {@code decimal.handling.mode=string} (digits
 * and scale kept, NaN spelled out), {@code interval.handling.mode=string},
 * {@code time.precision.mode=adaptive_time_microseconds} and {@code column.propagate.source.type},
 * which says which strings are numbers and which booleans are bits. Debezium's own encodings of
 * PostgreSQL's special values (infinite dates and timestamps) are decoded by
 * {@link TemporalConverter}. Anything it cannot convert exactly throws
 * {@link UnconvertibleValueException}: capture stops rather than writing a wrong value.
 * Stateless and thread safe.
 */
final class ValueConverter {

    static final String SOURCE_TYPE = "__debezium.source.column.type";
    private static final Set<String> NUMERIC_SOURCE_TYPES = Set.of("NUMERIC", "DECIMAL", "MONEY");
    private static final Set<String> BIT_SOURCE_TYPES = Set.of("BIT", "VARBIT");
    /** How Debezium spells numeric specials in decimal.handling.mode=string. */
    private static final Set<String> DEBEZIUM_SPECIALS = Set.of("NAN", "POSITIVE_INFINITY", "NEGATIVE_INFINITY");
    /**
     * Built-in types Debezium sends as plain strings. A string column of any other source type is
     * a domain (or an extension type): Debezium names the domain, never its base type.
     */
    private static final Set<String> BUILT_IN_STRING_TYPES = Set.of("TEXT", "VARCHAR", "BPCHAR", "CHAR", "NAME",
            "CITEXT", "INET", "CIDR", "MACADDR", "MACADDR8", "TSRANGE", "TSTZRANGE", "DATERANGE", "INT4RANGE",
            "INT8RANGE", "NUMRANGE", "LTREE", "ISBN", "TSVECTOR", "XML",
            // bit strings as metasync's converter sent them before it carried every column as text
            "BIT", "VARBIT");

    private ValueConverter() {}

    static ColumnValue convert(Schema schema, Object value) {
        return convert(schema, value, sourceType(schema));
    }

    /** @param sourceType PostgreSQL's type name in upper case (of the element, inside arrays); null when unknown */
    private static ColumnValue convert(Schema schema, Object value, String sourceType) {
        if (value == null) {
            return ColumnValue.Null.INSTANCE;
        }
        String logical = schema.name();
        if (logical != null) {
            ColumnValue converted = convertLogical(schema, logical, value, sourceType);
            if (converted != null) {
                return converted;
            }
        }
        return switch (schema.type()) {
            case INT8, INT16, INT32, INT64 -> new ColumnValue.Int(((Number) value).longValue());
            // Float.toString gives the float's own shortest decimal (1.1, not 1.100000023841858), which reads
            // back as the same float: PostgreSQL prints real the same way.
            case FLOAT32 -> new ColumnValue.Float(Double.parseDouble(Float.toString((Float) value)));
            case FLOAT64 -> new ColumnValue.Float(((Number) value).doubleValue());
            case BOOLEAN -> bool(sourceType, (Boolean) value);
            case STRING -> string(sourceType, (String) value);
            case BYTES -> new ColumnValue.Bytes(bytes(value));
            case ARRAY -> array(schema.valueSchema(), (List<?>) value, elementType(sourceType));
            default -> throw new UnconvertibleValueException("unsupported Kafka Connect type " + schema.type()
                    + (logical == null ? "" : " (" + logical + ")") + sourceTypeNote(sourceType));
        };
    }

    /** Debezium's logical types; null when the name is not one that needs special handling. */
    private static ColumnValue convertLogical(Schema schema, String logical, Object value, String sourceType) {
        if (logical.equals(PgTextSchema.NAME)) {
            return pgText(schema, (String) value);
        }
        ColumnValue temporal = TemporalConverter.convert(logical, value);
        if (temporal != null) {
            return temporal;
        }
        return switch (logical) {
            case "org.apache.kafka.connect.data.Decimal" -> new ColumnValue.Decimal((BigDecimal) value);
            case "io.debezium.data.VariableScaleDecimal" -> variableScaleDecimal((Struct) value);
            case "io.debezium.data.Uuid" -> new ColumnValue.Uuid((String) value);
            case "io.debezium.data.Json" -> new ColumnValue.Json((String) value);
            case "io.debezium.data.Xml", "io.debezium.data.Enum" -> new ColumnValue.Text((String) value);
            case "io.debezium.data.Bits" -> bits(schema, sourceType, bytes(value));
            case "io.debezium.data.geometry.Point" -> point((Struct) value);
            default -> null;
        };
    }

    /** PostgreSQL's text as metasync's converter carries it, read by the type its schema names. */
    static ColumnValue pgText(Schema schema, String text) {
        if (PgTextSchema.isMarker(text)) {
            throw new UnconvertibleValueException(PgTextSchema.markerReason(text));
        }
        String readAs = PgTextSchema.readAs(schema);
        if (readAs == null) {
            throw new UnconvertibleValueException("metasync's converter did not say how to read type "
                    + PgTextSchema.pgType(schema));
        }
        return PgText.builtIn().parse(readAs, text);
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

    private static ColumnValue string(String sourceType, String text) {
        if (sourceType != null && NUMERIC_SOURCE_TYPES.contains(sourceType)) {
            return numeric(text);
        }
        if (sourceType != null && !BUILT_IN_STRING_TYPES.contains(sourceType) && DEBEZIUM_SPECIALS.contains(text)) {
            // A domain over numeric sends NaN as "NAN": written as text it would be a value PostgreSQL never held.
            throw new UnconvertibleValueException("value '" + text + "' of type " + sourceType + " is ambiguous: "
                    + "Debezium names a domain but not its base type, and this is how it spells a numeric NaN or "
                    + "infinity; cast the column to its base type or exclude it (column.exclude.list)");
        }
        return new ColumnValue.Text(text);
    }

    /**
     * Without {@link ExactTypesConverter} (a Kafka Connect cluster that lacks it), bit(1) and varbit(1)
     * arrive as booleans; every bit string is carried as PostgreSQL writes it.
     */
    private static ColumnValue bool(String sourceType, boolean value) {
        if (sourceType != null && BIT_SOURCE_TYPES.contains(sourceType)) {
            return new ColumnValue.Text(value ? "1" : "0");
        }
        return new ColumnValue.Bool(value);
    }

    /**
     * io.debezium.data.Bits, Debezium's own encoding when {@link ExactTypesConverter} is not configured:
     * the bits as a little-endian integer (last bit of the string = bit 0), trimmed of leading zero
     * bytes; the schema's {@code length} is bit(n)'s n. For varbit that length is the maximum, so a
     * value's leading zeros ('0101' versus '101') are lost: refuse it.
     */
    private static ColumnValue bits(Schema schema, String sourceType, byte[] littleEndian) {
        if ("VARBIT".equals(sourceType)) {
            throw new UnconvertibleValueException("varbit values cannot be carried exactly as Debezium 3.6 encodes them "
                    + "(an integer without their length, so '0101' and '101' look the same); configure metasync's "
                    + "converter (converters=metasync, metasync.type=" + ExactTypesConverter.class.getName()
                    + ", as in connectors/), or exclude the column (column.exclude.list)");
        }
        Map<String, String> parameters = schema.parameters();
        String length = parameters == null ? null : parameters.get("length");
        if (length == null) {
            throw new UnconvertibleValueException("bit string without its length (io.debezium.data.Bits needs 'length')");
        }
        int n = Integer.parseInt(length);
        BigInteger bits = new BigInteger(1, reversed(littleEndian));
        if (bits.bitLength() > n) {
            throw new UnconvertibleValueException("bit string has " + bits.bitLength() + " significant bits, more than bit("
                    + n + ") holds");
        }
        StringBuilder text = new StringBuilder(n);
        for (int i = n - 1; i >= 0; i--) {
            text.append(bits.testBit(i) ? '1' : '0');
        }
        return new ColumnValue.Text(text.toString());
    }

    private static ColumnValue point(Struct struct) {
        Double x = struct.getFloat64("x");
        Double y = struct.getFloat64("y");
        if (x == null || y == null) {
            throw new UnconvertibleValueException("point without x and y coordinates");
        }
        return new ColumnValue.Point(x, y);
    }

    private static ColumnValue variableScaleDecimal(Struct struct) {
        int scale = struct.getInt32("scale");
        return new ColumnValue.Decimal(new BigDecimal(new BigInteger(bytes(struct.get("value"))), scale));
    }

    private static ColumnValue array(Schema itemSchema, List<?> items, String elementType) {
        List<ColumnValue> converted = new ArrayList<>(items.size());
        for (Object item : items) {
            converted.add(convert(itemSchema, item, elementType));
        }
        return new ColumnValue.Array(converted);
    }

    private static String sourceType(Schema schema) {
        return schema.parameters() == null ? null : schema.parameters().get(SOURCE_TYPE);
    }

    /** Debezium gives element schemas no parameters; the array's own source type is _ plus the element's. */
    private static String elementType(String arrayType) {
        return arrayType != null && arrayType.startsWith("_") ? arrayType.substring(1) : null;
    }

    private static String sourceTypeNote(String sourceType) {
        return sourceType == null ? "" : " for PostgreSQL type " + sourceType;
    }

    private static byte[] reversed(byte[] bytes) {
        byte[] copy = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            copy[i] = bytes[bytes.length - 1 - i];
        }
        return copy;
    }

    static byte[] bytes(Object value) {
        if (value instanceof byte[] array) {
            return array;
        }
        ByteBuffer buffer = ((ByteBuffer) value).duplicate();
        byte[] copy = new byte[buffer.remaining()];
        buffer.get(copy);
        return copy;
    }
}
