package com.tradeul.metasync.it;

import io.debezium.spi.converter.CustomConverter;
import io.debezium.spi.converter.RelationalColumn;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.connect.data.SchemaBuilder;

/**
 * Evidence for {@link ConverterInputProbe}: a Debezium custom converter that records what
 * Debezium tells it about each column ({@code converterFor}) and, for every column but {@code id},
 * claims it as an optional Connect string holding what it received: the Java class, its
 * {@code toString()} and the PostgreSQL text recovered from it, joined by {@link #SEPARATOR}. It
 * never throws. State is static because Debezium instantiates the class itself.
 */
public final class ProbeConverter implements CustomConverter<SchemaBuilder, RelationalColumn> {

    public static final String SEPARATOR = "\u001f";
    public static final String NULL_INPUT = "<converter got null>";

    /** What {@code converterFor} was told, in call order. */
    public record ColumnSeen(long sequence, String run, String phase, String table, String column, String typeName,
                             String typeExpression, int jdbcType, int nativeType, String length, String scale,
                             boolean optional, boolean hasDefault, String defaultValue, String thread) {}

    /** One {@code convert} call. */
    public record Call(long sequence, String run, String phase, String table, String column, String input) {}

    public static final List<ColumnSeen> COLUMNS = new CopyOnWriteArrayList<>();
    public static final List<Call> CALLS = new CopyOnWriteArrayList<>();
    /** Set by the test: which run and which step of it is going on. */
    public static volatile String run = "";
    public static volatile String phase = "";
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private String claim = "all";

    @Override
    public void configure(Properties properties) {
        claim = properties.getProperty("claim", "all");
    }

    @Override
    public void converterFor(RelationalColumn column, ConverterRegistration<SchemaBuilder> registration) {
        COLUMNS.add(new ColumnSeen(SEQUENCE.incrementAndGet(), run, phase, column.dataCollection(), column.name(),
                column.typeName(), column.typeExpression(), column.jdbcType(), column.nativeType(),
                column.length().isPresent() ? Integer.toString(column.length().getAsInt()) : "-",
                column.scale().isPresent() ? Integer.toString(column.scale().getAsInt()) : "-",
                column.isOptional(), column.hasDefaultValue(),
                column.hasDefaultValue() ? describe(column.defaultValue()) : "-", Thread.currentThread().getName()));
        if ("id".equals(column.name()) || "none".equals(claim)) {
            return;
        }
        String table = column.dataCollection();
        String name = column.name();
        registration.register(SchemaBuilder.string().optional(), value -> {
            String encoded = value == null ? NULL_INPUT : describe(value);
            CALLS.add(new Call(SEQUENCE.incrementAndGet(), run, phase, table, name, encoded));
            return encoded;
        });
    }

    /** class, toString() and recovered text, joined by {@link #SEPARATOR}. */
    static String describe(Object value) {
        if (value == null) {
            return "null" + SEPARATOR + "null" + SEPARATOR + "null";
        }
        String string;
        try {
            string = value instanceof Object[] array ? Arrays.deepToString(array)
                    : value instanceof byte[] bytes ? "byte[]:" + HexFormat.of().formatHex(bytes) : String.valueOf(value);
        } catch (RuntimeException e) {
            string = "<toString threw " + e + ">";
        }
        return value.getClass().getName() + SEPARATOR + string + SEPARATOR + recovered(value);
    }

    /** The PostgreSQL text form as far as it can be had from the object without Debezium's help. */
    static String recovered(Object value) {
        try {
            if (value instanceof org.postgresql.jdbc.PgArray array) {
                return array.toString();
            }
            if (value instanceof org.postgresql.util.PGobject object) {
                return object.getValue();
            }
            if (value instanceof java.sql.SQLXML xml) {
                return xml.getString();
            }
            if (io.debezium.connector.postgresql.UnchangedToastedReplicationMessageColumn.isUnchangedToastedValue(value)) {
                return "<Debezium's unchanged-TOAST marker object>";
            }
            if (value instanceof String text) {
                return text;
            }
            if (value instanceof byte[] bytes) {
                return "\\x" + HexFormat.of().formatHex(bytes);
            }
            return String.valueOf(value);
        } catch (RuntimeException | java.sql.SQLException e) {
            return "<threw " + e + ">";
        }
    }
}
