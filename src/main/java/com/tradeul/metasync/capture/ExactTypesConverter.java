package com.tradeul.metasync.capture;

import io.debezium.connector.postgresql.UnchangedToastedReplicationMessageColumn;
import io.debezium.spi.converter.CustomConverter;
import io.debezium.spi.converter.RelationalColumn;
import java.util.Properties;
import org.apache.kafka.connect.data.SchemaBuilder;

/**
 * A Debezium custom converter that carries every column as PostgreSQL's own output text, configured
 * in {@code connectors/} as {@code converters=metasync} and {@code metasync.type=}this class, so
 * that metasync's {@code normalize.PgText} alone turns values into JSON, as verify does. It claims
 * every column, keys included, with a {@link PgTextSchema}: an optional string whose parameters
 * name the column's type and the built-in type it reads as ({@link ConverterTypes}).
 *
 * <p>What it receives: in a snapshot read through metasync's select overrides, the text itself
 * (every column as {@code format('%s', col)}); when streaming, pgoutput's text for arrays, text
 * types, uuid, time and bit strings, and the Java values Debezium parsed other scalars into, which
 * {@link OutputText} prints back as PostgreSQL does. An unchanged TOAST value becomes the
 * {@code unavailable.value.placeholder}, as Debezium itself writes it.
 *
 * <p>It never throws: a value it cannot print, or a column of a type it does not know, becomes a
 * {@linkplain PgTextSchema#marker marker} that capture dead-letters with its row, so one value
 * stops nothing else. Settings (prefix {@code metasync.}): {@code types}, see
 * {@link ConverterTypes}; {@code unavailable.value.placeholder}, Debezium's default when unset.
 *
 * <p>Depends only on Debezium's, Kafka Connect's and pgjdbc's classes and metasync's own, so the
 * metasync jar can sit beside the Debezium PostgreSQL connector on a Kafka Connect plugin path.
 * Thread safe once configured.
 */
public final class ExactTypesConverter implements CustomConverter<SchemaBuilder, RelationalColumn> {

    public static final String TYPES = "types";
    public static final String PLACEHOLDER = "unavailable.value.placeholder";

    private volatile ConverterTypes types = ConverterTypes.NONE;
    private volatile String placeholder = EnvelopeReader.DEFAULT_UNAVAILABLE_PLACEHOLDER;

    @Override
    public void configure(Properties properties) {
        types = ConverterTypes.parse(properties.getProperty(TYPES, ""));
        placeholder = properties.getProperty(PLACEHOLDER, EnvelopeReader.DEFAULT_UNAVAILABLE_PLACEHOLDER);
    }

    @Override
    public void converterFor(RelationalColumn column, ConverterRegistration<SchemaBuilder> registration) {
        String readAs = types.readAs(column.typeName(), column.nativeType(), column.jdbcType());
        String where = column.dataCollection() + "." + column.name() + " (" + column.typeName() + ")";
        registration.register(PgTextSchema.builder(column.typeName(), readAs),
                readAs == null ? new Unknown(where, column, placeholder) : new ColumnText(readAs, where, placeholder));
    }

    /** One column's values as PostgreSQL's text. */
    private record ColumnText(String readAs, String where, String placeholder) implements Converter {
        @Override
        public Object convert(Object value) {
            if (value == null || value instanceof String) {
                return value; // the snapshot's text, and most streamed types: the common case first
            }
            if (UnchangedToastedReplicationMessageColumn.isUnchangedToastedValue(value)) {
                return placeholder;
            }
            try {
                return OutputText.of(readAs, value);
            } catch (RuntimeException e) {
                return PgTextSchema.marker("metasync's converter cannot print column " + where + " as PostgreSQL does: "
                        + e.getMessage(), received(value));
            }
        }
    }

    /** A column of a type the converter was not told about: every value it has is dead-lettered. */
    private record Unknown(String where, String reason, String placeholder) implements Converter {
        Unknown(String where, RelationalColumn column, String placeholder) {
            this(where, column.nativeType() > 0 && column.nativeType() < BuiltInTypes.FIRST_USER_OID
                    ? "type " + column.typeName() + " is not one metasync carries; leave the column out"
                            + " (column.exclude.list) or change its type (e.g. to text)"
                    : "type " + column.typeName() + " was not known when metasync started (created or added to the"
                            + " table since): restart metasync so it reads the type from PostgreSQL; on Kafka Connect,"
                            + " name it in metasync.types (e.g. " + column.typeName() + ":text)", placeholder);
        }

        @Override
        public Object convert(Object value) {
            if (value == null) {
                return null;
            }
            if (UnchangedToastedReplicationMessageColumn.isUnchangedToastedValue(value)) {
                return placeholder;
            }
            return PgTextSchema.marker("column " + where + " cannot be carried: " + reason, received(value));
        }
    }

    /** The value's text for the dead letter, as far as it can be had. */
    private static String received(Object value) {
        try {
            return OutputText.of("text", value);
        } catch (RuntimeException e) {
            return String.valueOf(value);
        }
    }
}
