package com.tradeul.metasync.normalize;

import com.tradeul.metasync.wire.ColumnValue;
import java.time.LocalDate;

/**
 * The form PostgreSQL prints nearly every timestamp and timestamptz in, read character by
 * character: {@code 2024-01-31 10:30:15}, a fraction of 1 to 6 digits, and for timestamptz an offset
 * {@code +05}, {@code +05:30} or {@code -00:19:32}. Through {@link PgTemporalText}'s patterns, with
 * their named groups, a timestamptz took 1.1 µs, the most of any column of a ticker row; this takes
 * a fraction of that. Anything else (a year of more than four digits, BC, infinity, a field out of
 * range, any other text) is declined, and {@link PgTemporalText} reads it, or refuses it, as before:
 * CommonTimestampTest checks that both give the same over random and mangled text. Pure.
 */
final class CommonTimestamp {

    private static final long MICROS_PER_SECOND = 1_000_000L;
    private static final long MICROS_PER_DAY = 86_400L * MICROS_PER_SECOND;
    private static final int[] FRACTION_SCALE = {0, 100_000, 10_000, 1_000, 100, 10, 1};

    private CommonTimestamp() {}

    /** @return the value, or null when the text is not in the common form (the caller's general path decides) */
    static ColumnValue.Timestamp read(String text, boolean withZone) {
        int length = text.length();
        if (length < 19 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != ' ' || text.charAt(13) != ':'
                || text.charAt(16) != ':') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = digits(text, 17, 2);
        if ((year | month | day | hour | minute | second) < 0 || hour > 23 || minute > 59 || second > 59
                || month < 1 || month > 12 || day < 1 || day > 28 && day > LocalDate.of(year, month, 1).lengthOfMonth()) {
            return null;
        }
        int at = 19;
        long micros = 0;
        if (at < length && text.charAt(at) == '.') {
            int start = ++at;
            while (at < length && at - start < 7 && isDigit(text.charAt(at))) {
                at++;
            }
            int count = at - start;
            if (count < 1 || count > 6) {
                return null;
            }
            micros = (long) digits(text, start, count) * FRACTION_SCALE[count];
        }
        long offset = 0;
        if (withZone) {
            if (at + 3 > length || text.charAt(at) != '+' && text.charAt(at) != '-') {
                return null;
            }
            boolean west = text.charAt(at) == '-';
            int hours = digits(text, at + 1, 2);
            int minutes = 0;
            int seconds = 0;
            at += 3;
            if (at < length && text.charAt(at) == ':') {
                minutes = digits(text, at + 1, 2);
                at += 3;
                if (at < length && text.charAt(at) == ':') {
                    seconds = digits(text, at + 1, 2);
                    at += 3;
                }
            }
            if ((hours | minutes | seconds) < 0 || minutes > 59 || seconds > 59) {
                return null;
            }
            offset = ((hours * 60L + minutes) * 60L + seconds) * MICROS_PER_SECOND;
            offset = west ? -offset : offset;
        }
        if (at != length) {
            return null;
        }
        long clock = ((hour * 60L + minute) * 60L + second) * MICROS_PER_SECOND + micros;
        return new ColumnValue.Timestamp(LocalDate.of(year, month, day).toEpochDay() * MICROS_PER_DAY + clock - offset, withZone);
    }

    /** The number the {@code count} ASCII digits at {@code start} spell, or -1 when any is missing or not a digit. */
    private static int digits(String text, int start, int count) {
        if (start + count > text.length()) {
            return -1;
        }
        int value = 0;
        for (int i = start; i < start + count; i++) {
            char c = text.charAt(i);
            if (!isDigit(c)) {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
