package com.tradeul.metasync.capture;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.util.TimeZone;
import org.postgresql.util.PGInterval;

/**
 * PostgreSQL's text (DateStyle ISO) of the temporal values Debezium 3.6.1 parses pgoutput's text
 * into before a converter sees it: date as {@link LocalDate}, timestamp as {@link Instant},
 * timestamptz as {@link OffsetDateTime} and timetz as {@link OffsetTime} (both at UTC), interval as
 * {@link PGInterval}, and, only in a snapshot read without metasync's select overrides (a Kafka
 * Connect deployment), date as {@code java.sql.Date} ({@link EraDates}). Years are printed by era
 * ({@code 0001-01-01 BC}), fractions without trailing zeros, UTC as {@code +00}, and Debezium's
 * stand-ins for {@code infinity} and {@code -infinity} as those words. Stateless and thread safe.
 */
final class OutputTemporalText {

    /** What Debezium's pgoutput decoder makes of date 'infinity' and '-infinity' (out of PostgreSQL's range). */
    static final LocalDate DATE_INFINITY = LocalDate.ofEpochDay(EraDates.STREAM_DATE_INFINITY);
    static final LocalDate DATE_MINUS_INFINITY = LocalDate.ofEpochDay(EraDates.STREAM_DATE_MINUS_INFINITY);
    /**
     * timestamp 'infinity' and '-infinity': pgjdbc's infinity milliseconds read as microseconds. The
     * first is also the legal timestamp 294247-01-10 04:00:25.2, which therefore reads as infinity.
     */
    static final Instant TIMESTAMP_INFINITY = Instant.ofEpochSecond(9_223_372_036_825L, 200_000_000);
    static final Instant TIMESTAMP_MINUS_INFINITY = Instant.ofEpochSecond(-9_223_372_036_833L, 600_000_000);
    /** timestamptz 'infinity' and '-infinity': pgjdbc's infinity milliseconds, years PostgreSQL cannot hold. */
    static final Instant TIMESTAMPTZ_INFINITY = Instant.ofEpochMilli(9_223_372_036_825_200_000L);
    static final Instant TIMESTAMPTZ_MINUS_INFINITY = Instant.ofEpochMilli(-9_223_372_036_832_400_000L);
    static final LocalDate FIRST_DATE = LocalDate.of(-4713, 11, 24);
    static final LocalDate LAST_DATE = LocalDate.of(5_874_897, 12, 31);

    private OutputTemporalText() {}

    static String of(Object value) {
        if (value instanceof LocalDate date) {
            return date(date);
        }
        if (value instanceof Instant instant) {
            return timestamp(instant);
        }
        if (value instanceof OffsetDateTime time) {
            return timestamptz(time);
        }
        if (value instanceof OffsetTime time) {
            return clock(new StringBuilder(18), time.toLocalTime()).append(offset(time.getOffset())).toString();
        }
        if (value instanceof LocalTime time) {
            return clock(new StringBuilder(15), time).toString();
        }
        if (value instanceof LocalDateTime time) {
            return dateTime(time, "");
        }
        if (value instanceof java.sql.Date legacy) {
            return date(EraDates.fromCalendarMillis(legacy.getTime(), TimeZone.getDefault()));
        }
        throw new IllegalArgumentException("a " + value.getClass().getName() + ", a temporal form metasync's converter"
                + " was not written for (Debezium 3.6.1, pgjdbc 42.7.11)");
    }

    static String date(LocalDate date) {
        if (date.equals(DATE_INFINITY)) {
            return "infinity";
        }
        if (date.equals(DATE_MINUS_INFINITY)) {
            return "-infinity";
        }
        if (date.isBefore(FIRST_DATE) || date.isAfter(LAST_DATE)) {
            throw new IllegalArgumentException("date " + date + " is outside PostgreSQL's range and not one of"
                    + " Debezium's stand-ins for infinity");
        }
        StringBuilder text = day(new StringBuilder(16), date);
        return date.getYear() <= 0 ? text.append(" BC").toString() : text.toString();
    }

