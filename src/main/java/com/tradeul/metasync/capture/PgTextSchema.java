package com.tradeul.metasync.capture;

import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;

/**
 * The Connect schema of a column {@link ExactTypesConverter} carries: an optional string holding
 * PostgreSQL's output text of the value, named {@link #NAME}, whose parameters say the column's
 * type as PostgreSQL names it ({@link #PG_TYPE}) and the built-in type whose text rules apply
 * ({@link #READ_AS}: the base type of a domain, {@code _} and the base element type for an array of
 * domains, {@code text} for enums, composites and user-defined ranges). The string is self-describing,
 * so capture and apply (Debezium's JSON envelope from a Kafka Connect cluster) read it alike.
 *
 * <p>A value the converter could not turn into text is a {@linkplain #marker marker}: PostgreSQL's
 * text never holds U+0000, so a string starting with it cannot be a value. The schema never has a
 * default: Kafka Connect's {@code Struct.get} and JsonConverter would serve a column default in
 * place of a NULL. Pure; stateless and thread safe.
 */
public final class PgTextSchema {

    public static final String NAME = "com.tradeul.metasync.PgText";
    public static final String PG_TYPE = "metasync.pg.type";
    public static final String READ_AS = "metasync.pg.read-as";
    private static final char MARK = '\u0000';

    private PgTextSchema() {}

    /** An optional string schema for a column of {@code pgType}, read as {@code readAs}; null when unknown. */
    static SchemaBuilder builder(String pgType, String readAs) {
        SchemaBuilder builder = new WithoutDefault().name(NAME).optional().parameter(PG_TYPE, pgType);
        return readAs == null ? builder : builder.parameter(READ_AS, readAs);
    }

    /** Whether a Connect schema is one of these. */
    static boolean is(Schema schema) {
        return NAME.equals(schema.name()) && schema.type() == Schema.Type.STRING;
    }

    /** The type to read the text as; null when the converter did not know it. */
    static String readAs(Schema schema) {
        Map<String, String> parameters = schema.parameters();
        return parameters == null ? null : parameters.get(READ_AS);
    }

    static String pgType(Schema schema) {
        Map<String, String> parameters = schema.parameters();
        return parameters == null ? "?" : parameters.getOrDefault(PG_TYPE, "?");
    }

    /**
     * A value that cannot be carried: why, and what the converter received (for the dead letter).
     * Never null; never equal to PostgreSQL's text of any value.
     */
    static String marker(String reason, String received) {
        return MARK + reason + MARK + (received == null ? "" : received);
    }

    static boolean isMarker(Object value) {
        return value instanceof String text && !text.isEmpty() && text.charAt(0) == MARK;
    }

    static String markerReason(String marker) {
        int end = marker.indexOf(MARK, 1);
        return end < 0 ? marker.substring(1) : marker.substring(1, end);
    }

    static String markerReceived(String marker) {
        int end = marker.indexOf(MARK, 1);
        return end < 0 ? "" : marker.substring(end + 1);
    }

    /**
     * Debezium sets a column's default with {@code defaultValue(...)}; keeping none means a NULL
     * always reads as NULL, whatever reads the record.
     */
    private static final class WithoutDefault extends SchemaBuilder {
        WithoutDefault() {
            super(Schema.Type.STRING);
        }

        @Override
        public SchemaBuilder defaultValue(Object value) {
            return this;
        }
    }
}
