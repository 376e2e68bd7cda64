package com.tradeul.metasync.apply;

import static org.assertj.core.api.Assertions.assertThat;

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

    @ParameterizedTest(name = "{0} -> \"{1}\"")
    @CsvSource({"0, 0", "7, 7", "123456789, 123456789", "9223372036854775807, 9223372036854775807", "-1, ''", "-42, ''"})
    void positions_are_their_digits_and_a_negative_one_is_unknown(long position, String text) {
        // Digits without padding: Redis keeps them as an integer; fenced-writes.lua compares them as numbers.
        assertThat(FenceKeys.position(position)).isEqualTo(text);
    }
}
