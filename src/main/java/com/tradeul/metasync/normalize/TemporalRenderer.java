package com.tradeul.metasync.normalize;

import com.tradeul.metasync.wire.ColumnValue;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.Locale;

/**
 * The JSON strings of date, time and interval values. ISO-8601 throughout, with astronomical
 * year numbering (1 BC is year 0000, 4713 BC is -4712) and a {@code +} before years past 9999, as
 * ISO-8601's expanded representation wants; fractions of a second without trailing zeros, as
 * PostgreSQL prints them. Values ISO-8601 has no form for keep PostgreSQL's own spelling:
 * {@code "infinity"}, {@code "-infinity"}, {@code "24:00:00"}. Intervals are written as PostgreSQL
 * writes them with {@code IntervalStyle = iso_8601}. Stateless and thread safe.
 */
final class TemporalRenderer {

    private static final long MICROS_PER_SECOND = 1_000_000L;
    private static final long MICROS_PER_MINUTE = 60 * MICROS_PER_SECOND;
    private static final long MICROS_PER_HOUR = 60 * MICROS_PER_MINUTE;
    private static final long MICROS_PER_DAY = 24 * MICROS_PER_HOUR;

    private static final DateTimeFormatter TIME = new DateTimeFormatterBuilder()
            .appendPattern("HH:mm:ss")
            .appendFraction(ChronoField.NANO_OF_SECOND, 0, 6, true)
            .toFormatter(Locale.ROOT);
    private static final DateTimeFormatter LOCAL_TIMESTAMP = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .appendLiteral('T')
            .append(TIME)
            .toFormatter(Locale.ROOT);

    private TemporalRenderer() {}

    /** The JSON string for a temporal kind; null when {@code value} is not one. */
    static String text(ColumnValue value) {
        if (value instanceof ColumnValue.Date d) {
            return LocalDate.ofEpochDay(d.epochDay()).toString();
        } else if (value instanceof ColumnValue.Time t) {
            return time(t.micros());
        } else if (value instanceof ColumnValue.Timestamp t) {
            String local = timestamp(t.epochMicros());
            return t.withTimeZone() ? local + "Z" : local;
        } else if (value instanceof ColumnValue.TimeTz t) {
            return time(t.micros()) + offset(t.offsetSeconds());
        } else if (value instanceof ColumnValue.Interval i) {
            return interval(i);
        } else if (value instanceof ColumnValue.TemporalInfinity infinity) {
            return infinity == ColumnValue.TemporalInfinity.POSITIVE_INFINITY ? "infinity" : "-infinity";
        }
        return null;
    }

    private static String time(long micros) {
        // PostgreSQL accepts time '24:00:00', which LocalTime cannot hold.
        if (micros == MICROS_PER_DAY) {
            return "24:00:00";
        }
        return TIME.format(LocalTime.ofNanoOfDay(micros * 1000));
    }

    private static String offset(int seconds) {
        return seconds == 0 ? "Z" : ZoneOffset.ofTotalSeconds(seconds).getId();
    }

    /** Years 1 to 9999 as ISO digits (the formatter's output, byte for byte); others through the formatter. */
    static String timestamp(long epochMicros) {
        LocalDateTime wallClock = utcWallClock(epochMicros);
        int year = wallClock.getYear();
        if (year < 1 || year > 9999) {
            return LOCAL_TIMESTAMP.format(wallClock); // signs and more digits: the formatter's rules
        }
        // DateTimeFormatter took a fifth of a rebuild's JSON rendering (JFR, 300,000 ticker rows).
        char[] text = new char[26];
        digits(text, 0, year, 4);
        text[4] = '-';
        digits(text, 5, wallClock.getMonthValue(), 2);
        text[7] = '-';
        digits(text, 8, wallClock.getDayOfMonth(), 2);
        text[10] = 'T';
        digits(text, 11, wallClock.getHour(), 2);
        text[13] = ':';
        digits(text, 14, wallClock.getMinute(), 2);
        text[16] = ':';
        digits(text, 17, wallClock.getSecond(), 2);
        int micros = wallClock.getNano() / 1000;
        if (micros == 0) {
            return new String(text, 0, 19);
        }
        text[19] = '.';
        digits(text, 20, micros, 6);
        int end = 26;
        while (text[end - 1] == '0') {
            end--;
        }
        return new String(text, 0, end);
    }

    /** What {@link #timestamp} gives, through the formatter for every year: the reference its tests compare with. */
    static String formattedTimestamp(long epochMicros) {
        return LOCAL_TIMESTAMP.format(utcWallClock(epochMicros));
    }

    /** {@code value} as {@code width} decimal digits, zero-padded, into {@code text} from {@code at}. */
    private static void digits(char[] text, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            text[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    private static LocalDateTime utcWallClock(long epochMicros) {
        // floorDiv/floorMod: one microsecond before the epoch is 23:59:59.999999, not 00:00:00.-000001.
        long seconds = Math.floorDiv(epochMicros, MICROS_PER_SECOND);
        int nanos = (int) Math.floorMod(epochMicros, MICROS_PER_SECOND) * 1000;
        return LocalDateTime.ofEpochSecond(seconds, nanos, ZoneOffset.UTC);
    }

    /**
     * PostgreSQL's iso_8601 interval output (EncodeInterval): years and months from the months,
     * hours, minutes and seconds from the microseconds, each truncated toward zero so it keeps its
     * part's sign; zero parts left out; {@code PT0S} for a zero interval.
     */
    static String interval(ColumnValue.Interval interval) {
        long years = interval.months() / 12;
        long months = interval.months() % 12;
        long hours = interval.micros() / MICROS_PER_HOUR;
        long minutes = interval.micros() % MICROS_PER_HOUR / MICROS_PER_MINUTE;
        long micros = interval.micros() % MICROS_PER_MINUTE;
        if (interval.months() == 0 && interval.days() == 0 && interval.micros() == 0) {
            return "PT0S";
        }
        StringBuilder text = new StringBuilder("P");
        part(text, years, 'Y');
        part(text, months, 'M');
        part(text, interval.days(), 'D');
        if (hours != 0 || minutes != 0 || micros != 0) {
            text.append('T');
        }
        part(text, hours, 'H');
        part(text, minutes, 'M');
        if (micros != 0) {
            text.append(micros < 0 ? "-" : "").append(seconds(Math.abs(micros))).append('S');
        }
        return text.toString();
    }

    private static void part(StringBuilder text, long value, char unit) {
        if (value != 0) {
            text.append(value).append(unit);
        }
    }

    private static String seconds(long micros) {
        String whole = Long.toString(micros / MICROS_PER_SECOND);
        long fraction = micros % MICROS_PER_SECOND;
        if (fraction == 0) {
            return whole;
        }
        String digits = String.format(Locale.ROOT, "%06d", fraction).replaceFirst("0+$", "");
        return whole + "." + digits;
    }
}
