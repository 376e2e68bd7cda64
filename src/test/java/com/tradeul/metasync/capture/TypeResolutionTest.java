package com.tradeul.metasync.capture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradeul.metasync.capture.TypeResolution.TypeFacts;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** pg_type rows as PostgreSQL 15 has them (OIDs above 16384 made up), and what each column type reads as. */
class TypeResolutionTest {

    private static final Map<Integer, TypeFacts> PG_TYPE = Map.ofEntries(
            type(23, "int4", 'b', 'N', 0, 0), type(1007, "_int4", 'b', 'A', 0, 23),
            type(1700, "numeric", 'b', 'N', 0, 0), type(1231, "_numeric", 'b', 'A', 0, 1700),
            type(790, "money", 'b', 'N', 0, 0), type(791, "_money", 'b', 'A', 0, 790),
            type(600, "point", 'b', 'G', 0, 701), type(701, "float8", 'b', 'N', 0, 0),
            type(603, "box", 'b', 'G', 0, 600), type(1020, "_box", 'b', 'A', 0, 603),
            type(3615, "tsquery", 'b', 'U', 0, 0), type(3220, "pg_lsn", 'b', 'U', 0, 0),
            type(3904, "int4range", 'r', 'R', 0, 0),
            type(20000, "price", 'd', 'N', 1700, 0), type(20001, "_price", 'b', 'A', 0, 20000),
            type(20002, "strict_price", 'd', 'N', 20000, 0),
            type(20003, "mood", 'e', 'E', 0, 0), type(20004, "_mood", 'b', 'A', 0, 20003),
            type(20005, "pair", 'c', 'C', 0, 0), type(20006, "_pair", 'b', 'A', 0, 20005),
            type(20007, "floatrange", 'r', 'R', 0, 0), type(20008, "floatmultirange", 'm', 'R', 0, 0),
            type(20009, "intarrdom", 'd', 'A', 1007, 0), type(20010, "_intarrdom", 'b', 'A', 0, 20009),
            type(20011, "hstore", 'b', 'U', 0, 0));

    @ParameterizedTest(name = "{0} reads as {1}")
    @CsvSource(nullValues = "refused", value = {
        "23,    int4", "1007, _int4", "1231, _numeric", "791, _money", "600, point",
        "3904,  int4range",
        "20000, numeric", "20001, _numeric", "20002, numeric",
        "20003, text", "20004, _text", "20005, text", "20006, _text", "20007, text", "20008, text",
        "20009, _int4",
        "603,   refused", "1020, refused", "3615, refused", "3220, refused", "20011, refused",
        "20010, refused",
    })
    void reads_each_type_by_the_built_in_type_it_is_made_of(int oid, String readAs) {
        assertThat(TypeResolution.readAs(oid, PG_TYPE::get)).isEqualTo(readAs);
    }

    private static Map.Entry<Integer, TypeFacts> type(int oid, String name, char kind, char category, int base, int element) {
        return Map.entry(oid, new TypeFacts(oid, name, kind, category, base, element));
    }
}
