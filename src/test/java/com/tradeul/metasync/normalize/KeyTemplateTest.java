package com.tradeul.metasync.normalize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class KeyTemplateTest {

    static Stream<Arguments> rendered() {
        return Stream.of(
                arguments("metadata:ticker:{symbol}", Map.of("symbol", "AAPL"), "metadata:ticker:AAPL", List.of("symbol")),
                arguments("{schema}.{region}:{id}", Map.of("schema", "public", "region", "eu", "id", "1.50"),
                        "public.eu:1.50", List.of("schema", "region", "id")),
                arguments("{id}", Map.of("id", "42"), "42", List.of("id")),
                arguments("t:{a}{b}:end", Map.of("a", "x", "b", "y"), "t:xy:end", List.of("a", "b")),
                arguments("{id}:{id}", Map.of("id", "7"), "7:7", List.of("id")),
                arguments("k:{symbol}", Map.of("symbol", "BRK{B}", "other", "ignored"), "k:BRK{B}", List.of("symbol")));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("rendered")
    void renders_key_from_key_parts(String template, Map<String, String> parts, String key, List<String> placeholders) {
        KeyTemplate parsed = KeyTemplate.parse(template);

        assertThat(parsed.render(parts)).isEqualTo(key);
        assertThat(parsed.placeholders()).isEqualTo(placeholders);
        assertThat(parsed).hasToString(template);
    }

    @ParameterizedTest(name = "[{0}]")
    @CsvSource(delimiter = '|', value = {
        "metadata:ticker:{symbol   | never closed",
        "metadata:ticker:symbol}   | closes no placeholder",
        "metadata:{ticker:{symbol}} | inside the one opened",
        "metadata:ticker:{}        | names no column",
        "metadata:ticker:{ }       | names no column",
        "metadata:ticker:AAPL      | no {column} placeholder",
        "''                        | no {column} placeholder",
    })
    void rejects_malformed_templates_saying_why_with_an_example(String template, String reason) {
        assertThatThrownBy(() -> KeyTemplate.parse(template))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + template + "'")
                .hasMessageContaining(reason)
                .hasMessageContaining("metadata:ticker:{symbol}");
    }

    @Test
    void missing_part_names_the_placeholder() {
        KeyTemplate template = KeyTemplate.parse("{schema}.{region}:{id}");

        assertThatThrownBy(() -> template.render(Map.of("schema", "public", "id", "1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("{region}");
    }

    @Test
    void renders_key_parts_of_a_rendered_key() {
        byte[] key = "{\"symbol\":\"AAPL\",\"lot\":1.50}".getBytes(java.nio.charset.StandardCharsets.UTF_8);

        assertThat(KeyTemplate.parse("m:{symbol}:{lot}").render(JsonRenderer.keyParts(key))).isEqualTo("m:AAPL:1.50");
    }

    @Test
    void templates_with_the_same_text_are_equal() {
        assertThat(KeyTemplate.parse("m:{id}")).isEqualTo(KeyTemplate.parse("m:{id}")).isNotEqualTo(KeyTemplate.parse("n:{id}"));
    }
}
