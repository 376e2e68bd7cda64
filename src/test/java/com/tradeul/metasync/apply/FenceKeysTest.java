package com.tradeul.metasync.apply;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FenceKeysTest {

    @ParameterizedTest
    @CsvSource({
        "metadata:ticker:AAPL, 'lsn:{metadata:ticker:AAPL}'",
        "user:{42}:profile,    'lsn:user:{42}:profile'"})
    void fence_key_shares_the_row_keys_hash_slot_and_is_outside_its_pattern(String key, String fence) {
        assertThat(FenceKeys.of(key)).isEqualTo(fence);
        assertThat(fence).doesNotStartWith(key.substring(0, 3));
    }

    @Test
    void positions_compare_as_text_in_numeric_order() {
        assertThat(FenceKeys.position(9)).isLessThan(FenceKeys.position(10));
        assertThat(FenceKeys.position(Long.MAX_VALUE)).hasSize(20);
        for (long p : new long[] {0, 7, 123456789, 99999999999999999L, Long.MAX_VALUE, -1}) {
            assertThat(FenceKeys.position(p)).isEqualTo(String.format("%020d", p));
        }
    }
}
