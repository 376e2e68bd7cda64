package com.tradeul.metasync.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BitStringsTest {

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", "0", "1", "0101", "0000", "00000000001", "10110000101"})
    void keeps_every_bit_and_leading_zero(String bits) {
        assertThat(BitStrings.checked(bits)).isEqualTo(bits);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"012", "t", "true", " 01", "0101\n", "NAN"})
    void refuses_anything_but_bits(String text) {
        assertThatThrownBy(() -> BitStrings.checked(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a PostgreSQL bit string");
    }
}
