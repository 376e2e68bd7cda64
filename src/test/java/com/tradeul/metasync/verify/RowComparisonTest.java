package com.tradeul.metasync.verify;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RowComparisonTest {

    private static final Map<String, String> BOX_UNREADABLE = Map.of("b", "no rule for box");

    private static byte[] json(String text) {
        return text.getBytes(UTF_8);
    }

    @Test
    void an_unreadable_column_is_wrong_with_its_reason_even_when_the_rest_matches() {
        List<Difference> differences = RowComparison.compare("t:1", json("{\"id\":1}"),
                json("{\"id\":1,\"b\":\"(1,1),(0,0)\"}"), BOX_UNREADABLE);
        assertThat(differences).containsExactly(new Difference(Difference.Kind.WRONG, "t:1", "b",
                "(cannot be read exactly: no rule for box)", "\"(1,1),(0,0)\""));
    }

    @Test
    void the_other_columns_are_still_compared() {
        List<Difference> differences = RowComparison.compare("t:1", json("{\"id\":1,\"n\":2}"),
                json("{\"id\":1,\"b\":null,\"n\":3}"), BOX_UNREADABLE);
        assertThat(differences).extracting(Difference::column).containsExactly("b", "n");
        assertThat(differences).allMatch(d -> d.kind() == Difference.Kind.WRONG);
    }

    @Test
    void a_missing_key_of_an_unreadable_row_is_wrong_not_missing() {
        List<Difference> differences = RowComparison.compare("t:1", json("{\"id\":1}"), null, BOX_UNREADABLE);
        assertThat(differences).containsExactly(new Difference(Difference.Kind.WRONG, "t:1", "b",
                "(cannot be read exactly: no rule for box)", null));
    }

    @Test
    void invalid_json_in_redis_is_a_whole_value_difference_as_well() {
        List<Difference> differences = RowComparison.compare("t:1", json("{\"id\":1}"), json("{not json"), BOX_UNREADABLE);
        assertThat(differences).extracting(Difference::column).containsExactly("b", null);
    }

    @Test
    void without_unreadable_columns_it_is_the_plain_comparison() {
        assertThat(RowComparison.compare("t:1", json("{\"id\":1}"), json("{\"id\":1}"), Map.of())).isEmpty();
        assertThat(RowComparison.compare("t:1", json("{\"id\":1}"), null, Map.of()))
                .extracting(Difference::kind).containsExactly(Difference.Kind.MISSING);
    }
}
