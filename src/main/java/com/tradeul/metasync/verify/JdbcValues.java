package com.tradeul.metasync.verify;

import com.tradeul.metasync.wire.ColumnValue;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.postgresql.geometric.PGpoint;
import org.postgresql.util.PGInterval;

/**
 * Reads a PostgreSQL column over JDBC into the same {@link ColumnValue} that capture builds from
 * Debezium's event for it, so verify renders rows with apply's own normalizer. Keep in step with
 * {@code capture.ValueConverter}: a type read differently here shows as a false difference.
 * Types without a specific rule are compared as PostgreSQL's text.
 */
final class JdbcValues {

    private JdbcValues() {}

    static ColumnValue read(ResultSet rs, int index, String typeName) throws SQLException {
        String text = rs.getString(index); // not getObject: pgjdbc cannot read money as an object
        if (text == null) {
            return ColumnValue.Null.INSTANCE;
        }
        if (INFINITE_TEMPORALS.contains(typeName) && (text.equals("infinity") || text.equals("-infinity"))) {
            return text.startsWith("-") ? ColumnValue.TemporalInfinity.NEGATIVE_INFINITY : ColumnValue.TemporalInfinity.POSITIVE_INFINITY;
        }
        return switch (typeName) {
            case "int2", "int4", "int8", "oid" -> new ColumnValue.Int(rs.getLong(index));
            case "money" -> money(text);
            case "interval" -> interval((PGInterval) rs.getObject(index));
            case "timetz" -> timeTzAtUtc(text);
            case "point" -> point((PGpoint) rs.getObject(index));
            case "float4" -> new ColumnValue.Float(Double.parseDouble(Float.toString(rs.getFloat(index)))); // as capture: the float's own digits
            case "float8" -> new ColumnValue.Float(rs.getDouble(index));
            case "numeric" -> numeric(rs.getString(index));
            case "bool" -> new ColumnValue.Bool(rs.getBoolean(index));
            case "bytea" -> new ColumnValue.Bytes(rs.getBytes(index));
            case "uuid" -> new ColumnValue.Uuid(rs.getString(index));
            case "json", "jsonb" -> new ColumnValue.Json(rs.getString(index));
            case "date" -> new ColumnValue.Date(rs.getObject(index, LocalDate.class).toEpochDay());
            case "time" -> new ColumnValue.Time(text.startsWith("24:") ? MICROS_PER_DAY : LocalTime.parse(text).toNanoOfDay() / 1_000L);
            case "timestamptz" -> new ColumnValue.Timestamp(micros(rs.getObject(index, OffsetDateTime.class).toInstant()), true);
            case "timestamp" -> new ColumnValue.Timestamp(
                    micros(rs.getObject(index, LocalDateTime.class).toInstant(ZoneOffset.UTC)), false);
            default -> typeName.startsWith("_") ? array(rs.getArray(index), typeName.substring(1))
                    : new ColumnValue.Text(rs.getString(index));
        };
    }

    private static final java.util.Set<String> INFINITE_TEMPORALS = java.util.Set.of("date", "timestamp", "timestamptz");
    private static final long MICROS_PER_DAY = 86_400_000_000L;

    /** As capture reads Debezium's ISO-8601 interval: months, days, and the time part in microseconds. */
    private static ColumnValue interval(PGInterval interval) {
        int months = interval.getYears() * 12 + interval.getMonths();
        long micros = ((interval.getHours() * 60L + interval.getMinutes()) * 60L + interval.getWholeSeconds()) * 1_000_000L
                + interval.getMicroSeconds();
        return new ColumnValue.Interval(months, interval.getDays(), micros);
    }

    private static final java.util.regex.Pattern TIMETZ =
            java.util.regex.Pattern.compile("(\\d\\d):(\\d\\d):(\\d\\d)(?:\\.(\\d{1,6}))?([+-])(\\d\\d)(?::(\\d\\d))?(?::(\\d\\d))?");

    /** Debezium sends timetz normalised to UTC (its offset is lost), so read it at UTC too. */
    private static ColumnValue timeTzAtUtc(String text) {
        java.util.regex.Matcher m = TIMETZ.matcher(text);
        if (!m.matches()) {
            return new ColumnValue.Text(text);
        }
        String fraction = m.group(4) == null ? "" : m.group(4);
        long micros = (Long.parseLong(m.group(1)) * 3600 + Long.parseLong(m.group(2)) * 60 + Long.parseLong(m.group(3))) * 1_000_000L
                + (fraction.isEmpty() ? 0 : Long.parseLong((fraction + "000000").substring(0, 6)));
        long offset = Long.parseLong(m.group(6)) * 3600 + (m.group(7) == null ? 0 : Long.parseLong(m.group(7)) * 60)
                + (m.group(8) == null ? 0 : Long.parseLong(m.group(8)));
        long utc = micros - (m.group(5).equals("-") ? -offset : offset) * 1_000_000L;
        return new ColumnValue.TimeTz(Math.floorMod(utc, MICROS_PER_DAY), 0);
    }

    /** money's text carries currency formatting ("-$92,233,720,368,547,758.08", "($1.00)"); capture has the plain digits. */
    static ColumnValue money(String text) {
        boolean negative = text.startsWith("-") || text.startsWith("(");
        String digits = text.replaceAll("[^0-9.]", "");
        return new ColumnValue.Decimal(new BigDecimal(negative ? "-" + digits : digits));
    }

    private static ColumnValue point(PGpoint point) {
        return new ColumnValue.Point(point.x, point.y);
    }

    /** A domain column's value as capture carries it: PostgreSQL's text. */
    static ColumnValue domain(String text) {
        return text == null ? ColumnValue.Null.INSTANCE : new ColumnValue.Text(text);
    }

    static ColumnValue numeric(String text) {
        return switch (text) {
            case "NaN" -> ColumnValue.SpecialNumber.NAN;
            case "Infinity" -> ColumnValue.SpecialNumber.POSITIVE_INFINITY;
            case "-Infinity" -> ColumnValue.SpecialNumber.NEGATIVE_INFINITY;
            default -> new ColumnValue.Decimal(new BigDecimal(text));
        };
    }

    private static ColumnValue array(Array array, String elementType) throws SQLException {
        List<ColumnValue> items = new ArrayList<>();
        try (ResultSet elements = array.getResultSet()) {
            while (elements.next()) {
                items.add(read(elements, 2, elementType));
            }
        }
        return new ColumnValue.Array(items);
    }

    private static long micros(java.time.Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000L);
    }
}
