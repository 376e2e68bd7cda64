package com.tradeul.metasync.normalize;

import static com.tradeul.metasync.normalize.PgValues.array;
import static com.tradeul.metasync.normalize.PgValues.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.tradeul.metasync.wire.ColumnValue;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What PgText refuses rather than guesses (types without a rule, other session settings' forms,
 * values ColumnValue cannot hold), what the refusal tells, and the type names it takes.
 */
class PgTextRefusalTest {

    private static final PgText PARSER = PgText.builtIn();

    static Stream<Arguments> refusals() {
        return Stream.of(
                arguments("box", "(1,1),(0,0)", "no rule for this type"),
                arguments("_box", "{(1,1),(0,0);(3,3),(2,2)}", "';'"),
                arguments("mood", "happy", "name it as a text type"),
                arguments("__int4", "{}", "no rule"),
                arguments("int4", "1.5", "integer"),
                arguments("int4", "+1", "integer"),
                arguments("int8", "99999999999999999999", "64-bit"),
                arguments("float8", "0x1p3", "floating-point"),
                arguments("float8", "1.5d", "floating-point"),
                arguments("float8", "nan", "floating-point"),
                arguments("float4", "1e39", "range of real"),
                arguments("numeric", "1e5", "no exponent"),
                arguments("numeric", ".5", "numeric"),
                arguments("numeric", "nan", "numeric"),
                arguments("money", "1.234,56 €", "lc_monetary"),
                arguments("money", "€1,234.56", "lc_monetary"),
                arguments("money", "($1.00)", "lc_monetary"),
                arguments("money", "$1234.56", "lc_monetary"),
                arguments("money", "¥1,235", "lc_monetary"),
                arguments("money", "-$1,234.567", "lc_monetary"),
                arguments("bool", "true", "not col::text"),
                arguments("bit", "012", "0 and 1"),
                arguments("uuid", "A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11", "8-4-4-4-12"),
                arguments("point", "(1,2,3)", "(x,y)"),
                arguments("bytea", "\\x0", "hex"),
                arguments("bytea", "\\xzz", "hex"),
                arguments("bytea", "\\400", "escape"),
                arguments("bytea", "é", "escape"),
                arguments("bytea", "ab\\", "escape"),
                arguments("date", "31/01/2024", "DateStyle"),
                arguments("date", "31-01-2024", "DateStyle"),
                arguments("date", "31.01.2024", "DateStyle"),
                arguments("date", "Infinity", "DateStyle"),
                arguments("date", "2024-02-30", "not a day"),
                arguments("timestamp", "Wed 31 Jan 10:00:00 2024", "DateStyle"),
                arguments("timestamp", "2024-01-31T10:00:00", "DateStyle"),
                arguments("timestamp", "2024-01-31 10:00:00+00", "DateStyle"),
                arguments("timestamp", "2024-01-31 24:00:00", "24:00:00"),
                arguments("timestamp", "294276-12-31 23:59:59.999999", "294247-01-10"),
                arguments("timestamptz", "294247-01-10 04:00:54.775808+00", "294247-01-10"),
                arguments("timestamptz", "31/01/2024 10:00:00 NST", "DateStyle"),
                arguments("timestamptz", "2024-01-31 10:00:00", "DateStyle"),
                arguments("time", "24:00:01", "time of day"),
                arguments("time", "10:60:00", "time of day"),
                arguments("time", "infinity", "DateStyle"),
                arguments("timetz", "10:00:00", "DateStyle"),
                arguments("timetz", "10:00:00+05:60", "UTC offset"),
                arguments("interval", "@ 1 year 2 mons", "IntervalStyle"),
                arguments("interval", "1-2", "IntervalStyle"),
                arguments("interval", "+1-2 +3 +4:05:06", "IntervalStyle"),
                arguments("interval", "4:05:06", "IntervalStyle"),
                arguments("interval", "1 day04:05:06", "IntervalStyle"),
                arguments("interval", "1 year ", "IntervalStyle"),
                arguments("interval", "", "IntervalStyle"),
                arguments("interval", "P", "IntervalStyle"),
                arguments("interval", "PT", "IntervalStyle"),
                arguments("interval", "00:60:00", "out of range"),
                arguments("interval", "2147483648 days", "out of range"));
    }

    @ParameterizedTest(name = "{0} [{1}]")
    @MethodSource("refusals")
    void refuses_what_it_cannot_read_exactly(String type, String text, String reason) {
        assertThatThrownBy(() -> PARSER.parse(type, text))
                .isInstanceOfSatisfying(UnparsableValueException.class, e -> {
                    assertThat(e.typeName()).isEqualTo(type);
                    assertThat(e.text()).isEqualTo(text);
                    assertThat(e.reason()).contains(reason);
                    assertThat(e.getMessage()).contains(type, text, e.reason());
                });
    }

    @Test
    void named_text_types_are_carried_as_is_and_in_arrays() {
        PgText parser = PgText.withTextTypes(Set.of("mood", "floatrange"));

        assertThat(parser.parse("mood", "très \"bien\"")).isEqualTo(text("très \"bien\""));
        assertThat(parser.parse("_mood", "{sad,\"très \\\"bien\\\"\",NULL}"))
                .isEqualTo(array(text("sad"), text("très \"bien\""), ColumnValue.Null.INSTANCE));
        assertThat(parser.parse("floatrange", "[1.5,2.5)")).isEqualTo(text("[1.5,2.5)"));
    }

    @Test
    void only_types_without_a_rule_of_their_own_can_be_named_text_types() {
        for (String builtIn : List.of("int4", "text", "_mood")) {
            assertThatThrownBy(() -> PgText.withTextTypes(Set.of(builtIn)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'" + builtIn + "'");
        }
    }

    @Test
    void says_which_types_it_supports_so_callers_can_refuse_at_start() {
        assertThat(List.of("int4", "_numeric", "timestamptz", "_interval", "tstzrange", "xml", "_point"))
                .allMatch(PARSER::supports);
        assertThat(List.of("box", "_box", "polygon", "mood", "_mood", "__int4")).noneMatch(PARSER::supports);
        assertThat(PgText.withTextTypes(Set.of("mood")).supports("_mood")).isTrue();
    }

    @Test
    void the_message_shows_the_start_of_a_long_text_and_the_exception_keeps_it_whole() {
        String text = "{" + "1,".repeat(500) + "x}";

        assertThatThrownBy(() -> PARSER.parse("_int4", text))
                .isInstanceOfSatisfying(UnparsableValueException.class, e -> {
                    assertThat(e.text()).isEqualTo(text);
                    assertThat(e.getMessage()).contains("(1003 characters)").hasSizeLessThan(500);
                    assertThat(e.reason()).contains("element 501 ('x')");
                });
    }
}
