package com.tradeul.metasync.normalize;

import static com.tradeul.metasync.normalize.PgValues.NULL;
import static com.tradeul.metasync.normalize.PgValues.array;
import static com.tradeul.metasync.normalize.PgValues.bytes;
import static com.tradeul.metasync.normalize.PgValues.decimal;
import static com.tradeul.metasync.normalize.PgValues.ints;
import static com.tradeul.metasync.normalize.PgValues.text;
import static com.tradeul.metasync.normalize.PgValues.timestamp;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.tradeul.metasync.wire.Column;
import com.tradeul.metasync.wire.ColumnValue;
import com.tradeul.metasync.wire.ColumnValue.SpecialNumber;
import com.tradeul.metasync.wire.ColumnValue.TemporalInfinity;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * PostgreSQL's array literals (as PostgreSQL 15 prints them) of every element family: quoting,
 * NULL versus "NULL", empty, multi-dimensional, explicit bounds; the nested JSON arrays they
 * render as; and the malformed literals refused.
 */
class PgArrayTextTest {

    private static final PgText PARSER = PgText.builtIn();

    static Stream<Arguments> arrays() {
        return Stream.of(
                arguments("_int4", "{1,NULL,-3}", array(new ColumnValue.Int(1), NULL, new ColumnValue.Int(-3))),
                arguments("_int4", "{}", array()),
                arguments("_int4", "{{1,2},{3,4}}", array(ints(1, 2), ints(3, 4))),
                arguments("_int4", "{{{1},{2}},{{3},{4}}}", array(array(ints(1), ints(2)), array(ints(3), ints(4)))),
                // Bounds are dropped: JSON arrays have none, and each value keeps its place.
                arguments("_int4", "[0:1]={1,2}", ints(1, 2)),
                arguments("_int4", "[0:1][-1:0]={{1,2},{3,4}}", array(ints(1, 2), ints(3, 4))),
                arguments("_text", "{a,\"b\\\"q\",\"NULL\",NULL,\"\",\" x\",\"x,y\",\"{}\",\"a\\\\b\",\"tab\there\",\"null\"}",
                        array(text("a"), text("b\"q"), text("NULL"), NULL, text(""), text(" x"), text("x,y"), text("{}"),
                                text("a\\b"), text("tab\there"), text("null"))),
                arguments("_text", "{{a,NULL},{\"\",\"NULL\"}}", array(array(text("a"), NULL), array(text(""), text("NULL")))),
                arguments("_bpchar", "{\"ab  \"}", array(text("ab  "))),
                arguments("_numeric", "{NaN,Infinity,-Infinity,1234567890123456789012345678901234567890.5,-123.4500,NULL}",
                        array(SpecialNumber.NAN, SpecialNumber.POSITIVE_INFINITY, SpecialNumber.NEGATIVE_INFINITY,
                                decimal("1234567890123456789012345678901234567890.5"), decimal("-123.4500"), NULL)),
                arguments("_money", "{$1.50,-$2.00,NULL,\"$1,234.56\"}", array(decimal("1.50"), decimal("-2.00"), NULL, decimal("1234.56"))),
                arguments("_date", "{\"0001-01-01 BC\",infinity,NULL,1582-10-05}", array(new ColumnValue.Date(-719_528),
                        TemporalInfinity.POSITIVE_INFINITY, NULL, new ColumnValue.Date(-141_437))),
                arguments("_timestamptz", "{\"2024-01-01 10:00:00.000001+00\",-infinity,\"0001-01-01 00:00:00+00 BC\"}",
                        array(timestamp("2024-01-01T10:00:00.000001", true), TemporalInfinity.NEGATIVE_INFINITY,
                                timestamp("0000-01-01T00:00:00", true))),
                arguments("_interval", "{\"1 year 2 mons\",\"-1 days +02:00:00\",00:00:00,PT0S}",
                        array(new ColumnValue.Interval(14, 0, 0), new ColumnValue.Interval(0, -1, 7_200_000_000L),
                                new ColumnValue.Interval(0, 0, 0), new ColumnValue.Interval(0, 0, 0))),
                arguments("_varbit", "{0101,\"\"}", array(text("0101"), text(""))),
                arguments("_xml", "{\"<a x=\\\"1\\\"/>\",plain}", array(text("<a x=\"1\"/>"), text("plain"))),
                arguments("_point", "{\"(1.5,-2.25)\",NULL}", array(new ColumnValue.Point(1.5, -2.25), NULL)),
                arguments("_bytea", "{\"\\\\x00ff\",NULL,\"\\\\000\\\\377\"}", array(bytes(0, 0xff), NULL, bytes(0, 0xff))),
                arguments("_uuid", "{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}", array(new ColumnValue.Uuid("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"))),
                arguments("_jsonb", "{\"{\\\"a\\\": 1.50}\",NULL,\"null\"}",
                        array(new ColumnValue.Json("{\"a\": 1.50}"), NULL, new ColumnValue.Json("null"))),
                arguments("_float4", "{NaN,-0,1.1}", array(new ColumnValue.Float(Double.NaN), new ColumnValue.Float(-0.0),
                        new ColumnValue.Float(1.1))),
                arguments("_time", "{24:00:00}", array(new ColumnValue.Time(86_400_000_000L))),
                arguments("_timetz", "{07:04:56.789012+02}", array(new ColumnValue.TimeTz(25_496_789_012L, 7_200))),
                arguments("_int4range", "{\"[1,10)\",empty}", array(text("[1,10)"), text("empty"))));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("arrays")
    void reads_each_element_by_its_type_and_each_dimension_as_a_nested_array(String type, String text, ColumnValue expected) {
        assertThat(PARSER.parse(type, text)).isEqualTo(expected);
    }

    static Stream<Arguments> renderings() {
        return Stream.of(
                arguments("_int4", "{{1,2},{3,4}}", "[[1,2],[3,4]]"),
                arguments("_text", "{{a,NULL},{\"\",\"NULL\"}}", "[[\"a\",null],[\"\",\"NULL\"]]"),
                arguments("_int4", "[0:1]={1,2}", "[1,2]"),
                arguments("_numeric", "{NaN,1.50,NULL}", "[\"NaN\",1.50,null]"),
                arguments("_date", "{\"0001-01-01 BC\",infinity}", "[\"0000-01-01\",\"infinity\"]"),
                arguments("_money", "{\"-$1,234.50\"}", "[-1234.50]"),
                arguments("_interval", "{\"1 mon -1 days\"}", "[\"P1M-1D\"]"),
                arguments("_point", "{\"(1.5,-2.25)\"}", "[{\"x\":1.5,\"y\":-2.25}]"),
                arguments("_int4", "{{{1},{2}},{{3},{4}}}", "[[[1],[2]],[[3],[4]]]"),
                arguments("_timestamptz", "{{\"0001-01-01 00:00:00+00 BC\",NULL},{infinity,\"2024-01-01 10:00:00+02\"}}",
                        "[[\"0000-01-01T00:00:00Z\",null],[\"infinity\",\"2024-01-01T08:00:00Z\"]]"));
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @MethodSource("renderings")
    void renders_dimensions_as_nested_json_arrays(String type, String text, String json) {
        byte[] rendered = new JsonRenderer(SpecialNumberPolicy.STRING).renderRow(List.of(new Column("v", PARSER.parse(type, text))));

        assertThat(new String(rendered, UTF_8)).isEqualTo("{\"v\":" + json + "}");
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                arguments("_int4", "{1,2", "ends before"),
                arguments("_int4", "{1,,2}", "empty unquoted"),
                arguments("_int4", "{1,2}x", "after the closing brace"),
                arguments("_int4", "1,2", "'{' expected"),
                arguments("_int4", "{{1,2},{3}}", "different lengths"),
                arguments("_int4", "{1,{2}}", "mixed"),
                arguments("_int4", "{{1},2}", "different depths"),
                arguments("_int4", "{{}}", "empty unquoted"),
                arguments("_int4", "{{{{{{{1}}}}}}}", "more than 6 dimensions"),
                arguments("_int4", "[1:3]={1,2}", "bounds [1:3] for 2 items"),
                arguments("_int4", "[0:1]={}", "1 bounds for 0 dimensions"),
                arguments("_int4", "[0:1]={{1},{2}}", "1 bounds for 2 dimensions"),
                arguments("_int4", "[0:1={1,2}", "[lower:upper]"),
                arguments("_int4", "{1 ,2}", "white space"),
                arguments("_text", "{a\\b}", "'\\'"),
                arguments("_text", "{\"abc}", "ends before"),
                arguments("_numeric", "{1,abc}", "element 2 ('abc')"),
                arguments("_date", "{\"0001-01-01 BC\",31/01/2024}", "element 2 ('31/01/2024'): not PostgreSQL's ISO form"));
    }

    @ParameterizedTest(name = "{0} [{1}]")
    @MethodSource("refusals")
    void refuses_literals_postgresql_does_not_print(String type, String text, String reason) {
        assertThatThrownBy(() -> PARSER.parse(type, text))
                .isInstanceOfSatisfying(UnparsableValueException.class, e -> {
                    assertThat(e.typeName()).isEqualTo(type);
                    assertThat(e.text()).isEqualTo(text);
                    assertThat(e.reason()).contains(reason);
                });
    }
}
