package com.tradeul.metasync.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.debezium.spi.converter.CustomConverter;
import io.debezium.spi.converter.RelationalColumn;
import java.sql.Types;
import java.time.LocalDate;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.util.PGobject;

/** The converter as Debezium drives it: one registration per column, then a value per row. */
class ExactTypesConverterTest {

    record Column(String name, String typeName) implements RelationalColumn {
        @Override public String dataCollection() { return "public.t"; }
        @Override public int jdbcType() { return Types.OTHER; }
        @Override public int nativeType() { return -1; }
        @Override public String typeExpression() { return typeName; }
        @Override public OptionalInt length() { return OptionalInt.empty(); }
        @Override public OptionalInt scale() { return OptionalInt.empty(); }
        @Override public boolean isOptional() { return false; }
        @Override public Object defaultValue() { return null; }
        @Override public boolean hasDefaultValue() { return false; }
    }

    /** What Debezium would hold after asking the converter about one column. */
    private static final class Registration implements CustomConverter.ConverterRegistration<SchemaBuilder> {
        Schema schema;
        CustomConverter.Converter converter;

        @Override
        public void register(SchemaBuilder builder, CustomConverter.Converter converter) {
            this.schema = builder.build();
            this.converter = converter;
        }
    }

    private static Registration register(String typeName) {
        ExactTypesConverter converter = new ExactTypesConverter();
        converter.configure(new Properties());
        Registration registration = new Registration();
        converter.converterFor(new Column("c", typeName), registration);
        return registration;
    }

    static Stream<Arguments> values() {
        return Stream.of(
                arguments("varbit, snapshot (pgjdbc PGobject)", "varbit", pgObject("varbit", "0101"), "0101"),
                arguments("varbit, empty", "varbit", pgObject("varbit", ""), ""),
                arguments("varbit, streaming (text)", "varbit", "00000000001", "00000000001"),
                arguments("bit(1), snapshot (text)", "bit", "0", "0"),
                arguments("bit(4), streaming", "bit", "0101", "0101"),
                arguments("varbit default (Debezium's Bits bytes) is dropped", "varbit", new byte[] {5}, null),
                arguments("bit(1) default (Debezium's boolean) is dropped", "bit", Boolean.TRUE, null),
                arguments("varbit NULL", "varbit", null, null),
                arguments("date 1 BC, snapshot (java.sql.Date)", "date", pgjdbcDate(GregorianCalendar.BC, 1, 1, 1), -719_528),
                arguments("date 4713 BC, snapshot", "date", pgjdbcDate(GregorianCalendar.BC, 4713, 1, 1), -2_440_550),
                arguments("date 1000 AD, snapshot", "date", pgjdbcDate(GregorianCalendar.AD, 1000, 1, 1),
                        (int) LocalDate.parse("1000-01-01").toEpochDay()),
                arguments("date infinity, snapshot", "date", new java.sql.Date(9_223_372_036_825_200_000L), -2_147_472_692),
                arguments("date -infinity, snapshot", "date", new java.sql.Date(-9_223_372_036_832_400_000L), -2_147_472_691),
                arguments("date 1 BC, streaming (LocalDate)", "date", LocalDate.parse("0000-01-01"), -719_528),
                arguments("date infinity, streaming", "date", LocalDate.parse("-5877611-06-21"), -2_147_472_692),
                arguments("date default (Debezium's day count) is kept", "date", 19_723, 19_723),
                arguments("date NULL", "date", null, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("values")
    void converts_raw_values_exactly(String description, String typeName, Object raw, Object expected) {
        Registration registration = register(typeName);

        Object converted = registration.converter.convert(raw);

        assertThat(converted).isEqualTo(expected);
        if (converted != null) {
            org.apache.kafka.connect.data.ConnectSchema.validateValue(registration.schema, converted);
        }
    }

    @Test
    void bit_strings_are_optional_connect_strings() {
        Schema schema = register("varbit").schema;
        assertThat(schema.type()).isEqualTo(Schema.Type.STRING);
        assertThat(schema.isOptional()).isTrue();
    }

    @Test
    void dates_keep_debeziums_date_schema() {
        Schema schema = register("date").schema;
        assertThat(schema.name()).isEqualTo("io.debezium.time.Date");
        assertThat(schema.type()).isEqualTo(Schema.Type.INT32);
        assertThat(schema.isOptional()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"timestamp", "timestamptz", "_date", "_varbit", "text", "int4", "my_domain"})
    void leaves_every_other_type_to_debezium(String typeName) {
        assertThat(register(typeName).converter).isNull();
    }

    @Test
    void an_unexpected_representation_stops_capture_with_the_column_named() {
        Registration registration = register("date");

        assertThatThrownBy(() -> registration.converter.convert("2024-01-01"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("public.t.c of type date");
    }

    @Test
    void a_value_that_is_no_bit_string_stops_capture() {
        Registration registration = register("varbit");

        assertThatThrownBy(() -> registration.converter.convert("0102")).isInstanceOf(IllegalArgumentException.class);
    }

    private static PGobject pgObject(String type, String value) {
        try {
            PGobject object = new PGobject();
            object.setType(type);
            object.setValue(value);
            return object;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** As pgjdbc 42.7.11 builds a java.sql.Date: the text's fields on a calendar in the JVM's zone. */
    private static java.sql.Date pgjdbcDate(int era, int yearOfEra, int month, int day) {
        GregorianCalendar calendar = new GregorianCalendar();
        calendar.clear();
        calendar.set(Calendar.ERA, era);
        calendar.set(yearOfEra, month - 1, day, 0, 0, 0);
        return new java.sql.Date(calendar.getTimeInMillis());
    }
}
