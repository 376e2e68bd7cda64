package com.tradeul.metasync.normalize;

import com.tradeul.metasync.wire.ColumnValue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * interval as PostgreSQL prints it with IntervalStyle {@code postgres} (the default:
 * {@code 1 year 2 mons 3 days 04:05:06.789012}, {@code -1 days +02:00:00}, {@code 00:00:00}) or
 * {@code iso_8601} ({@code P1Y2M3DT4H5M6.789012S}, {@code PT0S}). Both print PostgreSQL's three
 * fields apart: years and months from the months, days, and the clock from the microseconds,
 * each part with its own sign, so reading them back is exact. {@code sql_standard} and
 * {@code postgres_verbose} are refused. Stateless and thread safe.
 */
final class PgIntervalText {

    private static final String FRACTION = "(?:\\.(?<fraction>\\d{1,6}))?";
    private static final Pattern POSTGRES = Pattern.compile(
            "(?:(?<years>[+-]?\\d+) years?(?: |$))?(?:(?<months>[+-]?\\d+) mons?(?: |$))?(?:(?<days>[+-]?\\d+) days?(?: |$))?"
                    + "(?:(?<sign>[+-]?)(?<hours>\\d{2,}):(?<minutes>\\d\\d):(?<seconds>\\d\\d)" + FRACTION + ")?");
    private static final Pattern ISO_8601 = Pattern.compile(
            "P(?:(?<years>-?\\d+)Y)?(?:(?<months>-?\\d+)M)?(?:(?<days>-?\\d+)D)?"
                    + "(?:T(?:(?<hours>-?\\d+)H)?(?:(?<minutes>-?\\d+)M)?(?:(?<sign>-?)(?<seconds>\\d+)" + FRACTION + "S)?)?");

    private static final long MICROS_PER_SECOND = 1_000_000L;
    private static final long MICROS_PER_MINUTE = 60 * MICROS_PER_SECOND;
    private static final long MICROS_PER_HOUR = 60 * MICROS_PER_MINUTE;

    private PgIntervalText() {}

    static ColumnValue parse(String text) {
        boolean iso = text.startsWith("P");
        Matcher m = (iso ? ISO_8601 : POSTGRES).matcher(text);
        if (!m.matches() || !wellFormed(text, iso)) {
            throw new UnparsableValueException("interval", "not IntervalStyle postgres (1 year 2 mons 3 days "
                    + "04:05:06.789012) nor iso_8601 (P1Y2M3DT4H5M6.789012S); set IntervalStyle to postgres for "
                    + "the session that reads it", text);
        }
        try {
            long months = Math.addExact(Math.multiplyExact(number(m, "years"), 12L), number(m, "months"));
            return new ColumnValue.Interval(Math.toIntExact(months), Math.toIntExact(number(m, "days")),
                    iso ? isoClock(m) : postgresClock(m));
        } catch (ArithmeticException | NumberFormatException e) {
            throw new UnparsableValueException("interval", "a part is out of range (minutes and seconds below 60, "
                    + "months and days within 32 bits, the clock within 64-bit microseconds)", text);
        }
    }

    /**
     * What the optional groups let through that PostgreSQL never prints: nothing at all, a
     * trailing space, {@code P} or {@code T} without a part after it.
     */
    private static boolean wellFormed(String text, boolean iso) {
        if (iso) {
            return text.length() > 1 && !text.endsWith("T");
        }
        return !text.isEmpty() && !text.endsWith(" ");
    }

    /** postgres style: one sign for the whole clock ({@code -04:05:06.5}), minutes and seconds below 60. */
    private static long postgresClock(Matcher m) {
        if (m.group("hours") == null) {
            return 0;
        }
        long minutes = Long.parseLong(m.group("minutes"));
        long seconds = Long.parseLong(m.group("seconds"));
        if (minutes > 59 || seconds > 59) {
            throw new NumberFormatException("minutes or seconds above 59");
        }
        long magnitude = Math.addExact(Math.multiplyExact(Long.parseLong(m.group("hours")), MICROS_PER_HOUR),
                minutes * MICROS_PER_MINUTE + seconds * MICROS_PER_SECOND + fraction(m));
        return m.group("sign").equals("-") ? -magnitude : magnitude;
    }

    /** iso_8601: hours and minutes each signed, seconds and fraction sharing one sign ({@code -6.5S}). */
    private static long isoClock(Matcher m) {
        long seconds = m.group("seconds") == null ? 0
                : Math.addExact(Math.multiplyExact(Long.parseLong(m.group("seconds")), MICROS_PER_SECOND), fraction(m));
        long hoursAndMinutes = Math.addExact(Math.multiplyExact(number(m, "hours"), MICROS_PER_HOUR),
                Math.multiplyExact(number(m, "minutes"), MICROS_PER_MINUTE));
        return Math.addExact(hoursAndMinutes, "-".equals(m.group("sign")) ? -seconds : seconds);
    }

    private static long number(Matcher m, String group) {
        String digits = m.group(group);
        return digits == null ? 0 : Long.parseLong(digits);
    }

    private static long fraction(Matcher m) {
        String digits = m.group("fraction");
        return digits == null ? 0 : Long.parseLong((digits + "00000").substring(0, 6));
    }
}
