package com.tradeul.metasync.wire;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One column value as metasync carries it from PostgreSQL to Redis: a closed set of kinds, each
 * lossless for what PostgreSQL sent. Immutable and thread safe. Never null: SQL NULL is {@link Null}.
 */
public sealed interface ColumnValue {

    record Null() implements ColumnValue {
        public static final Null INSTANCE = new Null();
    }

    record Bool(boolean value) implements ColumnValue {}

    record Int(long value) implements ColumnValue {}

    /** real / double precision, including NaN and the infinities. */
    record Float(double value) implements ColumnValue {}

    record Text(String value) implements ColumnValue {
        public Text {
            Objects.requireNonNull(value, "value");
        }
    }

    record Bytes(byte[] value) implements ColumnValue {
        public Bytes {
            value = value.clone();
        }

        @Override
        public byte[] value() {
            return value.clone();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Bytes that && Arrays.equals(value, that.value);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return "Bytes[" + value.length + " bytes]";
        }
    }

    /** numeric / decimal with PostgreSQL's exact digits and scale ({@code -123.4500} keeps its scale 4). */
    record Decimal(BigDecimal value) implements ColumnValue {
        public Decimal {
            Objects.requireNonNull(value, "value");
        }
    }

    /** The numeric values that are not numbers: NaN and the infinities. */
    enum SpecialNumber implements ColumnValue {
        NAN, POSITIVE_INFINITY, NEGATIVE_INFINITY
    }

    record Date(long epochDay) implements ColumnValue {}

    record Time(long micros) implements ColumnValue {}

    record Timestamp(long epochMicros, boolean withTimeZone) implements ColumnValue {}

    record Uuid(String value) implements ColumnValue {}

    /** json / jsonb: the document text as PostgreSQL sent it. */
    record Json(String json) implements ColumnValue {}

    /**
     * date, timestamp and timestamptz {@code 'infinity'} / {@code '-infinity'}: later or earlier
     * than every other value of the column.
     */
    enum TemporalInfinity implements ColumnValue {
        NEGATIVE_INFINITY, POSITIVE_INFINITY
    }

    /**
     * interval as PostgreSQL stores it: months, days and microseconds, each with its own sign
     * ({@code '1 mon -1 days'} is months 1, days -1). PostgreSQL never converts between the three.
     */
    record Interval(int months, int days, long micros) implements ColumnValue {}

    /**
     * timetz: time of day in microseconds (0 to 86,400,000,000 for 24:00:00) and the UTC offset in
     * seconds east of UTC.
     */
    record TimeTz(long micros, int offsetSeconds) implements ColumnValue {}

    /** point: both coordinates as PostgreSQL's float8, NaN, infinities and -0 included. */
    record Point(double x, double y) implements ColumnValue {}

    record Array(List<ColumnValue> items) implements ColumnValue {
        public Array {
            items = List.copyOf(items);
        }
    }
}
