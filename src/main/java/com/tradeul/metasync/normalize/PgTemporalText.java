package com.tradeul.metasync.normalize;

import com.tradeul.metasync.wire.ColumnValue;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * date, time, timetz, timestamp and timestamptz as PostgreSQL prints them with DateStyle ISO:
 * {@code 2024-01-01}, {@code 0001-01-01 BC}, {@code 5874897-12-31}, {@code 24:00:00},
 * {@code 2024-01-01 10:30:15.5+05:30}, {@code 0001-01-01 00:19:32+00:19:32 BC},
 * {@code infinity}. PostgreSQL's calendar is the proleptic Gregorian one, as
 * {@link LocalDate}'s is, so every date it prints (1582-10-05 … 1582-10-14 included) maps to its
 * own day; years are astronomical (1 BC is year 0). timetz keeps its clock and its offset as
 * PostgreSQL prints them ({@code 24:00:00+00}, {@code 12:34:56.789+05:30}): PostgreSQL holds and
 * compares both, so {@code 12:00:00+01} and {@code 11:00:00+00} are two values. Other DateStyles
 * are refused. Stateless and thread safe.
 */
final class PgTemporalText {

    private static final String DATE = "(?<year>\\d{4,7})-(?<month>\\d\\d)-(?<day>\\d\\d)";
    private static final String CLOCK = "(?<hour>\\d\\d):(?<minute>\\d\\d):(?<second>\\d\\d)(?:\\.(?<fraction>\\d{1,6}))?";
    private static final String OFFSET = "(?<sign>[+-])(?<oh>\\d\\d)(?::(?<om>\\d\\d))?(?::(?<os>\\d\\d))?";
    private static final String ERA = "(?<bc> BC)?";
    private static final Pattern DATE_TEXT = Pattern.compile(DATE + ERA);
    private static final Pattern TIME_TEXT = Pattern.compile(CLOCK);
    private static final Pattern TIMETZ_TEXT = Pattern.compile(CLOCK + OFFSET);
    private static final Pattern TIMESTAMP_TEXT = Pattern.compile(DATE + " " + CLOCK + ERA);
    private static final Pattern TIMESTAMPTZ_TEXT = Pattern.compile(DATE + " " + CLOCK + OFFSET + ERA);

    /** time and timetz have no infinities. */
    private static final Set<String> INFINITE_TYPES = Set.of("date", "timestamp", "timestamptz");
    private static final long MICROS_PER_SECOND = 1_000_000L;
    private static final long MICROS_PER_DAY = 86_400L * MICROS_PER_SECOND;

    private PgTemporalText() {}

    static ColumnValue parse(String typeName, String text) {
        if (typeName.equals("timestamptz") || typeName.equals("timestamp")) {
            ColumnValue.Timestamp common = CommonTimestamp.read(text, typeName.equals("timestamptz"));
            if (common != null) {
                return common;
            }
        }
        return parseAnyForm(typeName, text);
    }

    /** Every form, through the patterns: what {@link #parse} gives whenever {@link CommonTimestamp} declines. */
    static ColumnValue parseAnyForm(String typeName, String text) {
        ColumnValue infinity = INFINITE_TYPES.contains(typeName) ? infinity(text) : null;
        if (infinity != null) {
            return infinity;
        }
        Matcher m = matcher(typeName, text);
        try {
            return switch (typeName) {
                case "date" -> new ColumnValue.Date(epochDay(m));
                case "time" -> new ColumnValue.Time(timeOfDay(m));
                case "timetz" -> new ColumnValue.TimeTz(timeOfDay(m), Math.toIntExact(offsetMicros(m) / MICROS_PER_SECOND));
                case "timestamp" -> new ColumnValue.Timestamp(epochMicros(m, 0), false);
                default -> new ColumnValue.Timestamp(epochMicros(m, offsetMicros(m)), true);
            };
        } catch (DateTimeException e) {
            throw new UnparsableValueException(typeName, "not a day of the calendar", text);
        } catch (ArithmeticException e) {
            // PostgreSQL's timestamps run to 294276 AD; 64-bit microseconds since 1970 end in 294247.
            throw new UnparsableValueException(typeName, "later than 294247-01-10 04:00:54.775807 UTC, the last "
                    + "instant 64-bit microseconds since 1970 hold", text);
        } catch (IllegalArgumentException e) {
            throw new UnparsableValueException(typeName, e.getMessage(), text);
        }
    }

    private static ColumnValue infinity(String text) {
        return switch (text) {
            case "infinity" -> ColumnValue.TemporalInfinity.POSITIVE_INFINITY;
            case "-infinity" -> ColumnValue.TemporalInfinity.NEGATIVE_INFINITY;
            default -> null;
        };
    }

    private static Matcher matcher(String typeName, String text) {
        Pattern pattern = switch (typeName) {
            case "date" -> DATE_TEXT;
            case "time" -> TIME_TEXT;
            case "timetz" -> TIMETZ_TEXT;
            case "timestamp" -> TIMESTAMP_TEXT;
            default -> TIMESTAMPTZ_TEXT;
        };
        Matcher m = pattern.matcher(text);
        if (!m.matches()) {
            throw new UnparsableValueException(typeName, "not PostgreSQL's ISO form (2024-01-31, 10:30:15.123456, "
                    + "2024-01-31 10:30:15+05:30, … BC); set DateStyle to ISO for the session that reads it", text);
        }
        return m;
    }

    private static long epochDay(Matcher m) {
        int year = Integer.parseInt(m.group("year"));
        int astronomical = m.group("bc") == null ? year : 1 - year;
        return LocalDate.of(astronomical, Integer.parseInt(m.group("month")), Integer.parseInt(m.group("day")))
                .toEpochDay();
    }

    /** Microseconds since midnight; 24:00:00 (time's last value) is one whole day. */
    private static long timeOfDay(Matcher m) {
        int hour = Integer.parseInt(m.group("hour"));
        int minute = Integer.parseInt(m.group("minute"));
        int second = Integer.parseInt(m.group("second"));
        long micros = fraction(m.group("fraction"));
        if (hour > 24 || minute > 59 || second > 59 || (hour == 24 && (minute | second | micros) != 0)) {
            throw new IllegalArgumentException("not a time of day");
        }
        return ((hour * 60L + minute) * 60L + second) * MICROS_PER_SECOND + micros;
    }

    private static long epochMicros(Matcher m, long offsetMicros) {
        long clock = timeOfDay(m);
        if (clock == MICROS_PER_DAY) {
            throw new IllegalArgumentException("24:00:00 is not a time of a timestamp");
        }
        long local = Math.addExact(Math.multiplyExact(epochDay(m), MICROS_PER_DAY), clock);
        return Math.subtractExact(local, offsetMicros);
    }

    /** The UTC offset in microseconds east of Greenwich; old zones' local mean time has seconds. */
    private static long offsetMicros(Matcher m) {
        int hours = Integer.parseInt(m.group("oh"));
        int minutes = m.group("om") == null ? 0 : Integer.parseInt(m.group("om"));
        int seconds = m.group("os") == null ? 0 : Integer.parseInt(m.group("os"));
        if (minutes > 59 || seconds > 59) {
            throw new IllegalArgumentException("not a UTC offset");
        }
        long micros = ((hours * 60L + minutes) * 60L + seconds) * MICROS_PER_SECOND;
        return m.group("sign").equals("-") ? -micros : micros;
    }

    private static long fraction(String digits) {
        return digits == null ? 0 : Long.parseLong((digits + "00000").substring(0, 6));
    }
}
