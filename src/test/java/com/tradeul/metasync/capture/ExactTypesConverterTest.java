package com.tradeul.metasync.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.tradeul.metasync.normalize.PgText;
import io.debezium.connector.postgresql.UnchangedToastedReplicationMessageColumn;
import io.debezium.data.SpecialValueDecimal;
import io.debezium.spi.converter.CustomConverter;
import io.debezium.spi.converter.RelationalColumn;
import java.math.BigDecimal;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.connect.data.ConnectSchema;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.postgresql.geometric.PGpoint;
import org.postgresql.jdbc.PgArray;
import org.postgresql.util.PGInterval;

/**
 * The converter as Debezium drives it: one registration per column, then a value per row. The
 * values are what Debezium 3.6.1 hands a converter when streaming (ConverterInputProbe's report),
 * each with the text PostgreSQL 15's output function prints for it: what the converter emits must
 * read, through {@link PgText}, as exactly the value PostgreSQL's own text reads as.
 */
class ExactTypesConverterTest {

    record Column(String name, String typeName, int nativeType, int jdbcType) implements RelationalColumn {
        Column(String typeName, int nativeType) {
            this("c", typeName, nativeType, Types.OTHER);
        }

        @Override public String dataCollection() { return "public.t"; }
        @Override public String typeExpression() { return typeName; }
        @Override public OptionalInt length() { return OptionalInt.empty(); }
        @Override public OptionalInt scale() { return OptionalInt.empty(); }
        @Override public boolean isOptional() { return false; }
        @Override public Object defaultValue() { return null; }
        @Override public boolean hasDefaultValue() { return false; }
    }

    /** What Debezium would hold after asking the converter about one column. */
    static final class Registration implements CustomConverter.ConverterRegistration<SchemaBuilder> {
        SchemaBuilder builder;
        CustomConverter.Converter converter;

        @Override
        public void register(SchemaBuilder builder, CustomConverter.Converter converter) {
            this.builder = builder;
            this.converter = converter;
        }

        Schema schema() {
            return builder.build();
        }
    }

    static Registration register(Column column, String types) {
        ExactTypesConverter converter = new ExactTypesConverter();
        Properties properties = new Properties();
        properties.setProperty(ExactTypesConverter.TYPES, types);
        properties.setProperty(ExactTypesConverter.PLACEHOLDER, "__unchanged__");
        converter.configure(properties);
        Registration registration = new Registration();
        converter.converterFor(column, registration);
        return registration;
    }

    private static Registration register(String typeName, int nativeType) {
        return register(new Column(typeName, nativeType), "");
    }

    /** Debezium's parsed value, and the output text PostgreSQL printed for the same value. */
    static Stream<Arguments> streamedScalars() {
        return Stream.of(
                arguments("numeric", 1700, special(SpecialValueDecimal.NOT_A_NUMBER), "NaN"),
                arguments("numeric", 1700, special(SpecialValueDecimal.POSITIVE_INF), "Infinity"),
                arguments("numeric", 1700, special(SpecialValueDecimal.NEGATIVE_INF), "-Infinity"),
                arguments("numeric", 1700, numeric("1234567890123456789012345678901234567890.0123456789"),
                        "1234567890123456789012345678901234567890.0123456789"),
                arguments("numeric", 1700, numeric("-123.4500"), "-123.4500"),
                arguments("numeric", 1700, numeric("0.000000000123"), "0.000000000123"),
                arguments("numeric", 1700, numeric("1000000000000000000000000000000"), "1000000000000000000000000000000"),
                arguments("numeric", 1700, numeric("1E+30"), "1000000000000000000000000000000"),
                arguments("float8", 701, 0.1, "0.1"),
                arguments("float8", 701, 0.30000000000000004, "0.30000000000000004"),
                arguments("float8", 701, 1e308, "1e+308"),
                arguments("float8", 701, -0.0, "-0"),
                arguments("float8", 701, Double.NaN, "NaN"),
                arguments("float8", 701, Double.NEGATIVE_INFINITY, "-Infinity"),
                arguments("float8", 701, 4.9e-324, "5e-324"),
                arguments("float4", 700, 1.1f, "1.1"),
                arguments("float4", 700, 3.4028235e38f, "3.4028235e+38"),
                arguments("float4", 700, Float.NaN, "NaN"),
                arguments("int8", 20, Long.MAX_VALUE, "9223372036854775807"),
                arguments("int4", 23, Integer.MIN_VALUE, "-2147483648"),
                arguments("int2", 21, (short) -32768, "-32768"),
                arguments("bool", 16, true, "t"),
                arguments("bool", 16, false, "f"),
                arguments("bit", 1560, true, "1"),
                arguments("bytea", 17, new byte[] {0, (byte) 0xff, 0x10}, "\\x00ff10"),
                arguments("bytea", 17, new byte[0], "\\x"),
                arguments("uuid", 2950, UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"),
                        "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"),
                arguments("money", 790, money("-92233720368547758.08"), "-$92,233,720,368,547,758.08"),
                arguments("money", 790, money("92233720368547758.07"), "$92,233,720,368,547,758.07"),
                arguments("money", 790, money("12.34"), "$12.34"),
                arguments("money", 790, money("1000.00"), "$1,000.00"),
                arguments("money", 790, money("0.00"), "$0.00"),
                arguments("money", 790, money("-0.01"), "-$0.01"),
                arguments("point", 600, new PGpoint(1.5, -2.25), "(1.5,-2.25)"),
                arguments("point", 600, new PGpoint(1e300, -0.0), "(1e+300,-0)"),
                arguments("point", 600, new PGpoint(Double.NaN, Double.POSITIVE_INFINITY), "(NaN,Infinity)"));
    }

