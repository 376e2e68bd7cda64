package com.tradeul.metasync.normalize;

import static com.tradeul.metasync.normalize.SpecialNumberPolicy.NULL;
import static com.tradeul.metasync.normalize.SpecialNumberPolicy.STRING;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.tradeul.metasync.wire.Column;
import com.tradeul.metasync.wire.ColumnValue.SpecialNumber;
import com.tradeul.metasync.wire.ColumnValue;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class JsonRendererTest {

    /** Parses the way a careful reader would: no digit or scale lost. */
    private static final JsonMapper EXACT = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    private static final long MICROS_2024_01_01_10_30_15 = 1_704_105_015L * 1_000_000L;

    static Stream<Arguments> values() {
        return Stream.of(
                arguments("null", ColumnValue.Null.INSTANCE, STRING, "null"),
                arguments("bool", new ColumnValue.Bool(true), STRING, "true"),
                arguments("int min", new ColumnValue.Int(Long.MIN_VALUE), STRING, "-9223372036854775808"),
                arguments("float", new ColumnValue.Float(0.1), STRING, "0.1"),
                arguments("float large", new ColumnValue.Float(1e20), STRING, "1.0E20"),
                arguments("float NaN string", new ColumnValue.Float(Double.NaN), STRING, "\"NaN\""),
                arguments("float +inf string", new ColumnValue.Float(Double.POSITIVE_INFINITY), STRING, "\"Infinity\""),
                arguments("float -inf string", new ColumnValue.Float(Double.NEGATIVE_INFINITY), STRING, "\"-Infinity\""),
                arguments("float NaN null", new ColumnValue.Float(Double.NaN), NULL, "null"),
                arguments("float -inf null", new ColumnValue.Float(Double.NEGATIVE_INFINITY), NULL, "null"),
                arguments("numeric(20,2)", decimal("123456789012345678.90"), STRING, "123456789012345678.90"),
                arguments("unscaled tiny", decimal("0.000000000123"), STRING, "0.000000000123"),
                arguments("1e30", decimal("1e30"), STRING, "1000000000000000000000000000000"),
                arguments("scale kept", decimal("-123.4500"), STRING, "-123.4500"),
                arguments("zero", decimal("0"), STRING, "0"),
                arguments("negative zero", decimal("-0.00"), STRING, "0.00"),
                arguments("numeric NaN string", SpecialNumber.NAN, STRING, "\"NaN\""),
                arguments("numeric +inf string", SpecialNumber.POSITIVE_INFINITY, STRING, "\"Infinity\""),
                arguments("numeric -inf string", SpecialNumber.NEGATIVE_INFINITY, STRING, "\"-Infinity\""),
                arguments("numeric NaN null", SpecialNumber.NAN, NULL, "null"),
                arguments("numeric +inf null", SpecialNumber.POSITIVE_INFINITY, NULL, "null"),
                arguments("numeric -inf null", SpecialNumber.NEGATIVE_INFINITY, NULL, "null"),
                arguments("text escaped", new ColumnValue.Text("say \"hé\"\n\\"), STRING, "\"say \\\"hé\\\"\\n\\\\\""),
                arguments("bytea hex", new ColumnValue.Bytes(new byte[] {(byte) 0xde, (byte) 0xad, (byte) 0xbe, (byte) 0xef}),
                        STRING, "\"\\\\xdeadbeef\""),
                arguments("bytea with NUL", new ColumnValue.Bytes(new byte[] {0, 10}), STRING, "\"\\\\x000a\""),
                arguments("date", new ColumnValue.Date(19_723), STRING, "\"2024-01-01\""),
                arguments("date before epoch", new ColumnValue.Date(-1), STRING, "\"1969-12-31\""),
                arguments("time midnight", new ColumnValue.Time(0), STRING, "\"00:00:00\""),
                arguments("time micros", new ColumnValue.Time(37_815_123_456L), STRING, "\"10:30:15.123456\""),
                arguments("time trims zeros", new ColumnValue.Time(37_815_500_000L), STRING, "\"10:30:15.5\""),
                arguments("time 24:00", new ColumnValue.Time(86_400_000_000L), STRING, "\"24:00:00\""),
                arguments("timestamptz", new ColumnValue.Timestamp(MICROS_2024_01_01_10_30_15 + 123_456, true),
                        STRING, "\"2024-01-01T10:30:15.123456Z\""),
                arguments("timestamptz epoch", new ColumnValue.Timestamp(0, true), STRING, "\"1970-01-01T00:00:00Z\""),
                arguments("timestamp", new ColumnValue.Timestamp(MICROS_2024_01_01_10_30_15, false),
                        STRING, "\"2024-01-01T10:30:15\""),
                arguments("timestamp before epoch", new ColumnValue.Timestamp(-1, false),
                        STRING, "\"1969-12-31T23:59:59.999999\""),
                arguments("uuid", new ColumnValue.Uuid("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"),
                        STRING, "\"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11\""),
                arguments("json object", new ColumnValue.Json("{\"price\": 1.50, \"big\": 123456789012345678901234567890, \"t\": [\"a\"]}"),
                        STRING, "{\"price\":1.50,\"big\":123456789012345678901234567890,\"t\":[\"a\"]}"),
                arguments("json numbers as written", new ColumnValue.Json("[0.000000000123, -0.00, 1e2, 7]"), STRING,
                        "[0.000000000123,-0.00,1e2,7]"),
                arguments("json keeps member order and duplicates", new ColumnValue.Json("{\"b\": 1, \"a\": 2, \"b\": 3}"),
                        STRING, "{\"b\":1,\"a\":2,\"b\":3}"),
                arguments("json string escapes", new ColumnValue.Json("\"a\\u0000\\n\u00e9\""), STRING, "\"a\\u0000\\n\u00e9\""),
                arguments("json scalar", new ColumnValue.Json("\"str\""), STRING, "\"str\""),
                arguments("json null", new ColumnValue.Json("null"), STRING, "null"),
                arguments("date 1 BC", new ColumnValue.Date(-719_528), STRING, "\"0000-01-01\""),
                arguments("date 4713 BC", new ColumnValue.Date(-2_440_550), STRING, "\"-4712-01-01\""),
                arguments("date past 9999", new ColumnValue.Date(2_145_042_905), STRING, "\"+5874897-12-31\""),
                arguments("date infinity", ColumnValue.TemporalInfinity.POSITIVE_INFINITY, STRING, "\"infinity\""),
                arguments("timestamp -infinity", ColumnValue.TemporalInfinity.NEGATIVE_INFINITY, NULL, "\"-infinity\""),
                arguments("timestamp year 21016", new ColumnValue.Timestamp(601_048_036_800_000_000L, false), STRING,
                        "\"+21016-06-15T12:00:00\""),
                arguments("timestamptz 294247", new ColumnValue.Timestamp(9_223_371_244_800_000_000L, true), STRING,
                        "\"+294247-01-01T00:00:00Z\""),
                arguments("timestamptz BC", new ColumnValue.Timestamp(-210_863_520_000_000_000L, true), STRING,
                        "\"-4712-01-01T00:00:00Z\""),
                arguments("timetz UTC", new ColumnValue.TimeTz(25_496_789_012L, 0), STRING, "\"07:04:56.789012Z\""),
                arguments("timetz offset", new ColumnValue.TimeTz(36_000_000_000L, -57_540), STRING, "\"10:00:00-15:59\""),
                arguments("timetz 24:00", new ColumnValue.TimeTz(86_400_000_000L, 3600), STRING, "\"24:00:00+01:00\""),
                arguments("interval", new ColumnValue.Interval(14, 3, 14_706_789_012L), STRING, "\"P1Y2M3DT4H5M6.789012S\""),
                arguments("interval zero", new ColumnValue.Interval(0, 0, 0), STRING, "\"PT0S\""),
                arguments("interval negative micro", new ColumnValue.Interval(0, -1, -1), STRING, "\"P-1DT-0.000001S\""),
                arguments("interval mixed signs", new ColumnValue.Interval(1, -1, 0), STRING, "\"P1M-1D\""),
                arguments("interval years only", new ColumnValue.Interval(-2_136_000_000, 0, 0), STRING, "\"P-178000000Y\""),
                arguments("interval negative months", new ColumnValue.Interval(-14, 0, 0), STRING, "\"P-1Y-2M\""),
                arguments("interval clock", new ColumnValue.Interval(0, 0, 2_147_483_647L * 3_600_000_000L + 3_599_999_999L),
                        STRING, "\"PT2147483647H59M59.999999S\""),
                arguments("interval minutes and half second", new ColumnValue.Interval(0, 0, -(61 * 60_000_000L + 500_000)),
                        STRING, "\"PT-1H-1M-0.5S\""),
                arguments("point", new ColumnValue.Point(1.5, -2.25), STRING, "{\"x\":1.5,\"y\":-2.25}"),
                arguments("point specials", new ColumnValue.Point(Double.NaN, Double.NEGATIVE_INFINITY), STRING,
                        "{\"x\":\"NaN\",\"y\":\"-Infinity\"}"),
                arguments("point -0", new ColumnValue.Point(1e300, -0.0), STRING, "{\"x\":1.0E300,\"y\":-0.0}"),
                arguments("bit string", new ColumnValue.Text("0101"), STRING, "\"0101\""),
                arguments("array nested", new ColumnValue.Array(List.of(new ColumnValue.Int(1), ColumnValue.Null.INSTANCE,
                        new ColumnValue.Array(List.of(new ColumnValue.Text("a"))), decimal("1.10"), SpecialNumber.NAN)),
                        STRING, "[1,null,[\"a\"],1.10,\"NaN\"]"),
                arguments("array special null", new ColumnValue.Array(List.of(new ColumnValue.Float(Double.NaN))), NULL, "[null]"));
    }

    @ParameterizedTest(name = "{0}: {3}")
    @MethodSource("values")
    void renders_each_kind_as_the_documented_json(String kind, ColumnValue value, SpecialNumberPolicy policy, String json) {
        byte[] rendered = new JsonRenderer(policy).renderRow(List.of(new Column("v", value)));

        assertThat(new String(rendered, UTF_8)).isEqualTo("{\"v\":" + json + "}");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "123456789012345678.90, 2",
        "0.000000000123, 12",
        "-123.4500, 4",
        "0, 0",
        "-0.00, 2",
        "1e30, 0",
        "99999999999999999999999999999999999999.999999999999999999999999, 24",
    })
    void decimal_keeps_every_digit_and_scale(String input, int expectedScale) throws Exception {
        BigDecimal original = new BigDecimal(input);
        byte[] rendered = new JsonRenderer(STRING).renderRow(List.of(new Column("v", new ColumnValue.Decimal(original))));

        BigDecimal parsed = EXACT.readTree(rendered).get("v").decimalValue();

        assertThat(parsed).isEqualByComparingTo(original);
        // Plain notation cannot carry a negative scale (1E+30 has -30): it comes back as scale 0.
        assertThat(parsed.scale()).isEqualTo(expectedScale).isEqualTo(Math.max(original.scale(), 0));
        assertThat(new String(rendered, UTF_8)).doesNotContain("E", "e");
    }

    @Test
    void row_members_keep_column_order() {
        List<Column> row = List.of(
                new Column("symbol", new ColumnValue.Text("AAPL")),
                new Column("market_cap", decimal("3400000000000.00")),
                new Column("active", new ColumnValue.Bool(true)),
                new Column("delisted_on", ColumnValue.Null.INSTANCE));

        assertThat(new String(new JsonRenderer(NULL).renderRow(row), UTF_8))
                .isEqualTo("{\"symbol\":\"AAPL\",\"market_cap\":3400000000000.00,\"active\":true,\"delisted_on\":null}");
    }

    @Test
    void empty_row_is_an_empty_object() {
        assertThat(new JsonRenderer(STRING).renderRow(List.of())).asString(UTF_8).isEqualTo("{}");
    }

    @Test
    void key_renders_like_a_row() {
        byte[] key = new JsonRenderer(STRING).renderKey(List.of(new Column("symbol", new ColumnValue.Text("AAPL"))));

        assertThat(key).asString(UTF_8).isEqualTo("{\"symbol\":\"AAPL\"}");
    }

    @Test
    void invalid_embedded_json_names_the_column() {
        JsonRenderer renderer = new JsonRenderer(STRING);
        List<Column> row = List.of(new Column("attrs", new ColumnValue.Json("{\"a\": ")));

        assertThatThrownBy(() -> renderer.renderRow(row))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("column attrs");
    }

    static Stream<Arguments> keys() {
        return Stream.of(
                arguments("{\"symbol\":\"AAPL\"}", Map.of("symbol", "AAPL")),
                arguments("{\"id\":42,\"price\":1.50}", Map.of("id", "42", "price", "1.50")),
                arguments("{\"n\":123456789012345678901234567890.000}", Map.of("n", "123456789012345678901234567890.000")),
                arguments("{\"on\":true,\"gone\":null}", Map.of("on", "true", "gone", "null")),
                arguments("{\"tags\":[1, \"a\"],\"o\":{\"x\":1}}", Map.of("tags", "[1,\"a\"]", "o", "{\"x\":1}")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("keys")
    void key_parts_give_exact_text_per_column(String keyJson, Map<String, String> expected) {
        assertThat(JsonRenderer.keyParts(keyJson.getBytes(UTF_8))).containsExactlyInAnyOrderEntriesOf(expected);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"{\"symbol\":\"AAPL\"}", "{}", " { \"a\" : -0 , \"b\" : -0.0 } ", "{\"e\":1e2,\"E\":-1.50E-3,\"z\":0.000}",
            "{\"big\":123456789012345678901234567890,\"neg\":-9223372036854775809,\"int\":2147483648}",
            "{\"s\":\"\\u00e9\\n\\\"q\\\"\",\"t\":true,\"f\":false,\"n\":null}", "{\"z\":1,\"a\":2,\"m\":3}",
            "{\"dup\":1,\"other\":2,\"dup\":3}", "{\"nested\":{\"x\":[1,{\"y\":null}]},\"after\":\"k\"}",
            "{\"\":\"empty name\"}"})
    void key_parts_read_as_a_stream_are_those_of_the_tree(String keyJson) {
        byte[] key = keyJson.getBytes(UTF_8);
        assertThat(JsonRenderer.keyParts(key)).containsExactlyEntriesOf(JsonRenderer.treeKeyParts(key));
    }

    @Test
    void key_parts_keep_key_column_order() {
        byte[] key = new JsonRenderer(STRING).renderKey(List.of(
                new Column("region", new ColumnValue.Text("eu")),
                new Column("id", decimal("7.0")),
                new Column("at", new ColumnValue.Date(0))));

        assertThat(JsonRenderer.keyParts(key)).containsExactly(
                Map.entry("region", "eu"), Map.entry("id", "7.0"), Map.entry("at", "1970-01-01"));
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"", "[1,2]", "\"AAPL\"", "42", "{\"symbol\":", "not json", "{} {}"})
    void key_parts_reject_anything_but_a_json_object(String notAnObject) {
        assertThatThrownBy(() -> JsonRenderer.keyParts(notAnObject.getBytes(UTF_8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("record key")
                .hasMessageContaining("{\"symbol\":\"AAPL\"}");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"string, STRING", "STRING, STRING", "Null, NULL", "null, NULL"})
    void policy_parses_case_insensitively(String text, SpecialNumberPolicy expected) {
        assertThat(SpecialNumberPolicy.parse(text)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"", "nan", "zero", "strings"})
    void policy_rejects_unknown_names_listing_the_allowed_ones(String text) {
        assertThatThrownBy(() -> SpecialNumberPolicy.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'string'")
                .hasMessageContaining("'null'");
    }

    private static ColumnValue.Decimal decimal(String digits) {
        return new ColumnValue.Decimal(new BigDecimal(digits));
    }
}
