package com.tradeul.metasync.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TemporalRendererTest {

    private static long micros(int year, int month, int day, int hour, int minute, int second, int micro) {
        return LocalDateTime.of(year, month, day, hour, minute, second).toEpochSecond(ZoneOffset.UTC) * 1_000_000L + micro;
    }

    static LongStream edges() {
        return LongStream.of(0, -1, 1, 10, 100_000, 123_456, 999_999, 1_000_000, -1_000_000, -999_999,
                micros(1, 1, 1, 0, 0, 0, 0), micros(1, 1, 1, 0, 0, 0, 0) - 1, micros(1, 1, 1, 0, 0, 0, 1),
                micros(9999, 12, 31, 23, 59, 59, 999_999), micros(9999, 12, 31, 23, 59, 59, 999_999) + 1,
                micros(2000, 2, 29, 12, 0, 0, 500_000), micros(1900, 3, 1, 1, 2, 3, 40), micros(999, 1, 1, 0, 0, 0, 0),
                micros(0, 6, 15, 0, 0, 0, 0), micros(-4712, 1, 1, 0, 0, 0, 0), 601_048_036_800_000_000L,
                9_223_371_244_800_000_000L, -210_863_520_000_000_000L);
    }

    @ParameterizedTest
    @MethodSource("edges")
    void timestamp_text_is_the_formatters(long epochMicros) {
        assertThat(TemporalRenderer.timestamp(epochMicros)).isEqualTo(TemporalRenderer.formattedTimestamp(epochMicros));
    }

    @Test
    void random_timestamps_render_as_the_formatter_does() {
        SplittableRandom random = new SplittableRandom(17);
        long from = micros(-300, 1, 1, 0, 0, 0, 0);
        long to = micros(10300, 1, 1, 0, 0, 0, 0);
        for (int i = 0; i < 20_000; i++) {
            long m = random.nextLong(from, to);
            // Some whole seconds and milliseconds, so fractions with trailing zeros come up too.
            long epochMicros = i % 10 == 0 ? m - Math.floorMod(m, 1_000_000) : i % 10 == 1 ? m - Math.floorMod(m, 1_000) : m;
            assertThat(TemporalRenderer.timestamp(epochMicros)).as("epoch micros %d", epochMicros)
                    .isEqualTo(TemporalRenderer.formattedTimestamp(epochMicros));
        }
    }
}
