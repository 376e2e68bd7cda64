package com.tradeul.metasync.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.tradeul.metasync.wire.ColumnValue.TemporalInfinity;
import com.tradeul.metasync.wire.ColumnValue;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Connect values exactly as Debezium 3.6.1 sent them for PostgreSQL 15 with metasync's connector
 * settings (recorded from a real connector, snapshot and streaming), and what they must become.
 */
class ValueConverterTest {

    private static final Schema POINT = SchemaBuilder.struct().name("io.debezium.data.geometry.Point")
            .field("x", Schema.FLOAT64_SCHEMA).field("y", Schema.FLOAT64_SCHEMA)
            .field("wkb", Schema.OPTIONAL_BYTES_SCHEMA).field("srid", Schema.OPTIONAL_INT32_SCHEMA).build();

    static Stream<Arguments> converts() {
        return Stream.of(
                arguments("int8", typed(SchemaBuilder.int64(), "INT8"), Long.MAX_VALUE, new ColumnValue.Int(Long.MAX_VALUE)),
                arguments("int2", typed(SchemaBuilder.int16(), "INT2"), (short) -32768, new ColumnValue.Int(-32768)),
                arguments("real keeps its own digits", typed(SchemaBuilder.float32(), "FLOAT4"), 1.1f, new ColumnValue.Float(1.1)),
                arguments("real max", typed(SchemaBuilder.float32(), "FLOAT4"), 3.4028235e38f, new ColumnValue.Float(3.4028235e38)),
                arguments("real NaN", typed(SchemaBuilder.float32(), "FLOAT4"), Float.NaN, new ColumnValue.Float(Double.NaN)),
                arguments("double min", typed(SchemaBuilder.float64(), "FLOAT8"), 4.9e-324, new ColumnValue.Float(4.9e-324)),
                arguments("double -0", typed(SchemaBuilder.float64(), "FLOAT8"), -0.0, new ColumnValue.Float(-0.0)),
                arguments("numeric scale kept", typed(SchemaBuilder.string(), "NUMERIC"), "-123.4500", decimal("-123.4500")),
                arguments("numeric NaN", typed(SchemaBuilder.string(), "NUMERIC"), "NAN", ColumnValue.SpecialNumber.NAN),
                arguments("numeric +inf", typed(SchemaBuilder.string(), "NUMERIC"), "POSITIVE_INFINITY",
                        ColumnValue.SpecialNumber.POSITIVE_INFINITY),
                arguments("money", typed(SchemaBuilder.string(), "MONEY"), "-92233720368547758.08",
                        decimal("-92233720368547758.08")),
                arguments("domain over numeric is its text", typed(SchemaBuilder.string(), "PRICE"), "12345678.1234",
                        new ColumnValue.Text("12345678.1234")),
                arguments("text NAN is text", typed(SchemaBuilder.string(), "TEXT"), "NAN", new ColumnValue.Text("NAN")),
                arguments("enum label NAN", typed(SchemaBuilder.string().name("io.debezium.data.Enum"), "MOOD"), "NAN",
                        new ColumnValue.Text("NAN")),
                arguments("bpchar padding", typed(SchemaBuilder.string(), "BPCHAR"), "ab   ", new ColumnValue.Text("ab   ")),
                arguments("xml", typed(SchemaBuilder.string().name("io.debezium.data.Xml"), "XML"), "<a/>", new ColumnValue.Text("<a/>")),
                arguments("tstzrange", typed(SchemaBuilder.string(), "TSTZRANGE"), "[\"2024-01-01 10:00:00+00\",infinity)",
                        new ColumnValue.Text("[\"2024-01-01 10:00:00+00\",infinity)")),
                arguments("bool", typed(SchemaBuilder.bool(), "BOOL"), true, new ColumnValue.Bool(true)),
                arguments("bit(1)", typed(SchemaBuilder.bool(), "BIT"), true, new ColumnValue.Text("1")),
                arguments("varbit(1)", typed(SchemaBuilder.bool(), "VARBIT"), false, new ColumnValue.Text("0")),
                arguments("bit(4) 0101", bits(4, "BIT"), new byte[] {0x05}, new ColumnValue.Text("0101")),
                arguments("bit(4) 0000", bits(4, "BIT"), new byte[0], new ColumnValue.Text("0000")),
                arguments("bit(11), two bytes little-endian", bits(11, "BIT"), new byte[] {(byte) 0x85, 0x05},
                        new ColumnValue.Text("10110000101")),
                arguments("point", POINT, point(1.5, -2.25), new ColumnValue.Point(1.5, -2.25)),
                arguments("point NaN, -0", POINT, point(Double.NaN, -0.0), new ColumnValue.Point(Double.NaN, -0.0)),
                arguments("bytea with NUL", typed(SchemaBuilder.bytes(), "BYTEA"), java.nio.ByteBuffer.wrap(new byte[] {0, -1}),
                        new ColumnValue.Bytes(new byte[] {0, -1})),
                arguments("numeric[] elements are numbers", array(Schema.OPTIONAL_STRING_SCHEMA, "_NUMERIC"),
                        Arrays.asList("1.50", null, "-0.000001"),
                        new ColumnValue.Array(List.of(decimal("1.50"), ColumnValue.Null.INSTANCE, decimal("-0.000001")))),
                arguments("text[] elements stay text", array(Schema.OPTIONAL_STRING_SCHEMA, "_TEXT"), List.of("1.50", "NAN"),
                        new ColumnValue.Array(List.of(new ColumnValue.Text("1.50"), new ColumnValue.Text("NAN")))),
                arguments("date[] infinity marker", array(logical(SchemaBuilder.int32(), "io.debezium.time.Date"), "_DATE"),
                        Arrays.asList(-622_191_234, 19_723, null),
                        new ColumnValue.Array(List.of(TemporalInfinity.POSITIVE_INFINITY, new ColumnValue.Date(19_723),
                                ColumnValue.Null.INSTANCE))));
    }

