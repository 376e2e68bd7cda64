package com.tradeul.metasync.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradeul.metasync.normalize.RowFormat;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StoredComparisonTest {

    private static final byte[] ROW = "{\"symbol\":\"A\",\"price\":1.50,\"note\":null}".getBytes(StandardCharsets.UTF_8);

    private static Map<String, byte[]> hash(String... fieldValues) {
        Map<String, byte[]> hash = new LinkedHashMap<>();
        for (int i = 0; i < fieldValues.length; i += 2) {
            hash.put(fieldValues[i], fieldValues[i + 1].getBytes(StandardCharsets.UTF_8));
        }
        return hash;
    }

    private static List<String> compare(StoredValue actual, Map<String, String> unreadable) {
        return StoredComparison.compare(RowFormat.HASH, "t:A", ROW, actual, unreadable).stream()
                .map(d -> d.kind() + " " + d.column() + " " + d.postgres() + " " + d.redis()).toList();
    }

    @Test
    void an_equal_hash_in_any_field_order_is_in_sync() {
        assertThat(compare(StoredValue.ofHash(hash("price", "1.50", "symbol", "A")), Map.of())).isEmpty();
    }

    @Test
    void a_changed_digit_a_field_too_many_and_a_field_too_few_are_each_wrong() {
        assertThat(compare(StoredValue.ofHash(hash("symbol", "A", "price", "1.5")), Map.of())).containsExactly("WRONG price 1.50 1.5");
        assertThat(compare(StoredValue.ofHash(hash("symbol", "A", "price", "1.50", "note", "x")), Map.of()))
                .containsExactly("WRONG note null x");
        assertThat(compare(StoredValue.ofHash(hash("symbol", "A")), Map.of())).containsExactly("WRONG price 1.50 null");
    }

    @Test
    void no_hash_is_missing() {
        assertThat(compare(StoredValue.ofHash(Map.of()), Map.of())).containsExactly("MISSING null symbol=A price=1.50 null");
    }

    @Test
    void an_unreadable_field_is_wrong_with_its_reason_and_the_others_are_compared() {
        assertThat(compare(StoredValue.ofHash(hash("symbol", "A", "price", "1.50", "odd", "?")), Map.of("odd", "no rule")))
                .containsExactly("WRONG odd (cannot be read exactly: no rule) ?");
    }

    @Test
    void a_key_of_the_other_type_is_wrong_with_the_reason_and_the_fix_in_either_format() {
        List<Difference> asHash = StoredComparison.compare(RowFormat.HASH, "t:A", ROW, StoredValue.ofOtherType(), Map.of());
        assertThat(asHash).singleElement().satisfies(d -> {
            assertThat(d.kind()).isEqualTo(Difference.Kind.WRONG);
            assertThat(d.redis()).contains("not a Redis hash, which format hash writes", "verify --repair rewrites it");
        });
        assertThat(StoredComparison.compare(RowFormat.JSON, "t:A", ROW, StoredValue.ofOtherType(), Map.of()))
                .singleElement().satisfies(d -> assertThat(d.redis()).contains("not a Redis string, which format json writes"));
    }

    @Test
    void a_json_table_is_compared_as_json() {
        assertThat(StoredComparison.compare(RowFormat.JSON, "t:A", ROW, StoredValue.ofJson(ROW), Map.of())).isEmpty();
        assertThat(StoredComparison.compare(RowFormat.JSON, "t:A", ROW, StoredValue.ofJson(null), Map.of()))
                .singleElement().satisfies(d -> assertThat(d.kind()).isEqualTo(Difference.Kind.MISSING));
    }
}
