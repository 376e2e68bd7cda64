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

/**
 * Reads a PostgreSQL column over JDBC into the same {@link ColumnValue} that capture builds from
 * Debezium's event for it, so verify renders rows with apply's own normalizer. Keep in step with
 * {@code capture.ValueConverter}: a type read differently here shows as a false difference.
 * Types without a specific rule are compared as PostgreSQL's text.
 */
final class JdbcValues {

    private JdbcValues() {}

    static ColumnValue read(ResultSet rs, int index, String typeName) throws SQLException {
        if (rs.getObject(index) == null) {
            return ColumnValue.Null.INSTANCE;
        }
        return switch (typeName) {
            case "int2", "int4", "int8", "oid" -> new ColumnValue.Int(rs.getLong(index));
            case "float4" -> new ColumnValue.Float(Double.parseDouble(Float.toString(rs.getFloat(index)))); // as capture: the float's own digits
            case "float8" -> new ColumnValue.Float(rs.getDouble(index));
            case "numeric" -> numeric(rs.getString(index));
            case "bool" -> new ColumnValue.Bool(rs.getBoolean(index));
            case "bytea" -> new ColumnValue.Bytes(rs.getBytes(index));
            case "uuid" -> new ColumnValue.Uuid(rs.getString(index));
            case "json", "jsonb" -> new ColumnValue.Json(rs.getString(index));
            case "date" -> new ColumnValue.Date(rs.getObject(index, LocalDate.class).toEpochDay());
            case "time" -> new ColumnValue.Time(rs.getObject(index, LocalTime.class).toNanoOfDay() / 1_000L);
            case "timestamptz" -> new ColumnValue.Timestamp(micros(rs.getObject(index, OffsetDateTime.class).toInstant()), true);
            case "timestamp" -> new ColumnValue.Timestamp(
                    micros(rs.getObject(index, LocalDateTime.class).toInstant(ZoneOffset.UTC)), false);
            default -> typeName.startsWith("_") ? array(rs.getArray(index), typeName.substring(1))
                    : new ColumnValue.Text(rs.getString(index));
        };
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
