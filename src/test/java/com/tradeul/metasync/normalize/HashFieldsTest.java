package com.tradeul.metasync.normalize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class HashFieldsTest {

    private static Map<String, String> fields(String json) {
        Map<String, String> text = new LinkedHashMap<>();
        HashFields.of(json.getBytes(StandardCharsets.UTF_8)).forEach((f, v) -> text.put(f, new String(v, StandardCharsets.UTF_8)));
        return text;
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "\"AAPL\"|AAPL",
            "\"\"|''",
            "123456789012345678.90|123456789012345678.90",
            "-123.4500|-123.4500",
            "\"123456789012345678.90\"|123456789012345678.90",
            "-9223372036854775808|-9223372036854775808",
            "1.0E20|1.0E20",
            "true|true",
            "false|false",
            "\"NaN\"|NaN",
            "\"2024-01-01T10:30:15.123456Z\"|2024-01-01T10:30:15.123456Z",
            "[1.50,null,[\"a\"]]|[1.50,null,[\"a\"]]",
            "{\"price\":1.50,\"a\":{\"b\":[]}}|{\"price\":1.50,\"a\":{\"b\":[]}}"})
    void a_member_becomes_its_text_unquoted_numbers_with_every_digit_structures_as_json(String json, String field) {
        assertThat(fields("{\"v\":" + json + "}")).containsExactly(Map.entry("v", field));
    }

    @Test
    void escapes_of_a_string_are_undone() {
        assertThat(fields("{\"v\":\"line\\nbreak \\\"q\\\" \\u00e9\"}")).containsExactly(Map.entry("v", "line\nbreak \"q\" \u00e9"));
    }

    @Test
    void null_members_have_no_field_and_order_is_kept() {
        assertThat(fields("{\"symbol\":\"A\",\"price\":null,\"qty\":10}")).containsExactly(Map.entry("symbol", "A"), Map.entry("qty", "10"));
    }

    @Test
    void the_rendered_row_of_a_shape_gives_the_same_values_as_its_json() {
        var row = java.util.List.of(new com.tradeul.metasync.wire.Column("symbol", new com.tradeul.metasync.wire.ColumnValue.Text("A")),
                new com.tradeul.metasync.wire.Column("price", new com.tradeul.metasync.wire.ColumnValue.Decimal(new java.math.BigDecimal("-0.00"))),
                new com.tradeul.metasync.wire.Column("big", new com.tradeul.metasync.wire.ColumnValue.Int(9007199254740993L)));
        RowShape shape = new RowShape(NumberMode.NUMBER, Map.of(), java.util.Set.of(), java.util.Set.of(), Map.of("big", "b"), RowFormat.HASH);
        byte[] json = new JsonRenderer(SpecialNumberPolicy.STRING).renderRow(row, shape);
        assertThat(fields(new String(json, StandardCharsets.UTF_8))).containsExactly(Map.entry("symbol", "A"), Map.entry("price", "0.00"),
                Map.entry("b", "9007199254740993"));
    }

    @Test
    void not_an_object_is_refused() {
        assertThatThrownBy(() -> HashFields.of("[1]".getBytes(StandardCharsets.UTF_8))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void format_is_read_case_insensitively_and_a_wrong_one_names_the_choices() {
        assertThat(RowFormat.parse(" Hash ")).isEqualTo(RowFormat.HASH);
        assertThat(RowFormat.parse("json")).isEqualTo(RowFormat.JSON);
        assertThatThrownBy(() -> RowFormat.parse("hashes")).hasMessageContaining("use 'json'").hasMessageContaining("'hash'");
    }
}