    static Stream<Arguments> streamedTemporals() {
        return Stream.of(
                arguments("date", 1082, LocalDate.parse("2024-01-01"), "2024-01-01"),
                arguments("date", 1082, LocalDate.parse("0000-01-01"), "0001-01-01 BC"),
                arguments("date", 1082, LocalDate.parse("-4713-11-24"), "4714-11-24 BC"),
                arguments("date", 1082, LocalDate.parse("-0100-03-01"), "0101-03-01 BC"),
                arguments("date", 1082, LocalDate.parse("1582-10-05"), "1582-10-05"),
                arguments("date", 1082, LocalDate.parse("1582-10-14"), "1582-10-14"),
                arguments("date", 1082, LocalDate.parse("-5877611-06-21"), "infinity"),
                arguments("date", 1082, LocalDate.parse("-5877611-06-22"), "-infinity"),
                arguments("date", 1082, LocalDate.parse("+5874897-12-31"), "5874897-12-31"),
                arguments("timestamp", 1114, Instant.parse("2024-01-01T10:30:15.123456Z"), "2024-01-01 10:30:15.123456"),
                arguments("timestamp", 1114, Instant.parse("2024-01-01T10:30:15.500Z"), "2024-01-01 10:30:15.5"),
                arguments("timestamp", 1114, Instant.parse("0000-01-01T00:00:00Z"), "0001-01-01 00:00:00 BC"),
                arguments("timestamp", 1114, Instant.parse("-0004-12-31T23:59:59.999999Z"), "0005-12-31 23:59:59.999999 BC"),
                arguments("timestamp", 1114, Instant.parse("1582-10-10T12:00:00Z"), "1582-10-10 12:00:00"),
                arguments("timestamp", 1114, Instant.parse("+294247-01-10T04:00:25.200Z"), "infinity"),
                arguments("timestamp", 1114, Instant.parse("-290308-12-21T19:59:27.600Z"), "-infinity"),
                arguments("timestamp", 1114, Instant.parse("+21016-06-15T12:00:00Z"), "21016-06-15 12:00:00"),
                arguments("timestamptz", 1184, OffsetDateTime.parse("2024-01-01T08:30:15.123456Z"), "2024-01-01 10:30:15.123456+02"),
                arguments("timestamptz", 1184, OffsetDateTime.parse("0000-01-01T00:00Z"), "0001-01-01 00:00:00+00 BC"),
                arguments("timestamptz", 1184, OffsetDateTime.parse("1900-01-01T00:00:00Z"), "1900-01-01 05:21:10+05:21:10"),
                arguments("timestamptz", 1184, OffsetDateTime.parse("+292278994-08-16T23:00Z"), "infinity"),
                arguments("timestamptz", 1184, OffsetDateTime.parse("-292275055-05-16T23:00Z"), "-infinity"),
                // Debezium's parse moves timetz to UTC (the offset is lost; with PgOutputTextTypes it never reaches here).
                arguments("timetz", 1266, OffsetTime.parse("08:30:15.123456Z"), "08:30:15.123456+00"),
                arguments("timetz", 1266, OffsetTime.parse("14:58:59Z"), "14:58:59+00"),
                arguments("timetz", 1266, OffsetTime.parse("12:00+05:30"), "12:00:00+05:30"),
                arguments("interval", 1186, interval("1 year 2 mons 3 days 04:05:06.789012"), "1 year 2 mons 3 days 04:05:06.789012"),
                arguments("interval", 1186, interval("-1 days +02:00:00"), "-1 days +02:00:00"),
                arguments("interval", 1186, interval("00:00:00"), "00:00:00"),
                arguments("interval", 1186, interval("178000000 years"), "178000000 years"),
                arguments("interval", 1186, interval("-178000000 years"), "-178000000 years"),
                arguments("interval", 1186, interval("-1 days -00:00:00.000001"), "-1 days -00:00:00.000001"),
                arguments("interval", 1186, interval("1 mon -1 days"), "1 mon -1 days"),
                arguments("interval", 1186, interval("-1 years -2 mons +3 days -04:05:06.5"), "-1 years -2 mons +3 days -04:05:06.5"),
                arguments("interval", 1186, interval("2147483647:59:59.999999"), "2147483647:59:59.999999"),
                arguments("interval", 1186, interval("-2147483647:59:59.999999"), "-2147483647:59:59.999999"),
                arguments("interval", 1186, interval("178000000 years 11 mons 2147483647 days"),
                        "178000000 years 11 mons 2147483647 days"));
    }

