package com.tradeul.metasync.capture;

import com.tradeul.metasync.wire.ColumnValue;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debezium's temporal logical types (time.precision.mode=adaptive_time_microseconds,
 * interval.handling.mode=string) as {@link ColumnValue}s, including how Debezium 3.6 encodes
 * PostgreSQL's {@code infinity} and {@code -infinity}, as observed on PostgreSQL 15:
 * <ul>
 * <li>date: no marker, an overflowed day count outside PostgreSQL's range. Streaming sends
 *     -2147472692 (+∞) and -2147472691 (−∞); snapshots (and arrays, also when streaming) send
 *     -622191234 (+∞) and -625821272 (−∞), one day off in JVMs east of UTC. With
 *     {@link ExactTypesConverter} configured, scalar dates carry the streaming counts in the
 *     snapshot too; arrays still carry the snapshot ones.</li>
 * <li>timestamp: 9223372036825200000 µs (+∞; also the real instant 294247-01-10T04:00:25.2,
 *     read as +∞) and -9223372036832400000 µs (−∞); in milliseconds for timestamp(0..3).
 *     Timestamps after 294247-01-10T04:00:54.775807 overflow inside Debezium (to about
 *     Long.MIN_VALUE): refused.</li>
 * <li>timestamptz: the strings {@code infinity} / {@code -infinity}; inside arrays (read through
 *     java.sql.Timestamp) {@code -infinity} comes as a date in the year +292269055 and, in JVMs west
 *     of UTC, {@code infinity} as one in +292278994: years PostgreSQL cannot hold.</li>
 * </ul>
 * Temporal arrays are read through java.sql types even when streaming: their BC values come with
 * the era dropped (and timestamps shifted by historical zone offsets in JVMs not on UTC), and
 * time[] '24:00:00' comes as 00:00:00. Nothing in the event shows it: run capture with the JVM's
 * time zone set to UTC and keep BC values out of date[] / timestamptz[] columns.
 * Returns null for logical types that are not temporal. Stateless and thread safe.
 */
final class TemporalConverter {

    /** PostgreSQL's first date, 4714-11-24 BC, and last, 5874897-12-31, as days since 1970-01-01. */
    static final long MIN_DATE = -2_440_588L;
    static final long MAX_DATE = 2_145_042_905L;
    static final long STREAM_DATE_INFINITY = -2_147_472_692L;
    static final long STREAM_DATE_MINUS_INFINITY = -2_147_472_691L;
    static final long SNAPSHOT_DATE_INFINITY = -622_191_234L;
    static final long SNAPSHOT_DATE_MINUS_INFINITY = -625_821_272L;
    /** PostgreSQL's first timestamp, 4714-11-24 00:00:00 BC, in microseconds since 1970. */
    static final long MIN_TIMESTAMP_MICROS = -210_866_803_200_000_000L;
    static final long TIMESTAMP_INFINITY_MICROS = 9_223_372_036_825_200_000L;
    static final long TIMESTAMP_MINUS_INFINITY_MICROS = -9_223_372_036_832_400_000L;
    static final long MICROS_PER_DAY = 86_400_000_000L;
    static final String ARRAY_INFINITY_YEAR = "+292278994-";
    static final String ARRAY_MINUS_INFINITY_YEAR = "+292269055-";

    private static final Pattern ISO_INTERVAL = Pattern.compile(
            "P(-?\\d+)Y(-?\\d+)M(-?\\d+)DT(-?\\d+)H(-?\\d+)M(-?\\d+(?:\\.\\d+)?)S");
    private static final Pattern ZONED_TIME = Pattern.compile(
            "(\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d{1,6}))?(Z|([+-])(\\d{2}):(\\d{2})(?::(\\d{2}))?)");

    private TemporalConverter() {}

    static ColumnValue convert(String logical, Object value) {
        return switch (logical) {
            case "io.debezium.time.Date" -> date(((Number) value).longValue());
            case "io.debezium.time.Time" -> time(Math.multiplyExact(((Number) value).longValue(), 1_000L));
            case "io.debezium.time.MicroTime" -> time(((Number) value).longValue());
            case "io.debezium.time.NanoTime" -> time(((Number) value).longValue() / 1_000L);
            case "io.debezium.time.Timestamp" -> timestamp(scaled(((Number) value).longValue(), 1_000L));
            case "io.debezium.time.MicroTimestamp" -> timestamp(((Number) value).longValue());
            case "io.debezium.time.NanoTimestamp" -> timestamp(Math.floorDiv(((Number) value).longValue(), 1_000L));
            case "io.debezium.time.ZonedTimestamp" -> zonedTimestamp((String) value);
            case "io.debezium.time.ZonedTime" -> zonedTime((String) value);
            case "io.debezium.time.Interval" -> interval((String) value);
            case "io.debezium.time.MicroDuration", "io.debezium.time.NanoDuration" -> throw new UnconvertibleValueException(
                    "interval as a duration in microseconds counts a month as 30.4375 days; set interval.handling.mode=string");
            case "org.apache.kafka.connect.data.Date", "org.apache.kafka.connect.data.Time",
                    "org.apache.kafka.connect.data.Timestamp" -> throw new UnconvertibleValueException(
                    "time.precision.mode=connect drops microseconds; set time.precision.mode=adaptive_time_microseconds");
            default -> null;
        };
    }

