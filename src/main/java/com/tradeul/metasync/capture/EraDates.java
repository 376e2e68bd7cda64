package com.tradeul.metasync.capture;

import java.time.LocalDate;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.TimeZone;

/**
 * PostgreSQL {@code date} values from a {@code java.sql.Date} pgjdbc built, which metasync's
 * converter meets only in a snapshot read without metasync's select overrides (a Kafka Connect
 * deployment that did not set them). pgjdbc's {@code getObject} turns {@code 0001-01-01 BC}
 * into a {@code java.sql.Date} by setting ERA, YEAR, MONTH and DAY on a Julian/Gregorian
 * {@code GregorianCalendar} in the JVM's default zone; reading the same calendar fields back, era
 * included, gives PostgreSQL's date. Not recoverable: PostgreSQL's 1582-10-05 … 1582-10-14, which
 * that calendar lacks, reach us already moved ten days on by pgjdbc (the same instant as
 * 1582-10-15 … 1582-10-24); the select overrides read dates as text and avoid this.
 *
 * <p>Infinities become the dates Debezium's streaming sends for them ({@link OutputTemporalText}
 * prints both as {@code infinity}). Pure; stateless and thread safe.
 */
final class EraDates {

    /** pgjdbc's {@code PGStatement.DATE_POSITIVE_INFINITY} / {@code DATE_NEGATIVE_INFINITY}, in milliseconds. */
    static final long PGJDBC_DATE_INFINITY_MILLIS = 9_223_372_036_825_200_000L;
    static final long PGJDBC_DATE_MINUS_INFINITY_MILLIS = -9_223_372_036_832_400_000L;
    /** Debezium's streaming day counts for infinity and -infinity ({@link TemporalConverter} reads them too). */
    static final int STREAM_DATE_INFINITY = -2_147_472_692;
    static final int STREAM_DATE_MINUS_INFINITY = -2_147_472_691;

    private EraDates() {}

    /**
     * @param millis {@code java.util.Date#getTime()} of the date pgjdbc built
     * @param zone   the zone pgjdbc built it in: the JVM's default zone
     * @return the date, or Debezium's streaming stand-in for an infinity
     */
    static LocalDate fromCalendarMillis(long millis, TimeZone zone) {
        if (millis == PGJDBC_DATE_INFINITY_MILLIS) {
            return LocalDate.ofEpochDay(STREAM_DATE_INFINITY);
        }
        if (millis == PGJDBC_DATE_MINUS_INFINITY_MILLIS) {
            return LocalDate.ofEpochDay(STREAM_DATE_MINUS_INFINITY);
        }
        GregorianCalendar calendar = new GregorianCalendar(zone);
        calendar.setTimeInMillis(millis);
        return proleptic(calendar.get(Calendar.ERA), calendar.get(Calendar.YEAR),
                calendar.get(Calendar.MONTH) + 1, calendar.get(Calendar.DAY_OF_MONTH));
    }

    /**
     * The date with these calendar fields, in astronomical year numbering (1 BC is year 0).
     *
     * @param era        {@link GregorianCalendar#BC} or {@link GregorianCalendar#AD}
     * @param yearOfEra  1 or more
     * @param month      1 to 12
     */
    static LocalDate proleptic(int era, int yearOfEra, int month, int day) {
        int year = era == GregorianCalendar.BC ? 1 - yearOfEra : yearOfEra;
        return LocalDate.of(year, month, day);
    }
}
