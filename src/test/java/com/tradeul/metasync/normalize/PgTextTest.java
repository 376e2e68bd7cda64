package com.tradeul.metasync.normalize;

import static com.tradeul.metasync.normalize.PgValues.bytes;
import static com.tradeul.metasync.normalize.PgValues.decimal;
import static com.tradeul.metasync.normalize.PgValues.text;
import static com.tradeul.metasync.normalize.PgValues.timestamp;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.tradeul.metasync.wire.Column;
import com.tradeul.metasync.wire.ColumnValue;
import com.tradeul.metasync.wire.ColumnValue.SpecialNumber;
import com.tradeul.metasync.wire.ColumnValue.TemporalInfinity;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * PostgreSQL's text of every scalar family, as PostgreSQL 15's output functions print it (the texts
 * were taken from psql), read into the exact value, and the JSON that value renders as (the
 * README's table, as metasync writes it today). Arrays: {@link PgArrayTextTest}; refusals:
 * {@link PgTextRefusalTest}.
 */
class PgTextTest {

    private static final PgText PARSER = PgText.builtIn();
    private static final JsonRenderer RENDERER = new JsonRenderer(SpecialNumberPolicy.STRING);

    static Stream<Arguments> numbers() {
        return Stream.of(
                arguments("int2", "-32768", new ColumnValue.Int(-32768)),
                arguments("int4", "2147483647", new ColumnValue.Int(2147483647)),
                arguments("int8", "-9223372036854775808", new ColumnValue.Int(Long.MIN_VALUE)),
                arguments("oid", "4294967295", new ColumnValue.Int(4294967295L)),
                arguments("float4", "1.1", new ColumnValue.Float(1.1)),
                arguments("float4", "3.4028235e+38", new ColumnValue.Float(3.4028235E38)),
                arguments("float4", "1e-45", new ColumnValue.Float(1.4E-45)),
                arguments("float4", "-0", new ColumnValue.Float(-0.0)),
                arguments("float4", "NaN", new ColumnValue.Float(Double.NaN)),
                arguments("float4", "-Infinity", new ColumnValue.Float(Double.NEGATIVE_INFINITY)),
                arguments("float8", "1.7976931348623157e+308", new ColumnValue.Float(Double.MAX_VALUE)),
                arguments("float8", "5e-324", new ColumnValue.Float(Double.MIN_VALUE)),
                arguments("float8", "0.1", new ColumnValue.Float(0.1)),
                arguments("float8", "-0", new ColumnValue.Float(-0.0)),
                arguments("float8", "Infinity", new ColumnValue.Float(Double.POSITIVE_INFINITY)),
                arguments("float8", "NaN", new ColumnValue.Float(Double.NaN)),
                arguments("numeric", "-123.4500", decimal("-123.4500")),
                arguments("numeric", "0.000000000123", decimal("0.000000000123")),
                arguments("numeric", "1000000000000000000000000000000", decimal("1000000000000000000000000000000")),
                arguments("numeric", "1234567890123456789012345678901234567890.0123456789",
                        decimal("1234567890123456789012345678901234567890.0123456789")),
                arguments("numeric", "NaN", SpecialNumber.NAN),
                arguments("numeric", "Infinity", SpecialNumber.POSITIVE_INFINITY),
                arguments("numeric", "-Infinity", SpecialNumber.NEGATIVE_INFINITY),
                arguments("money", "$1,234.56", decimal("1234.56")),
                arguments("money", "-$92,233,720,368,547,758.08", decimal("-92233720368547758.08")),
                arguments("money", "$92,233,720,368,547,758.07", decimal("92233720368547758.07")),
                arguments("money", "$0.00", decimal("0.00")),
                arguments("money", "-$0.01", decimal("-0.01")),
                arguments("bool", "t", new ColumnValue.Bool(true)),
                arguments("bool", "f", new ColumnValue.Bool(false)),
                arguments("point", "(1.5,-2.25)", new ColumnValue.Point(1.5, -2.25)),
                arguments("point", "(NaN,Infinity)", new ColumnValue.Point(Double.NaN, Double.POSITIVE_INFINITY)),
                arguments("point", "(1e+300,-0)", new ColumnValue.Point(1e300, -0.0)));
    }

    static Stream<Arguments> texts() {
        return Stream.of(
                arguments("text", "say \"hé\"\n\\ 🚀", new ColumnValue.Text("say \"hé\"\n\\ 🚀")),
                arguments("text", "", new ColumnValue.Text("")),
                arguments("bpchar", "ab   ", new ColumnValue.Text("ab   ")),
                arguments("varchar", "NULL", new ColumnValue.Text("NULL")),
                arguments("char", "a", new ColumnValue.Text("a")),
                arguments("name", "pg_class", new ColumnValue.Text("pg_class")),
                arguments("xml", "<a x=\"1\">t&amp;</a>", new ColumnValue.Text("<a x=\"1\">t&amp;</a>")),
                arguments("inet", "192.168.0.1/24", new ColumnValue.Text("192.168.0.1/24")),
                arguments("cidr", "2001:db8::/32", new ColumnValue.Text("2001:db8::/32")),
                arguments("macaddr", "08:00:2b:01:02:03", new ColumnValue.Text("08:00:2b:01:02:03")),
                arguments("int4range", "[1,10)", new ColumnValue.Text("[1,10)")),
                arguments("tstzrange", "[\"2024-01-01 10:00:00+00\",infinity)",
                        new ColumnValue.Text("[\"2024-01-01 10:00:00+00\",infinity)")),
                arguments("daterange", "empty", new ColumnValue.Text("empty")),
                arguments("int4multirange", "{[1,2),[5,7)}", new ColumnValue.Text("{[1,2),[5,7)}")),
                arguments("bit", "0101", new ColumnValue.Text("0101")),
                arguments("varbit", "", new ColumnValue.Text("")),
                arguments("varbit", "00000001", new ColumnValue.Text("00000001")),
                arguments("bytea", "\\x00ff0010", bytes(0x00, 0xff, 0x00, 0x10)),
                arguments("bytea", "\\x", bytes()),
                arguments("bytea", "\\000\\377\\\\A ~\\177\\200", bytes(0, 0xff, '\\', 'A', ' ', '~', 0x7f, 0x80)),
                arguments("bytea", "", bytes()),
                arguments("uuid", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", new ColumnValue.Uuid("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11")),
                arguments("json", "{\"a\": 1.50, \"a\": -0.00}", new ColumnValue.Json("{\"a\": 1.50, \"a\": -0.00}")),
                arguments("jsonb", "null", new ColumnValue.Json("null")));
    }

    static Stream<Arguments> temporals() {
        return Stream.of(
                arguments("date", "2024-01-01", new ColumnValue.Date(19_723)),
                arguments("date", "0001-01-01 BC", new ColumnValue.Date(-719_528)),
                arguments("date", "4714-11-24 BC", new ColumnValue.Date(-2_440_588)),
                arguments("date", "5874897-12-31", new ColumnValue.Date(2_145_042_905)),
                // Proleptic Gregorian like PostgreSQL: the ten days the Julian/Gregorian switch skipped exist.
                arguments("date", "1582-10-04", new ColumnValue.Date(-141_438)),
                arguments("date", "1582-10-05", new ColumnValue.Date(-141_437)),
                arguments("date", "1582-10-14", new ColumnValue.Date(-141_428)),
                arguments("date", "1582-10-15", new ColumnValue.Date(-141_427)),
                arguments("date", "infinity", TemporalInfinity.POSITIVE_INFINITY),
                arguments("date", "-infinity", TemporalInfinity.NEGATIVE_INFINITY),
                arguments("time", "24:00:00", new ColumnValue.Time(86_400_000_000L)),
                arguments("time", "10:30:15.123456", new ColumnValue.Time(37_815_123_456L)),
                arguments("time", "23:59:59.999", new ColumnValue.Time(86_399_999_000L)),
                arguments("time", "00:00:00", new ColumnValue.Time(0)),
                arguments("timetz", "07:04:56.789012+02", new ColumnValue.TimeTz(25_496_789_012L, 7_200)),
                arguments("timetz", "24:00:00-15:59", new ColumnValue.TimeTz(86_400_000_000L, -57_540)),
                arguments("timetz", "12:00:00+05:30:15", new ColumnValue.TimeTz(43_200_000_000L, 19_815)),
                // timetz's last value, which Debezium's parse and a move to UTC make the next day's 00:00:00.
                arguments("timetz", "24:00:00+00", new ColumnValue.TimeTz(86_400_000_000L, 0)),
                arguments("timestamp", "2024-01-01 10:30:15", timestamp("2024-01-01T10:30:15", false)),
                arguments("timestamp", "2024-01-01 10:30:15 BC", timestamp("-2023-01-01T10:30:15", false)),
                arguments("timestamp", "0001-12-31 23:59:59.999999 BC", timestamp("0000-12-31T23:59:59.999999", false)),
                arguments("timestamp", "21016-06-15 12:00:00", new ColumnValue.Timestamp(601_048_036_800_000_000L, false)),
                arguments("timestamp", "294247-01-10 04:00:54.775807", new ColumnValue.Timestamp(Long.MAX_VALUE, false)),
                arguments("timestamp", "1969-12-31 23:59:59.999999", new ColumnValue.Timestamp(-1, false)),
                arguments("timestamp", "infinity", TemporalInfinity.POSITIVE_INFINITY),
                arguments("timestamptz", "2024-01-01 10:30:15.123456+02", timestamp("2024-01-01T08:30:15.123456", true)),
                arguments("timestamptz", "2024-01-01 14:00:15.123456+05:30", timestamp("2024-01-01T08:30:15.123456", true)),
                arguments("timestamptz", "2024-06-30 21:30:00-02:30", timestamp("2024-07-01T00:00:00", true)),
                arguments("timestamptz", "0001-01-01 00:19:32+00:19:32 BC", timestamp("0000-01-01T00:00:00", true)),
                arguments("timestamptz", "4713-01-01 00:00:00+00 BC", new ColumnValue.Timestamp(-210_863_520_000_000_000L, true)),
                arguments("timestamptz", "294247-01-01 00:00:00+00", new ColumnValue.Timestamp(9_223_371_244_800_000_000L, true)),
                arguments("timestamptz", "-infinity", TemporalInfinity.NEGATIVE_INFINITY));
    }

    static Stream<Arguments> intervals() {
        long clockMax = 2_147_483_647L * 3_600_000_000L + 3_599_999_999L;
        return Stream.of(
                arguments("interval", "1 year 2 mons 3 days 04:05:06.789012", new ColumnValue.Interval(14, 3, 14_706_789_012L)),
                arguments("interval", "-1 days +02:00:00", new ColumnValue.Interval(0, -1, 7_200_000_000L)),
                arguments("interval", "00:00:00", new ColumnValue.Interval(0, 0, 0)),
                arguments("interval", "1 mon -1 days", new ColumnValue.Interval(1, -1, 0)),
                arguments("interval", "1 day", new ColumnValue.Interval(0, 1, 0)),
                arguments("interval", "-1 mons", new ColumnValue.Interval(-1, 0, 0)),
                arguments("interval", "-1 years -2 mons +3 days -04:05:06.5", new ColumnValue.Interval(-14, 3, -14_706_500_000L)),
                arguments("interval", "-178000000 years", new ColumnValue.Interval(-2_136_000_000, 0, 0)),
                arguments("interval", "178000000 years 11 mons 2147483647 days",
                        new ColumnValue.Interval(2_136_000_011, 2_147_483_647, 0)),
                arguments("interval", "2147483647:59:59.999999", new ColumnValue.Interval(0, 0, clockMax)),
                arguments("interval", "-2147483647:59:59.999999", new ColumnValue.Interval(0, 0, -clockMax)),
                arguments("interval", "-00:00:00.5", new ColumnValue.Interval(0, 0, -500_000)),
                arguments("interval", "-1 days -00:00:00.000001", new ColumnValue.Interval(0, -1, -1)),
                arguments("interval", "P1Y2M3DT4H5M6.789012S", new ColumnValue.Interval(14, 3, 14_706_789_012L)),
                arguments("interval", "PT0S", new ColumnValue.Interval(0, 0, 0)),
                arguments("interval", "P-1DT2H", new ColumnValue.Interval(0, -1, 7_200_000_000L)),
                arguments("interval", "P-1Y-2M3DT-4H-5M-6.5S", new ColumnValue.Interval(-14, 3, -14_706_500_000L)),
                arguments("interval", "PT2147483647H59M59.999999S", new ColumnValue.Interval(0, 0, clockMax)),
                arguments("interval", "P-1DT-0.000001S", new ColumnValue.Interval(0, -1, -1)));
    }


    @ParameterizedTest(name = "{0} {1}")
    @MethodSource({"numbers", "texts", "temporals", "intervals"})
    void reads_postgresql_text_into_the_exact_value(String type, String text, ColumnValue expected) {
        assertThat(PARSER.parse(type, text)).isEqualTo(expected);
    }

    static Stream<Arguments> renderings() {
        return Stream.of(
                arguments("int8", "9223372036854775807", "9223372036854775807"),
                arguments("float8", "1.7976931348623157e+308", "1.7976931348623157E308"),
                arguments("float8", "-0", "-0.0"),
                arguments("float8", "NaN", "\"NaN\""),
                arguments("float4", "1.1", "1.1"),
                arguments("float4", "3.4028235e+38", "3.4028235E38"),
                arguments("numeric", "123456789012345678.90", "123456789012345678.90"),
                arguments("numeric", "-123.4500", "-123.4500"),
                arguments("numeric", "0.000000000123", "0.000000000123"),
                arguments("numeric", "-Infinity", "\"-Infinity\""),
                arguments("money", "-$92,233,720,368,547,758.08", "-92233720368547758.08"),
                arguments("money", "$0.00", "0.00"),
                arguments("bool", "t", "true"),
                arguments("bpchar", "ab   ", "\"ab   \""),
                arguments("bytea", "\\x00ff0010", "\"\\\\x00ff0010\""),
                arguments("bytea", "\\000\\377\\020", "\"\\\\x00ff10\""),
                arguments("varbit", "00000001", "\"00000001\""),
                arguments("jsonb", "{\"a\": 1.50, \"b\": [1e2]}", "{\"a\":1.50,\"b\":[1e2]}"),
                arguments("date", "2024-01-01", "\"2024-01-01\""),
                arguments("date", "0001-01-01 BC", "\"0000-01-01\""),
                arguments("date", "4714-11-24 BC", "\"-4713-11-24\""),
                arguments("date", "5874897-12-31", "\"+5874897-12-31\""),
                arguments("date", "1582-10-05", "\"1582-10-05\""),
                arguments("date", "infinity", "\"infinity\""),
                arguments("time", "24:00:00", "\"24:00:00\""),
                arguments("time", "10:30:15.123456", "\"10:30:15.123456\""),
                arguments("timetz", "07:04:56.789012+02", "\"07:04:56.789012+02:00\""),
                arguments("timetz", "24:00:00+00", "\"24:00:00Z\""),
                arguments("timestamp", "21016-06-15 12:00:00", "\"+21016-06-15T12:00:00\""),
                arguments("timestamp", "4713-01-01 00:00:00 BC", "\"-4712-01-01T00:00:00\""),
                arguments("timestamp", "2024-01-01 10:30:15 BC", "\"-2023-01-01T10:30:15\""),
                arguments("timestamptz", "2024-01-01 10:30:15.123456+02", "\"2024-01-01T08:30:15.123456Z\""),
                arguments("timestamptz", "-infinity", "\"-infinity\""),
                arguments("interval", "1 year 2 mons 3 days 04:05:06.789012", "\"P1Y2M3DT4H5M6.789012S\""),
                arguments("interval", "00:00:00", "\"PT0S\""),
                arguments("point", "(1.5,-2.25)", "{\"x\":1.5,\"y\":-2.25}"),
                arguments("int4range", "(,)", "\"(,)\""));
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @MethodSource("renderings")
    void renders_as_the_readme_table_says(String type, String text, String json) {
        byte[] rendered = RENDERER.renderRow(List.of(new Column("v", PARSER.parse(type, text))));

        assertThat(new String(rendered, UTF_8)).isEqualTo("{\"v\":" + json + "}");
    }

    static Stream<Arguments> sameValues() {
        return Stream.of(
                arguments("interval", "1 year 2 mons 3 days 04:05:06.789012", "P1Y2M3DT4H5M6.789012S"),
                arguments("interval", "-1 years -2 mons +3 days -04:05:06.5", "P-1Y-2M3DT-4H-5M-6.5S"),
                arguments("interval", "-00:00:00.5", "PT-0.5S"),
                arguments("bytea", "\\x005c41ff", "\\000\\\\A\\377"),
                arguments("timestamptz", "2024-01-01 10:00:00+00", "2024-01-01 06:30:00-03:30"),
                arguments("timestamptz", "1900-01-01 00:00:00+00", "1900-01-01 00:19:32+00:19:32"),
                arguments("_interval", "{\"1 mon -1 days\",\"-00:00:00.5\"}", "{P1M-1D,PT-0.5S}"));
    }

    @ParameterizedTest(name = "{0}: {1} = {2}")
    @MethodSource("sameValues")
    void every_accepted_setting_gives_the_same_value(String type, String oneSetting, String another) {
        assertThat(PARSER.parse(type, another)).isEqualTo(PARSER.parse(type, oneSetting));
    }

    @Test
    void sql_null_is_null() {
        assertThat(PARSER.parse("int4", null)).isEqualTo(ColumnValue.Null.INSTANCE);
        assertThat(PARSER.parse("no_such_type", null)).isEqualTo(ColumnValue.Null.INSTANCE);
    }
}
