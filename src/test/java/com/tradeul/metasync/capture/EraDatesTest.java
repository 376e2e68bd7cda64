package com.tradeul.metasync.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.time.LocalDate;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.TimeZone;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EraDatesTest {

    /**
     * Dates as PostgreSQL writes them, built the way pgjdbc 42.7.11 builds a java.sql.Date for the
     * snapshot (ERA, YEAR, MONTH, DAY set on a GregorianCalendar in the JVM's zone), in zones on
     * both sides of UTC and with historical offsets.
     */
    static Stream<Arguments> snapshotDates() {
        Stream.Builder<Arguments> cases = Stream.builder();
        String[][] dates = {
            {"1 BC", "0", "1", "1", "1", "0000-01-01"},
            {"4713 BC", "0", "4713", "1", "1", "-4712-01-01"},
            {"PostgreSQL's first date, 4714-11-24 BC", "0", "4714", "11", "24", "-4713-11-24"},
            {"1 BC leap day", "0", "1", "2", "29", "0000-02-29"},
            {"101 BC, 1 March (a Julian leap year, not a Gregorian one)", "0", "101", "3", "1", "-0100-03-01"},
            {"1 AD", "1", "1", "1", "1", "0001-01-01"},
            {"1000 AD, Julian calendar in java.util", "1", "1000", "1", "1", "1000-01-01"},
            {"1582-10-04, last Julian day", "1", "1582", "10", "4", "1582-10-04"},
            {"1582-10-15, first Gregorian day", "1", "1582", "10", "15", "1582-10-15"},
            {"1970-01-01", "1", "1970", "1", "1", "1970-01-01"},
            {"2024-02-29", "1", "2024", "2", "29", "2024-02-29"},
            {"PostgreSQL's last date", "1", "5874897", "12", "31", "+5874897-12-31"},
        };
        for (String zone : new String[] {"UTC", "Asia/Tokyo", "America/Los_Angeles", "Europe/Amsterdam"}) {
            for (String[] d : dates) {
                cases.add(arguments(d[0] + " in " + zone, zone, Integer.parseInt(d[1]), Integer.parseInt(d[2]),
                        Integer.parseInt(d[3]), Integer.parseInt(d[4]), LocalDate.parse(d[5])));
            }
        }
        return cases.build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("snapshotDates")
    void reads_the_date_pgjdbc_built_with_its_era(String description, String zoneId, int era, int yearOfEra, int month,
                                                  int day, LocalDate postgres) {
        TimeZone zone = TimeZone.getTimeZone(zoneId);
        GregorianCalendar pgjdbc = new GregorianCalendar(zone);
        pgjdbc.clear();
        pgjdbc.set(Calendar.ERA, era);
        pgjdbc.set(yearOfEra, month - 1, day, 0, 0, 0);

        assertThat(EraDates.fromCalendarMillis(pgjdbc.getTimeInMillis(), zone)).isEqualTo(postgres);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("infinities")
    void infinities_become_the_day_counts_streaming_sends(String description, long pgjdbcMillis, long debeziumDays) {
        assertThat(EraDates.fromCalendarMillis(pgjdbcMillis, TimeZone.getTimeZone("Asia/Tokyo")).toEpochDay()).isEqualTo(debeziumDays);
    }

    @org.junit.jupiter.api.Test
    void infinity_day_counts_are_the_ones_the_value_converter_reads_as_infinities() {
        assertThat(TemporalConverter.date(EraDates.STREAM_DATE_INFINITY))
                .isEqualTo(com.tradeul.metasync.wire.ColumnValue.TemporalInfinity.POSITIVE_INFINITY);
        assertThat(TemporalConverter.date(EraDates.STREAM_DATE_MINUS_INFINITY))
                .isEqualTo(com.tradeul.metasync.wire.ColumnValue.TemporalInfinity.NEGATIVE_INFINITY);
    }

    static Stream<Arguments> infinities() {
        return Stream.of(
                // pgjdbc's PGStatement.DATE_POSITIVE_INFINITY / DATE_NEGATIVE_INFINITY
                arguments("infinity", 9_223_372_036_825_200_000L, -2_147_472_692L),
                arguments("-infinity", -9_223_372_036_832_400_000L, -2_147_472_691L));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("streamedDates")
    void streaming_stand_ins_for_infinity_are_the_dates_debezium_sends(String description, LocalDate date, long days) {
        assertThat(date.toEpochDay()).isEqualTo(days);
    }

    static Stream<Arguments> streamedDates() {
        return Stream.of(
                arguments("Debezium's streaming infinity", OutputTemporalText.DATE_INFINITY, -2_147_472_692L),
                arguments("Debezium's streaming -infinity", OutputTemporalText.DATE_MINUS_INFINITY, -2_147_472_691L),
                arguments("as the probe saw it", LocalDate.parse("-5877611-06-21"), -2_147_472_692L));
    }
}