    @ParameterizedTest(name = "{0}: {3}")
    @MethodSource({"streamedScalars", "streamedTemporals"})
    void rebuilds_what_debezium_parsed_into_text_that_reads_as_postgresqls_own(String type, int oid, Object parsed,
                                                                                 String postgresText) {
        Registration registration = register(type, oid);

        Object text = registration.converter.convert(parsed);

        assertThat(text).isInstanceOf(String.class);
        ConnectSchema.validateValue(registration.schema(), text);
        assertThat(PgText.builtIn().parse(type, (String) text)).isEqualTo(PgText.builtIn().parse(type, postgresText));
    }

    @ParameterizedTest(name = "{0}: {2}")
    @CsvSource(delimiter = '|', value = {
        // Values PostgreSQL holds that metasync cannot (64-bit microseconds end in 294247): the text goes on
        // unchanged, for PgText to refuse and the row to be dead-lettered with PostgreSQL's own text.
        "timestamp   | +294276-12-31T23:59:59.999999Z | 294276-12-31 23:59:59.999999",
        "timestamp   | 2024-01-01T10:30:15Z           | 2024-01-01 10:30:15",
        "timestamptz | +294276-12-31T23:59:59Z        | 294276-12-31 23:59:59+00",
    })
    void timestamps_print_as_postgresql_prints_them(String type, String instant, String postgresText) {
        Object parsed = type.equals("timestamp") ? Instant.parse(instant) : OffsetDateTime.parse(instant);

        assertThat(register(type, 0).converter.convert(parsed)).isEqualTo(postgresText);
    }

    @Test
    void text_passes_through_and_null_stays_null() {
        Registration registration = register("_numeric", 1231);

        assertThat(registration.converter.convert("{NaN,1.50,NULL}")).isEqualTo("{NaN,1.50,NULL}");
        assertThat(registration.converter.convert(null)).isNull();
    }

    @Test
    void streamed_arrays_carry_pgoutputs_text() throws Exception {
        PgArray array = new PgArray(null, 1231, "{NaN,1234567890123456789012345678901234567890,NULL,-1.50}");

        assertThat(register("_numeric", 1231).converter.convert(array))
                .isEqualTo("{NaN,1234567890123456789012345678901234567890,NULL,-1.50}");
    }

    @Test
    void a_snapshot_date_read_without_the_overrides_keeps_its_era() {
        GregorianCalendar pgjdbc = new GregorianCalendar();
        pgjdbc.clear();
        pgjdbc.set(Calendar.ERA, GregorianCalendar.BC);
        pgjdbc.set(1, Calendar.JANUARY, 1, 0, 0, 0);

        assertThat(register("date", 1082).converter.convert(new java.sql.Date(pgjdbc.getTimeInMillis())))
                .isEqualTo("0001-01-01 BC");
        assertThat(register("date", 1082).converter.convert(new java.sql.Date(EraDates.PGJDBC_DATE_INFINITY_MILLIS)))
                .isEqualTo("infinity");
    }

