package com.tradeul.metasync.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The README's Jackson row of "Numbers for every reader": what a Java reader gets from each number
 * mode, read into a {@code Map} (untyped, as a reader of any table would).
 */
class JacksonReaderTest {

    private static final String NUMBERS = "{\"price\":123456789012345678.90,\"scaled\":1.500,\"big\":9007199254740993}";
    private static final String STRINGS = "{\"price\":\"123456789012345678.90\",\"scaled\":\"1.500\",\"big\":\"9007199254740993\"}";

    @Test
    void the_default_object_mapper_reads_decimals_as_doubles_and_loses_digits_and_scale() throws Exception {
        Map<?, ?> row = new ObjectMapper().readValue(NUMBERS, Map.class);
        assertThat(row.get("price")).isEqualTo(1.2345678901234568E17);
        assertThat(row.get("scaled")).isEqualTo(1.5);
        assertThat(row.get("big")).isEqualTo(9_007_199_254_740_993L); // integers are exact: Long or BigInteger
    }

    @Test
    void use_big_decimal_for_floats_reads_every_digit_and_the_scale() throws Exception {
        ObjectMapper exact = JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();
        Map<?, ?> row = exact.readValue(NUMBERS, Map.class);
        assertThat(row.get("price").toString()).isEqualTo("123456789012345678.90");
        assertThat(row.get("scaled").toString()).isEqualTo("1.500");
    }

    @Test
    void string_mode_reads_the_digits_as_text_with_any_mapper() throws Exception {
        Map<?, ?> row = new ObjectMapper().readValue(STRINGS, Map.class);
        assertThat(row.get("price")).isEqualTo("123456789012345678.90");
        assertThat(new java.math.BigDecimal((String) row.get("scaled"))).hasToString("1.500");
        assertThat(row.get("big")).isEqualTo("9007199254740993");
    }
}