    static String timestamp(Instant instant) {
        if (instant.equals(TIMESTAMP_INFINITY)) {
            return "infinity";
        }
        if (instant.equals(TIMESTAMP_MINUS_INFINITY)) {
            return "-infinity";
        }
        return dateTime(LocalDateTime.ofEpochSecond(instant.getEpochSecond(), instant.getNano(), ZoneOffset.UTC), "");
    }

    static String timestamptz(OffsetDateTime time) {
        Instant instant = time.toInstant();
        if (instant.equals(TIMESTAMPTZ_INFINITY)) {
            return "infinity";
        }
        if (instant.equals(TIMESTAMPTZ_MINUS_INFINITY)) {
            return "-infinity";
        }
        return dateTime(time.toLocalDateTime(), offset(time.getOffset()));
    }

    /**
     * interval as iso_8601 text ({@code P1Y2M3DT4H5M6.789012S}), every field with its own sign as
     * pgjdbc parsed them from PostgreSQL's text, so months, days and microseconds come back exactly.
     */
    static String interval(PGInterval interval) {
        long micros = interval.getWholeSeconds() * 1_000_000L + interval.getMicroSeconds();
        long magnitude = Math.abs(micros);
        StringBuilder text = new StringBuilder(48).append('P').append(interval.getYears()).append('Y')
                .append(interval.getMonths()).append('M').append(interval.getDays()).append("DT")
                .append(interval.getHours()).append('H').append(interval.getMinutes()).append('M');
        if (micros < 0) {
            text.append('-');
        }
        text.append(magnitude / 1_000_000L);
        appendFraction(text, (int) (magnitude % 1_000_000L));
        return text.append('S').toString();
    }

    private static String dateTime(LocalDateTime time, String offset) {
        StringBuilder text = clock(day(new StringBuilder(32), time.toLocalDate()).append(' '), time.toLocalTime());
        text.append(offset);
        return time.getYear() <= 0 ? text.append(" BC").toString() : text.toString();
    }

    /** yyyy-mm-dd with the year of the era, at least four digits, as PostgreSQL prints it. */
    private static StringBuilder day(StringBuilder text, LocalDate date) {
        int year = date.getYear() <= 0 ? 1 - date.getYear() : date.getYear();
        pad(text, year, 4).append('-');
        pad(text, date.getMonthValue(), 2).append('-');
        return pad(text, date.getDayOfMonth(), 2);
    }

    private static StringBuilder clock(StringBuilder text, LocalTime time) {
        if (time.getNano() % 1_000 != 0) {
            throw new IllegalArgumentException("time " + time + " is finer than PostgreSQL's microseconds");
        }
        pad(text, time.getHour(), 2).append(':');
        pad(text, time.getMinute(), 2).append(':');
        pad(text, time.getSecond(), 2);
        appendFraction(text, time.getNano() / 1_000);
        return text;
    }

    /** {@code .5}, {@code .000001}: PostgreSQL drops a fraction's trailing zeros, and a zero fraction. */
    private static void appendFraction(StringBuilder text, int micros) {
        if (micros == 0) {
            return;
        }
        int digits = 6;
        while (micros % 10 == 0) {
            micros /= 10;
            digits--;
        }
        text.append('.');
        pad(text, micros, digits);
    }

    /** {@code +00}, {@code -08}, {@code +05:30}, {@code +00:19:32} (local mean time). */
    static String offset(ZoneOffset offset) {
        int total = offset.getTotalSeconds();
        int seconds = Math.abs(total);
        StringBuilder text = new StringBuilder(9).append(total < 0 ? '-' : '+');
        pad(text, seconds / 3600, 2);
        if (seconds % 3600 != 0) {
            pad(text.append(':'), seconds / 60 % 60, 2);
            if (seconds % 60 != 0) {
                pad(text.append(':'), seconds % 60, 2);
            }
        }
        return text.toString();
    }

    private static StringBuilder pad(StringBuilder text, long value, int width) {
        String digits = Long.toString(value);
        for (int i = digits.length(); i < width; i++) {
            text.append('0');
        }
        return text.append(digits);
    }
}
