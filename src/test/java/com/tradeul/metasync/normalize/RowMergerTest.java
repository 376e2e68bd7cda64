package com.tradeul.metasync.normalize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RowMergerTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("{\"id\":1,\"p\":0.00}", "{\"id\":1,\"doc\":\"x\\\"y\",\"p\":5}", List.of("doc"),
                        "{\"id\":1,\"p\":0.00,\"doc\":\"x\\\"y\"}", List.of()),
                Arguments.of("{\"id\":1}", "{\"doc\":{\"a\":[1.50, 1E+3]}}", List.of("doc"),
                        "{\"id\":1,\"doc\":{\"a\":[1.50, 1E+3]}}", List.of()),
                Arguments.of("{}", "{\"a\":123456789012345678901234567890.10,\"b\":null}", List.of("a", "b"),
                        "{\"a\":123456789012345678901234567890.10,\"b\":null}", List.of()),
                Arguments.of("{\"id\":1}", "{\"id\":1}", List.of("doc"), "{\"id\":1}", List.of("doc")),
                Arguments.of("{\"id\":1}", "{\"t\":\"🚀 é\"}", List.of("t"), "{\"id\":1,\"t\":\"🚀 é\"}", List.of()));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void completes_a_row_with_current_values_copied_byte_for_byte(String partial, String current, List<String> columns,
                                                                  String expected, List<String> missing) {
        RowMerger.Result result = RowMerger.complete(utf8(partial), utf8(current), columns);
        assertThat(new String(result.json(), StandardCharsets.UTF_8)).isEqualTo(expected);
        assertThat(result.missing()).isEqualTo(missing);
    }

    @Test
    void current_value_that_is_not_json_is_refused() {
        assertThatThrownBy(() -> RowMerger.complete(utf8("{\"id\":1}"), utf8("not json"), List.of("doc")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
