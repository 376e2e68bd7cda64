package com.tradeul.metasync.capture;

import io.debezium.spi.converter.CustomConverter;
import io.debezium.spi.converter.RelationalColumn;
import java.time.LocalDate;
import java.util.Properties;
import java.util.TimeZone;
import org.apache.kafka.connect.data.SchemaBuilder;

/**
 * A Debezium custom converter for the PostgreSQL types whose values Debezium 3.6.1's own
 * conversion loses, configured in {@code connectors/} as {@code converters=metasync} and
 * {@code metasync.type=}this class. It receives each value before Debezium converts it: in the
 * snapshot what pgjdbc's {@code ResultSet} gives, when streaming what Debezium's pgoutput decoder
 * parsed from PostgreSQL's text.
 * <ul>
 * <li>{@code bit(n)}, {@code varbit}: PostgreSQL's bit string as a Connect string ({@code "0101"}).
 *     Debezium's {@code io.debezium.data.Bits} is an integer without the varbit's length, so its
 *     leading zeros are lost.</li>
 * <li>{@code date}: {@code io.debezium.time.Date} (int32 days since 1970-01-01), as Debezium sends
 *     it, but with the era of snapshot values kept (see {@link EraDates}); infinities as
 *     Debezium's streaming sends them.</li>
 * </ul>
 * Arrays of these types, and domains over them, are left to Debezium. Every schema is optional:
 * Debezium hands null to the converter for a NOT NULL column it has no value of (a delete's old
 * row without REPLICA IDENTITY FULL). A value of an unexpected class throws, which stops capture
 * under {@code event.converting.failure.handling.mode=fail}.
 *
 * <p>Depends only on Debezium's SPI, Kafka Connect's API and pgjdbc, so that the metasync jar can
 * sit beside the Debezium PostgreSQL connector on a Kafka Connect plugin path. Thread safe.
 */
public final class ExactTypesConverter implements CustomConverter<SchemaBuilder, RelationalColumn> {

    @Override
    public void configure(Properties properties) {
        // Nothing to configure: the converted types are fixed.
    }

    @Override
    public void converterFor(RelationalColumn column, ConverterRegistration<SchemaBuilder> registration) {
        switch (column.typeName()) {
            case "bit", "varbit", "bit varying" -> registration.register(SchemaBuilder.string().optional(),
                    value -> bitString(column, value));
            case "date" -> registration.register(io.debezium.time.Date.builder().optional(), value -> date(column, value));
            default -> {
                // Debezium's own conversion is exact for every other type metasync carries.
            }
        }
    }

    private static Object bitString(RelationalColumn column, Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof String text) {
            return BitStrings.checked(text);
        }
        if (value instanceof org.postgresql.util.PGobject object && object.getValue() != null) {
            return BitStrings.checked(object.getValue());
        }
        if (value instanceof byte[] || value instanceof Boolean) {
            // A column default, already converted by Debezium to its Bits form: which of the equal
            // integers it was is lost. Schema defaults are metadata only; rows always carry values.
            return null;
        }
        throw unexpected(column, value);
    }

    private static Object date(RelationalColumn column, Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof LocalDate localDate) {
            return EraDates.epochDay(localDate);
        }
        if (value instanceof java.util.Date legacy) {
            return EraDates.fromCalendarMillis(legacy.getTime(), TimeZone.getDefault());
        }
        if (value instanceof Integer days) {
            // A column default, already converted by Debezium (from pgjdbc's LocalDateTime, era kept).
            return days;
        }
        throw unexpected(column, value);
    }

    private static IllegalArgumentException unexpected(RelationalColumn column, Object value) {
        return new IllegalArgumentException("metasync's converter got a " + value.getClass().getName() + " for column "
                + column.dataCollection() + "." + column.name() + " of type " + column.typeName()
                + ", a form it was not written for (Debezium 3.6.1, pgjdbc 42.7.11): exclude the column "
                + "(column.exclude.list) or run the versions metasync is built with");
    }
}
