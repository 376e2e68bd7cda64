package com.tradeul.metasync.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.tradeul.metasync.normalize.PgText;
import com.tradeul.metasync.verify.ColumnTypes.PgType;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The PgText type name of each kind of column type, under both domain renderings. Oids below 16384 are PostgreSQL 15's own. */
class ColumnTypesTest {

    private static final List<PgType> CATALOG = List.of(
            new PgType(23, "int4", 'b', 'N', 0, 0),
            new PgType(1007, "_int4", 'b', 'A', 0, 23),
            new PgType(1700, "numeric", 'b', 'N', 0, 0),
            new PgType(1231, "_numeric", 'b', 'A', 0, 1700),
            new PgType(600, "point", 'b', 'G', 0, 701),
            new PgType(701, "float8", 'b', 'N', 0, 0),
            new PgType(19, "name", 'b', 'S', 0, 18),
            new PgType(18, "char", 'b', 'Z', 0, 0),
            new PgType(603, "box", 'b', 'G', 0, 600),
            new PgType(3904, "int4range", 'r', 'R', 0, 0),
            new PgType(3905, "_int4range", 'b', 'A', 0, 3904),
            new PgType(4451, "int4multirange", 'm', 'R', 0, 0),
            new PgType(16400, "price", 'd', 'N', 1700, 0),
            new PgType(16401, "_price", 'b', 'A', 0, 16400),
            new PgType(16402, "positive_price", 'd', 'N', 16400, 0),
            new PgType(16403, "int_list", 'd', 'A', 1007, 0),
            new PgType(16404, "mood", 'e', 'E', 0, 0),
            new PgType(16405, "_mood", 'b', 'A', 0, 16404),
            new PgType(16406, "floatrange", 'r', 'R', 0, 0),
            new PgType(16407, "floatmultirange", 'm', 'R', 0, 0),
            new PgType(16408, "_floatrange", 'b', 'A', 0, 16406),
            new PgType(16409, "address", 'c', 'C', 0, 0),
            new PgType(16410, "_address", 'b', 'A', 0, 16409),
            new PgType(16411, "int4", 'e', 'E', 0, 0),
            new PgType(16412, "_int_list", 'b', 'A', 0, 16403));

    static Stream<Arguments> columnTypes() {
        return Stream.of(
                arguments("a built-in type by its name", 23, "int4", "int4"),
                arguments("a built-in array", 1007, "_int4", "_int4"),
                arguments("point, which has an element type but is not an array", 600, "point", "point"),
                arguments("name, likewise", 19, "name", "name"),
                arguments("a type PgText has no rule for, by its name (refused value by value)", 603, "box", "box"),
                arguments("a domain over numeric", 16400, "text", "numeric"),
                arguments("a domain over a domain: the innermost base", 16402, "text", "numeric"),
                arguments("an array of a domain: its elements as the domain's values", 16401, "_text", "_numeric"),
                arguments("a domain over an array", 16403, "text", "_int4"),
                arguments("an array of a domain over an array: no such PgText type", 16412, "_text", "__int4"),
                arguments("an enum", 16404, "text", "text"),
                arguments("an array of an enum", 16405, "_text", "_text"),
                arguments("an enum that shares a built-in type's name", 16411, "text", "text"),
                arguments("a built-in range", 3904, "int4range", "int4range"),
                arguments("an array of a built-in range", 3905, "_int4range", "_int4range"),
                arguments("a built-in multirange", 4451, "int4multirange", "int4multirange"),
                arguments("a user-defined range", 16406, "text", "text"),
                arguments("a user-defined multirange", 16407, "text", "text"),
                arguments("an array of a user-defined range", 16408, "_text", "_text"),
                arguments("a composite", 16409, "text", "text"),
                arguments("an array of a composite", 16410, "_text", "_text"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("columnTypes")
    void each_kind_of_type_is_read_by_its_rule(String what, long oid, String asText, String asBaseType) {
        assertThat(new ColumnTypes(CATALOG, DomainRendering.AS_TEXT).parserType(oid)).isEqualTo(asText);
        assertThat(new ColumnTypes(CATALOG, DomainRendering.AS_BASE_TYPE).parserType(oid)).isEqualTo(asBaseType);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("columnTypes")
    void names_a_type_pg_text_reads_unless_it_has_no_rule_for_it(String what, long oid, String asText, String asBaseType) {
        boolean ruled = !asBaseType.equals("box") && !asBaseType.startsWith("__");
        assertThat(PgText.builtIn().supports(asBaseType)).as(asBaseType).isEqualTo(ruled);
    }

    @Test
    void a_type_missing_from_the_catalog_rows_says_to_run_again() {
        assertThatThrownBy(() -> new ColumnTypes(CATALOG, DomainRendering.AS_TEXT).parserType(99999))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("99999").hasMessageContaining("Run verify again");
    }
}
