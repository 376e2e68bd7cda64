package com.tradeul.metasync.normalize;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.tradeul.metasync.wire.Column;
import com.tradeul.metasync.wire.ColumnValue;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Number modes and row shapes: what a table's rows look like in Redis. */
class RowShapeRenderingTest {

    private static final JsonRenderer RENDERER = new JsonRenderer(SpecialNumberPolicy.STRING);

    private static ColumnValue decimal(String digits) {
        return new ColumnValue.Decimal(new BigDecimal(digits));
    }

    static Stream<Arguments> values() {
        return Stream.of(
                arguments("numeric beyond a double", decimal("123456789012345678.90"), "123456789012345678.90", "\"123456789012345678.90\""),
                arguments("trailing zeros", decimal("1.500"), "1.500", "\"1.500\""),
                arguments("numeric zero of scale 2 (PostgreSQL has no -0)", decimal("-0.00"), "0.00", "\"0.00\""),
                arguments("money", decimal("-92233720368547758.08"), "-92233720368547758.08", "\"-92233720368547758.08\""),
                arguments("small numeric", decimal("42"), "42", "\"42\""),
                arguments("bigint max", new ColumnValue.Int(Long.MAX_VALUE), "9223372036854775807", "\"9223372036854775807\""),
                arguments("bigint min", new ColumnValue.Int(Long.MIN_VALUE), "-9223372036854775808", "\"-9223372036854775808\""),
                arguments("2^53 + 1", new ColumnValue.Int(9_007_199_254_740_993L), "9007199254740993", "\"9007199254740993\""),
                arguments("-(2^53 + 1)", new ColumnValue.Int(-9_007_199_254_740_993L), "-9007199254740993", "\"-9007199254740993\""),
                arguments("2^53: exact in a double", new ColumnValue.Int(9_007_199_254_740_992L), "9007199254740992", "9007199254740992"),
                arguments("-2^53: exact in a double", new ColumnValue.Int(-9_007_199_254_740_992L), "-9007199254740992", "-9007199254740992"),
                arguments("int", new ColumnValue.Int(7), "7", "7"),
                arguments("numeric NaN keeps its policy", ColumnValue.SpecialNumber.NAN, "\"NaN\"", "\"NaN\""),
                arguments("double stays a number", new ColumnValue.Float(0.1), "0.1", "0.1"),
                arguments("json keeps its own numbers", new ColumnValue.Json("{\"a\":1.50}"), "{\"a\":1.50}", "{\"a\":1.50}"),
                arguments("numeric[] per element", new ColumnValue.Array(List.of(decimal("1.50"), ColumnValue.Null.INSTANCE,
                        ColumnValue.SpecialNumber.NAN)), "[1.50,null,\"NaN\"]", "[\"1.50\",null,\"NaN\"]"),
                arguments("bigint[] per element", new ColumnValue.Array(List.of(new ColumnValue.Int(1),
                        new ColumnValue.Int(Long.MAX_VALUE))), "[1,9223372036854775807]", "[1,\"9223372036854775807\"]"),
                arguments("text untouched", new ColumnValue.Text("12.50"), "\"12.50\"", "\"12.50\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("values")
    void number_mode_decides_numbers_and_nothing_else(String what, ColumnValue value, String asNumber, String asString) {
        assertThat(render(List.of(new Column("v", value)), shape(NumberMode.NUMBER))).isEqualTo("{\"v\":" + asNumber + "}");
        assertThat(render(List.of(new Column("v", value)), shape(NumberMode.STRING))).isEqualTo("{\"v\":" + asString + "}");
    }

    @Test
    void a_column_mode_wins_over_the_table_mode() {
        List<Column> row = List.of(new Column("a", decimal("1.50")), new Column("b", decimal("2.50")));
        RowShape tableStrings = new RowShape(NumberMode.STRING, Map.of("b", NumberMode.NUMBER), Set.of(), Set.of(), Map.of());
        RowShape tableNumbers = new RowShape(NumberMode.NUMBER, Map.of("b", NumberMode.STRING), Set.of(), Set.of(), Map.of());
        assertThat(render(row, tableStrings)).isEqualTo("{\"a\":\"1.50\",\"b\":2.50}");
        assertThat(render(row, tableNumbers)).isEqualTo("{\"a\":1.50,\"b\":\"2.50\"}");
    }

    @Test
    void without_a_shape_rows_are_written_as_before() {
        List<Column> row = List.of(new Column("a", decimal("1.50")), new Column("n", new ColumnValue.Int(Long.MAX_VALUE)));
        assertThat(new String(RENDERER.renderRow(row), UTF_8)).isEqualTo(render(row, RowShape.DEFAULT))
                .isEqualTo("{\"a\":1.50,\"n\":9223372036854775807}");
    }

    @Test
    void keys_are_never_shaped() {
        // A Kafka record key is the row's identity in a compacted topic: it must not change with a table's rendering.
        assertThat(new String(RENDERER.renderKey(List.of(new Column("id", decimal("1.50")))), UTF_8)).isEqualTo("{\"id\":1.50}");
    }

    @Test
    void selection_and_renames_keep_table_order() {
        List<Column> row = List.of(new Column("symbol", new ColumnValue.Text("A")), new Column("secret", new ColumnValue.Text("x")),
                new Column("last_price", decimal("1.50")), new Column("notes", new ColumnValue.Text("n")));
        RowShape excluding = new RowShape(NumberMode.NUMBER, Map.of(), Set.of(), Set.of("secret"), Map.of("last_price", "price"));
        RowShape including = new RowShape(NumberMode.NUMBER, Map.of(), Set.of("notes", "symbol"), Set.of(), Map.of("symbol", "s"));
        assertThat(render(row, excluding)).isEqualTo("{\"symbol\":\"A\",\"price\":1.50,\"notes\":\"n\"}");
        assertThat(render(row, including)).isEqualTo("{\"s\":\"A\",\"notes\":\"n\"}");
        assertThat(excluding.fields(List.of("secret", "last_price"))).containsExactly("price");
        assertThat(excluding.byField(Map.of("secret", "why", "notes", "why"))).containsOnlyKeys("notes");
    }

    @Test
    void a_wrong_mode_names_both_choices() {
        assertThatThrownBy(() -> NumberMode.parse("text")).hasMessageContaining("'number'").hasMessageContaining("'string'");
        assertThat(NumberMode.parse(" STRING ")).isEqualTo(NumberMode.STRING);
    }

    private static RowShape shape(NumberMode numbers) {
        return new RowShape(numbers, Map.of(), Set.of(), Set.of(), Map.of());
    }

    private static String render(List<Column> row, RowShape shape) {
        return new String(RENDERER.renderRow(row, shape), UTF_8);
    }
}