    static Stream<Arguments> temporal() {
        return Stream.of(
                arguments("date", date(), 19_723, new ColumnValue.Date(19_723)),
                arguments("date 1 BC (streaming)", date(), -719_528, new ColumnValue.Date(-719_528)),
                arguments("date first", date(), -2_440_588, new ColumnValue.Date(-2_440_588)),
                arguments("date last", date(), 2_145_042_905, new ColumnValue.Date(2_145_042_905)),
                arguments("date infinity streaming", date(), -2_147_472_692, TemporalInfinity.POSITIVE_INFINITY),
                arguments("date -infinity streaming", date(), -2_147_472_691, TemporalInfinity.NEGATIVE_INFINITY),
                arguments("date infinity snapshot UTC", date(), -622_191_234, TemporalInfinity.POSITIVE_INFINITY),
                arguments("date infinity snapshot UTC+14", date(), -622_191_233, TemporalInfinity.POSITIVE_INFINITY),
                arguments("date -infinity snapshot UTC", date(), -625_821_272, TemporalInfinity.NEGATIVE_INFINITY),
                arguments("date -infinity snapshot UTC+14", date(), -625_821_271, TemporalInfinity.NEGATIVE_INFINITY),
                arguments("time 24:00", logical(SchemaBuilder.int64(), "io.debezium.time.MicroTime"), 86_400_000_000L,
                        new ColumnValue.Time(86_400_000_000L)),
                arguments("timestamp before epoch", microTimestamp(), -1L, new ColumnValue.Timestamp(-1, false)),
                arguments("timestamp 4713 BC", microTimestamp(), -210_863_520_000_000_000L,
                        new ColumnValue.Timestamp(-210_863_520_000_000_000L, false)),
                arguments("timestamp infinity", microTimestamp(), 9_223_372_036_825_200_000L, TemporalInfinity.POSITIVE_INFINITY),
                arguments("timestamp -infinity", microTimestamp(), -9_223_372_036_832_400_000L, TemporalInfinity.NEGATIVE_INFINITY),
                arguments("timestamp(3) infinity", milliTimestamp(), 9_223_372_036_825_200L, TemporalInfinity.POSITIVE_INFINITY),
                arguments("timestamp(3) -infinity", milliTimestamp(), -9_223_372_036_832_400L, TemporalInfinity.NEGATIVE_INFINITY),
                arguments("timestamp(3) year 21016", milliTimestamp(), 601_048_036_800_000L,
                        new ColumnValue.Timestamp(601_048_036_800_000_000L, false)),
                arguments("timestamptz infinity", zonedTimestamp(), "infinity", TemporalInfinity.POSITIVE_INFINITY),
                arguments("timestamptz -infinity", zonedTimestamp(), "-infinity", TemporalInfinity.NEGATIVE_INFINITY),
                arguments("timestamptz[] -infinity", zonedTimestamp(), "+292269055-12-02T23:00:00.000000Z",
                        TemporalInfinity.NEGATIVE_INFINITY),
                arguments("timestamptz[] infinity west of UTC", zonedTimestamp(), "+292278994-08-16T22:00:00.000000Z",
                        TemporalInfinity.POSITIVE_INFINITY),
                arguments("timestamptz 294247", zonedTimestamp(), "+294247-01-01T00:00:00.000000Z",
                        new ColumnValue.Timestamp(9_223_371_244_800_000_000L, true)),
                arguments("timestamptz 4713 BC", zonedTimestamp(), "-4712-01-01T00:00:00.000000Z",
                        new ColumnValue.Timestamp(-210_863_520_000_000_000L, true)),
                arguments("timetz", zonedTime(), "07:04:56.789012Z", new ColumnValue.TimeTz(25_496_789_012L, 0)),
                arguments("timetz offset", zonedTime(), "10:00:00+05:30", new ColumnValue.TimeTz(36_000_000_000L, 19_800)),
                arguments("interval", interval(), "P1Y2M3DT4H5M6.789012S", new ColumnValue.Interval(14, 3, 14_706_789_012L)),
                arguments("interval negative micro", interval(), "P0Y0M-1DT0H0M-0.000001S", new ColumnValue.Interval(0, -1, -1)),
                arguments("interval mixed signs", interval(), "P0Y1M-1DT0H0M0S", new ColumnValue.Interval(1, -1, 0)),
                arguments("interval max hours", interval(), "P0Y0M0DT2147483647H59M59.999999S",
                        new ColumnValue.Interval(0, 0, 2_147_483_647L * 3_600_000_000L + 3_599_999_999L)),
                arguments("interval far years", interval(), "P-178000000Y0M0DT0H0M0S", new ColumnValue.Interval(-2_136_000_000, 0, 0)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"converts", "temporal"})
    void converts_debezium_values_exactly(String description, Schema schema, Object value, ColumnValue expected) {
        assertThat(ValueConverter.convert(schema, value)).isEqualTo(expected);
    }

    /** What metasync's converter emits: PostgreSQL's text, read by the type the schema says. */
    static Stream<Arguments> pgText() {
        return Stream.of(
                arguments("domain over numeric is a number", pgText("price", "numeric"), "12345678.1234",
                        decimal("12345678.1234")),
                arguments("domain over numeric NaN", pgText("price", "numeric"), "NaN", ColumnValue.SpecialNumber.NAN),
                arguments("array of a domain", pgText("_price", "_numeric"), "{1.50,NaN,NULL}", new ColumnValue.Array(
                        List.of(decimal("1.50"), ColumnValue.SpecialNumber.NAN, ColumnValue.Null.INSTANCE))),
                arguments("multi-dimensional array", pgText("_int4", "_int4"), "{{1,2},{3,NULL}}", new ColumnValue.Array(List.of(
                        new ColumnValue.Array(List.of(new ColumnValue.Int(1), new ColumnValue.Int(2))),
                        new ColumnValue.Array(List.of(new ColumnValue.Int(3), ColumnValue.Null.INSTANCE))))),
                arguments("enum", pgText("mood", "text"), "NAN", new ColumnValue.Text("NAN")),
                arguments("BC date", pgText("date", "date"), "0001-01-01 BC", new ColumnValue.Date(-719_528)),
                arguments("timetz with its offset", pgText("timetz", "timetz"), "10:00:00+05:30", new ColumnValue.TimeTz(36_000_000_000L, 19_800)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pgText")
    void reads_postgresqls_text_as_the_schema_says(String description, Schema schema, Object value, ColumnValue expected) {
        assertThat(ValueConverter.convert(schema, value)).isEqualTo(expected);
    }

    static Stream<Arguments> pgTextRefusals() {
        return Stream.of(
                arguments("a converter's marker", pgText("money", "money"), PgTextSchema.marker("money has more than two decimals", "1.234"),
                        "money has more than two decimals"),
                arguments("text PostgreSQL's rules refuse", pgText("timestamp", "timestamp"), "294276-12-31 23:59:59",
                        "later than 294247"),
                arguments("a schema without its read-as type", pgText("box", null), "(1,1),(0,0)", "did not say how to read type box"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pgTextRefusals")
    void refuses_text_it_cannot_read(String description, Schema schema, Object value, String reason) {
        assertThatThrownBy(() -> ValueConverter.convert(schema, value)).isInstanceOf(RuntimeException.class)
                .hasMessageContaining(reason);
    }

    private static Schema pgText(String pgType, String readAs) {
        return PgTextSchema.builder(pgType, readAs).build();
    }

    static Stream<Arguments> refuses() {
        return Stream.of(
                arguments("varbit loses leading zeros", bits(2147483647, "VARBIT"), new byte[] {0x05}, "varbit"),
                arguments("bit string longer than bit(n)", bits(4, "BIT"), new byte[] {0x15}, "more than bit(4)"),
                arguments("domain NaN is ambiguous", typed(SchemaBuilder.string(), "PRICE"), "NAN", "ambiguous"),
                arguments("numeric garbage", typed(SchemaBuilder.string(), "NUMERIC"), "12,5", "not a decimal"),
                arguments("date outside PostgreSQL", date(), -3_000_000, "outside PostgreSQL's range"),
                arguments("timestamp overflowed by Debezium", microTimestamp(), Long.MIN_VALUE + 999_998, "overflowed"),
                arguments("timestamp(3) past 294247", milliTimestamp(), 9_224_318_015_999_999L, "does not fit"),
                arguments("timestamptz past 294247", zonedTimestamp(), "+294276-12-31T23:59:59.999999Z", "64-bit"),
                arguments("time past 24:00", logical(SchemaBuilder.int64(), "io.debezium.time.MicroTime"), 86_400_000_001L,
                        "not a time of day"),
                arguments("interval as micros", logical(SchemaBuilder.int64(), "io.debezium.time.MicroDuration"), 1L,
                        "interval.handling.mode=string"),
                arguments("interval months past int", interval(), "P178956971Y0M0DT0H0M0S", "does not fit"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refuses")
    void refuses_values_it_cannot_carry_exactly(String description, Schema schema, Object value, String reason) {
        assertThatThrownBy(() -> ValueConverter.convert(schema, value))
                .isInstanceOf(UnconvertibleValueException.class)
                .hasMessageContaining(reason);
    }

    private static Schema typed(SchemaBuilder builder, String sourceType) {
        return builder.optional().parameter(ValueConverter.SOURCE_TYPE, sourceType).build();
    }

    private static Schema bits(int length, String sourceType) {
        return SchemaBuilder.bytes().name("io.debezium.data.Bits").parameter("length", Integer.toString(length))
                .parameter(ValueConverter.SOURCE_TYPE, sourceType).optional().build();
    }

    private static Schema array(Schema element, String sourceType) {
        return SchemaBuilder.array(element).parameter(ValueConverter.SOURCE_TYPE, sourceType).optional().build();
    }

    private static Schema logical(SchemaBuilder builder, String name) {
        return builder.name(name).optional().build();
    }

    private static Schema date() {
        return logical(SchemaBuilder.int32(), "io.debezium.time.Date");
    }

    private static Schema microTimestamp() {
        return logical(SchemaBuilder.int64(), "io.debezium.time.MicroTimestamp");
    }

    private static Schema milliTimestamp() {
        return logical(SchemaBuilder.int64(), "io.debezium.time.Timestamp");
    }

    private static Schema zonedTimestamp() {
        return logical(SchemaBuilder.string(), "io.debezium.time.ZonedTimestamp");
    }

    private static Schema zonedTime() {
        return logical(SchemaBuilder.string(), "io.debezium.time.ZonedTime");
    }

    private static Schema interval() {
        return logical(SchemaBuilder.string(), "io.debezium.time.Interval");
    }

    private static Struct point(double x, double y) {
        return new Struct(POINT).put("x", x).put("y", y);
    }

    private static ColumnValue decimal(String text) {
        return new ColumnValue.Decimal(new BigDecimal(text));
    }
}
