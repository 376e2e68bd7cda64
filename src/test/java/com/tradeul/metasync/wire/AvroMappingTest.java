package com.tradeul.metasync.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AvroMappingTest {

    private static BigDecimal throughBigInteger(byte[] unscaled, int scale) {
        return new BigDecimal(new BigInteger(unscaled), scale);
    }

    @ParameterizedTest
    @CsvSource({"0,0", "0,2", "1,0", "-1,4", "127,1", "128,1", "-128,1", "-129,3", "32767,0", "-32768,0", "150,2",
            "9223372036854775807,0", "-9223372036854775808,2", "9223372036854775808,0", "-9223372036854775809,5",
            "123456789012345678901234567890,10", "-100,-3", "4999,16383"})
    void decimal_is_the_value_and_scale_bigdecimal_reads(String unscaled, int scale) {
        byte[] bytes = new BigInteger(unscaled).toByteArray();
        BigDecimal decoded = AvroMapping.decimal(ByteBuffer.wrap(bytes), scale);
        assertThat(decoded).isEqualTo(throughBigInteger(bytes, scale)); // equals: value and scale
        assertThat(decoded.toPlainString()).isEqualTo(throughBigInteger(bytes, scale).toPlainString());
    }

    @Test
    void decimal_of_random_bytes_up_to_nine_long_matches_bigdecimal() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 20_000; i++) {
            byte[] bytes = new byte[1 + random.nextInt(9)]; // not minimal, as another writer might send: same value
            for (int b = 0; b < bytes.length; b++) {
                bytes[b] = (byte) random.nextInt(256);
            }
            int scale = random.nextInt(-5, 40);
            assertThat(AvroMapping.decimal(ByteBuffer.wrap(bytes), scale)).as("bytes of length %d, scale %d", bytes.length, scale)
                    .isEqualTo(throughBigInteger(bytes, scale));
        }
    }

    @Test
    void decimal_reads_from_the_buffers_position() {
        ByteBuffer buffer = ByteBuffer.wrap(new byte[] {9, 9, 0x01, 0x2C});
        buffer.position(2);
        assertThat(AvroMapping.decimal(buffer, 1)).isEqualTo(new BigDecimal("30.0"));
        assertThat(buffer.position()).isEqualTo(2);
    }

    @Test
    void decimal_of_no_bytes_is_refused_as_biginteger_refuses_it() {
        assertThatThrownBy(() -> AvroMapping.decimal(ByteBuffer.wrap(new byte[0]), 0)).isInstanceOf(NumberFormatException.class);
    }
}
