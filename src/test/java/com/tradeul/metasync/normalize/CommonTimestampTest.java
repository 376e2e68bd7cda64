package com.tradeul.metasync.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradeul.metasync.wire.ColumnValue;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The common-form reader against {@link PgTemporalText}'s patterns: the same value, or the same refusal. */
class CommonTimestampTest {

    /** What reading gives, as text: the value, or the refusal's message. */
    private static String outcome(boolean anyForm, String type, String text) {
        try {
            return String.valueOf(anyForm ? PgTemporalText.parseAnyForm(type, text) : PgTemporalText.parse(type, text));
        } catch (UnparsableValueException e) {
            return "refused: " + e.getMessage();
        }
    }

    @ParameterizedTest
    @CsvSource({
        "timestamptz, 2024-01-31 10:30:15+00, 1706697015000000",
        "timestamptz, 2024-01-31 10:30:15.5+05:30, 1706677215500000",
        "timestamptz, 1883-11-18 12:00:00-04:56:02, -2717651038000000",
        "timestamptz, 1970-01-01 00:00:00.000001+00, 1",
        "timestamp,   2000-02-29 23:59:59.999999, 951868799999999",
    })
    void the_common_form_is_read_without_the_patterns(String type, String text, long epochMicros) {
        ColumnValue.Timestamp read = CommonTimestamp.read(text, type.equals("timestamptz"));

        assertThat(read).isEqualTo(new ColumnValue.Timestamp(epochMicros, type.equals("timestamptz")));
        assertThat(outcome(false, type, text)).isEqualTo(outcome(true, type, text));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "2024-01-31 10:30:15+00 BC", "12024-01-31 10:30:15+00", "2023-02-29 10:30:15+00", "2024-01-31 24:00:00+00",
        "2024-01-31 10:30:15.1234567+00", "2024-01-31 10:30:15.+00", "2024-01-31 10:30:15+5", "2024-01-31 10:30:15+05:60",
        "2024-01-31 10:30:15", "infinity", "2024-01-31T10:30:15+00", "2024-13-01 10:30:15+00", "２024-01-31 10:30:15+00",
    })
    void anything_else_is_left_to_the_patterns(String text) {
        assertThat(CommonTimestamp.read(text, true)).isNull();
        assertThat(outcome(false, "timestamptz", text)).isEqualTo(outcome(true, "timestamptz", text));
    }

    /** Random instants in the common form, then each mangled: one character replaced, dropped or added. */
    @Test
    void random_and_mangled_text_reads_as_the_patterns_read_it() {
        Random random = new Random(31);
        String alphabet = "0123456789-: .+BC";
        int commonRead = 0;
        for (int n = 0; n < 30_000; n++) {
            boolean zoned = random.nextBoolean();
            String text = randomCommon(random, zoned);
            String type = zoned ? "timestamptz" : "timestamp";
            if (CommonTimestamp.read(text, zoned) != null) {
                commonRead++;
            }
            assertThat(outcome(false, type, text)).as(text).isEqualTo(outcome(true, type, text));
            StringBuilder mangled = new StringBuilder(text);
            int at = random.nextInt(mangled.length());
            switch (random.nextInt(3)) {
                case 0 -> mangled.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                case 1 -> mangled.deleteCharAt(at);
                default -> mangled.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
            }
            assertThat(outcome(false, type, mangled.toString())).as(mangled.toString()).isEqualTo(outcome(true, type, mangled.toString()));
        }
        assertThat(commonRead).as("instants the common-form reader took itself").isGreaterThan(25_000);
    }

    private static String randomCommon(Random random, boolean zoned) {
        StringBuilder text = new StringBuilder(String.format("%04d-%02d-%02d %02d:%02d:%02d", random.nextInt(10_000), 1 + random.nextInt(12),
                1 + random.nextInt(31), random.nextInt(24), random.nextInt(60), random.nextInt(60)));
        if (random.nextBoolean()) {
            text.append('.').append(String.format("%06d", random.nextInt(1_000_000)), 0, 1 + random.nextInt(6));
        }
        if (zoned) {
            text.append(random.nextBoolean() ? '+' : '-').append(String.format("%02d", random.nextInt(16)));
            if (random.nextBoolean()) {
                text.append(String.format(":%02d", random.nextInt(60)));
                if (random.nextInt(4) == 0) {
                    text.append(String.format(":%02d", random.nextInt(60)));
                }
            }
        }
        return text.toString();
    }
}
