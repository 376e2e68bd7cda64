package com.tradeul.metasync.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CopySnapshotSlotTest {

    @ParameterizedTest
    @CsvSource({"0/0, 0", "0/16B374D8, 380859608", "1/0, 4294967296", "FFFFFFFF/FFFFFFFF, -1", "A/1, 42949672961"})
    void reads_postgres_lsn_text_as_debeziums_number(String text, long expected) {
        assertThat(CopySnapshotSlot.Lsns.parse(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"16B374D8", "/1", "x/y"})
    void refuses_text_that_is_not_an_lsn(String text) {
        assertThatThrownBy(() -> CopySnapshotSlot.Lsns.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }
}