    @Test
    void an_unchanged_toast_value_reads_as_the_placeholder() {
        Registration text = register("text", 25);
        Registration array = register("_numeric", 1231);

        assertThat(text.converter.convert(UnchangedToastedReplicationMessageColumn.UNCHANGED_TOAST_VALUE)).isEqualTo("__unchanged__");
        assertThat(array.converter.convert(UnchangedToastedReplicationMessageColumn.UNCHANGED_TEXT_ARRAY_TOAST_VALUE))
                .isEqualTo("__unchanged__");
    }

    @Test
    void a_value_it_cannot_print_becomes_a_marker_never_an_exception() {
        Object marker = register("money", 790).converter.convert(money("1.234"));

        assertThat(PgTextSchema.isMarker(marker)).isTrue();
        assertThat(PgTextSchema.markerReason((String) marker)).contains("public.t.c (money)", "more than two decimals");
        assertThat(PgTextSchema.markerReceived((String) marker)).isEqualTo("1.234");
        assertThat(PgTextSchema.isMarker(register("int4", 23).converter.convert(new Object[] {1}))).isTrue();
        assertThat(PgTextSchema.isMarker(register("date", 1082).converter.convert(LocalDate.parse("-5877611-06-23")))).isTrue();
    }

    @Test
    void every_column_is_an_optional_pg_text_string_without_a_default() {
        Registration registration = register("numeric", 1700);
        registration.builder.defaultValue("0"); // as Debezium sets a column's default

        Schema schema = registration.schema();
        assertThat(schema.type()).isEqualTo(Schema.Type.STRING);
        assertThat(schema.name()).isEqualTo(PgTextSchema.NAME);
        assertThat(schema.isOptional()).isTrue();
        assertThat(schema.defaultValue()).isNull();
        assertThat(schema.parameters()).containsEntry(PgTextSchema.PG_TYPE, "numeric").containsEntry(PgTextSchema.READ_AS, "numeric");
    }

    @ParameterizedTest(name = "{0} ({1}, jdbc {2}) reads as {3}")
    @CsvSource({
        // built-in types by name
        "int4,        23,    4,    '',                                      int4",
        "_timestamptz, 1185, 2003, '',                                      _timestamptz",
        // a domain over a built-in type: Debezium reports the base type's OID
        "price,       1700,  2,    '',                                      numeric",
        "intarrdom,   1007,  2003, '',                                      _int4",
        // what metasync tells the converter at start
        "_price,      16398, 2003, 'mood:text,_price:_numeric',             _numeric",
        "price,       1700,  2,    'price:numeric',                          numeric",
        "myrange,     16500, 1111, 'myrange:text',                          text",
        // enums and composites without being told: pgjdbc's VARCHAR and STRUCT
        "mood,        16386, 12,   '',                                      text",
        "pair,        16397, 2002, '',                                      text",
    })
    void learns_what_each_type_reads_as(String typeName, int oid, int jdbcType, String types, String readAs) {
        Registration registration = register(new Column("c", typeName, oid, jdbcType), types);

        assertThat(registration.schema().parameters()).containsEntry(PgTextSchema.READ_AS, readAs)
                .containsEntry(PgTextSchema.PG_TYPE, typeName);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "box,     603,   'is not one metasync carries'",
        "_mood,   16385, 'was not known when metasync started'",
        "myrange, 16500, 'was not known when metasync started'",
    })
    void a_type_it_does_not_know_dead_letters_each_value_with_the_fix(String typeName, int oid, String reason) {
        Registration registration = register(typeName, oid);

        Object marker = registration.converter.convert("(1,1),(0,0)");

        assertThat(registration.schema().parameters()).doesNotContainKey(PgTextSchema.READ_AS);
        assertThat(PgTextSchema.markerReason((String) marker)).contains("public.t.c (" + typeName + ")", reason);
        assertThat(PgTextSchema.markerReceived((String) marker)).isEqualTo("(1,1),(0,0)");
        assertThat(registration.converter.convert(null)).isNull();
    }

    private static SpecialValueDecimal special(SpecialValueDecimal value) {
        return value;
    }

    /** numeric as Debezium's pgoutput decoder hands it over. */
    private static SpecialValueDecimal numeric(String text) {
        return new SpecialValueDecimal(new BigDecimal(text));
    }

    /** money as Debezium hands it over: a BigDecimal of the amount. */
    private static BigDecimal money(String text) {
        return new BigDecimal(text);
    }

    private static PGInterval interval(String postgresText) {
        try {
            return new PGInterval(postgresText); // as Debezium's pgoutput decoder builds it
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