    static ColumnValue date(long epochDay) {
        if (epochDay >= MIN_DATE && epochDay <= MAX_DATE) {
            return new ColumnValue.Date(epochDay);
        }
        if (epochDay == STREAM_DATE_INFINITY || Math.abs(epochDay - SNAPSHOT_DATE_INFINITY) <= 1) {
            return ColumnValue.TemporalInfinity.POSITIVE_INFINITY;
        }
        if (epochDay == STREAM_DATE_MINUS_INFINITY || Math.abs(epochDay - SNAPSHOT_DATE_MINUS_INFINITY) <= 1) {
            return ColumnValue.TemporalInfinity.NEGATIVE_INFINITY;
        }
        throw new UnconvertibleValueException("date of " + epochDay + " days since 1970-01-01 is outside PostgreSQL's "
                + "range and not one of Debezium's infinity markers");
    }

    private static ColumnValue time(long micros) {
        if (micros < 0 || micros > MICROS_PER_DAY) {
            throw new UnconvertibleValueException("time of " + micros + " µs is not a time of day");
        }
        return new ColumnValue.Time(micros);
    }

    static ColumnValue timestamp(long epochMicros) {
        if (epochMicros == TIMESTAMP_INFINITY_MICROS) {
            return ColumnValue.TemporalInfinity.POSITIVE_INFINITY;
        }
        if (epochMicros == TIMESTAMP_MINUS_INFINITY_MICROS) {
            return ColumnValue.TemporalInfinity.NEGATIVE_INFINITY;
        }
        if (epochMicros < MIN_TIMESTAMP_MICROS) {
            throw new UnconvertibleValueException("timestamp of " + epochMicros + " µs since 1970 is before PostgreSQL's "
                    + "first timestamp: Debezium overflowed a timestamp after 294247-01-10T04:00:54.775807, which a "
                    + "64-bit count of microseconds since 1970 cannot hold");
        }
        return new ColumnValue.Timestamp(epochMicros, false);
    }

    private static long scaled(long value, long factor) {
        try {
            return Math.multiplyExact(value, factor);
        } catch (ArithmeticException e) {
            throw new UnconvertibleValueException("timestamp of " + value + " ms since 1970 does not fit in 64-bit "
                    + "microseconds (after 294247-01-10T04:00:54.775807)");
        }
    }

    private static ColumnValue zonedTimestamp(String text) {
        switch (text) {
            case "infinity":
                return ColumnValue.TemporalInfinity.POSITIVE_INFINITY;
            case "-infinity":
                return ColumnValue.TemporalInfinity.NEGATIVE_INFINITY;
            default:
                break;
        }
        if (text.startsWith(ARRAY_INFINITY_YEAR)) {
            return ColumnValue.TemporalInfinity.POSITIVE_INFINITY;
        }
        if (text.startsWith(ARRAY_MINUS_INFINITY_YEAR)) {
            return ColumnValue.TemporalInfinity.NEGATIVE_INFINITY;
        }
        try {
            OffsetDateTime time = OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            long micros = Math.addExact(Math.multiplyExact(time.toEpochSecond(), 1_000_000L), time.getNano() / 1_000L);
            return new ColumnValue.Timestamp(micros, true);
        } catch (RuntimeException e) {
            throw new UnconvertibleValueException("timestamptz value '" + text + "' is not an ISO-8601 timestamp within "
                    + "64-bit microseconds since 1970 (up to 294247-01-10T04:00:54.775807Z)");
        }
    }

    /** io.debezium.time.ZonedTime: "HH:mm:ss[.ffffff]" plus "Z" or an offset. */
    static ColumnValue zonedTime(String text) {
        Matcher m = ZONED_TIME.matcher(text);
        if (!m.matches()) {
            throw new UnconvertibleValueException("timetz value '" + text + "' is not HH:mm:ss[.ffffff] with an offset");
        }
        long micros = (Long.parseLong(m.group(1)) * 3600 + Long.parseLong(m.group(2)) * 60 + Long.parseLong(m.group(3)))
                * 1_000_000L + fractionMicros(m.group(4));
        int offset = 0;
        if (m.group(6) != null) {
            int seconds = Integer.parseInt(m.group(7)) * 3600 + Integer.parseInt(m.group(8)) * 60
                    + (m.group(9) == null ? 0 : Integer.parseInt(m.group(9)));
            offset = m.group(6).equals("-") ? -seconds : seconds;
        }
        if (micros > MICROS_PER_DAY || Integer.parseInt(m.group(2)) > 59 || Integer.parseInt(m.group(3)) > 59) {
            throw new UnconvertibleValueException("timetz value '" + text + "' is not a time of day");
        }
        return new ColumnValue.TimeTz(micros, offset);
    }

    private static long fractionMicros(String digits) {
        return digits == null ? 0 : Long.parseLong((digits + "00000").substring(0, 6));
    }

    /**
     * io.debezium.time.Interval in string mode: "P{y}Y{m}M{d}DT{h}H{m}M{s}S", every part signed,
     * straight from PostgreSQL's fields; years and months fold into months, the clock parts into
     * microseconds, as PostgreSQL stores them.
     */
    static ColumnValue interval(String text) {
        Matcher m = ISO_INTERVAL.matcher(text);
        if (!m.matches()) {
            throw new UnconvertibleValueException("interval '" + text + "' is not Debezium's ISO-8601 duration");
        }
        try {
            long months = Math.addExact(Math.multiplyExact(Long.parseLong(m.group(1)), 12L), Long.parseLong(m.group(2)));
            long clock = Math.addExact(Math.multiplyExact(Long.parseLong(m.group(4)), 3_600_000_000L),
                    Math.multiplyExact(Long.parseLong(m.group(5)), 60_000_000L));
            long seconds = new BigDecimal(m.group(6)).movePointRight(6).longValueExact();
            return new ColumnValue.Interval(Math.toIntExact(months), Integer.parseInt(m.group(3)),
                    Math.addExact(clock, seconds));
        } catch (ArithmeticException | NumberFormatException e) {
            throw new UnconvertibleValueException("interval '" + text + "' does not fit PostgreSQL's interval: " + e.getMessage());
        }
    }
}
