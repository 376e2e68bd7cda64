package com.tradeul.metasync.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Rows as PostgreSQL 15's COPY TO writes them in text format (each line checked with psql's \copy output). */
class CopyTextTest {

    static Stream<Arguments> rows() {
        return Stream.of(
                Arguments.of("AAPL\t123.45\n", new String[] {"AAPL", "123.45"}),
                Arguments.of("AAPL\t\\N\n", new String[] {"AAPL", null}),
                Arguments.of("\\N\t\n", new String[] {null, ""}),
                Arguments.of("\t\n", new String[] {"", ""}),
                // the text "\N" (two characters) is written with its backslash escaped
                Arguments.of("\\\\N\tx\n", new String[] {"\\N", "x"}),
                Arguments.of("a\\tb\tline1\\nline2\\r\n", new String[] {"a\tb", "line1\nline2\r"}),
                Arguments.of("\\b\\f\\v\tC:\\\\dir\n", new String[] {"\b\f\u000b", "C:\\dir"}),
                // bytea in hex form arrives with its backslash doubled
                Arguments.of("\\\\x00ff\t{\"a\":\"q\\\\\"x\"}\n", new String[] {"\\x00ff", "{\"a\":\"q\\\"x\"}"}),
                // multi-byte UTF-8, plain and next to an escape
                Arguments.of("📈 €\t€\\t€\n", new String[] {"📈 €", "€\t€"}),
                // octal and hex escapes (COPY FROM's forms) undone on bytes: \342\202\254 is €
                Arguments.of("\\342\\202\\254\t\\x41\\x4\n", new String[] {"€", "A\u0004"}),
                // no final newline
                Arguments.of("1\t2", new String[] {"1", "2"}));
    }

    @ParameterizedTest
    @MethodSource("rows")
    void reads_copy_text_fields(String line, String[] expected) {
        assertThat(Arrays.asList(CopyText.fields(line.getBytes(StandardCharsets.UTF_8), expected.length)))
                .containsExactly(expected);
    }

    @ParameterizedTest
    @MethodSource("malformed")
    void refuses_a_row_of_another_shape(String line, int columns, String message) {
        assertThatThrownBy(() -> CopyText.fields(line.getBytes(StandardCharsets.UTF_8), columns))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("a\tb\tc\n", 2, "more than the 2 fields"),
                Arguments.of("a\n", 2, "1 fields, 2 expected"),
                Arguments.of("a\\N\tb\n", 2, "\\N inside a value"));
    }
}
