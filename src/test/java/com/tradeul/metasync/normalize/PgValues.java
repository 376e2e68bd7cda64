package com.tradeul.metasync.normalize;

import com.tradeul.metasync.wire.ColumnValue;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;

/** Short spellings of expected {@link ColumnValue}s for the PgText tests. */
final class PgValues {

    static final ColumnValue NULL = ColumnValue.Null.INSTANCE;

    private PgValues() {}

    static ColumnValue decimal(String digits) {
        return new ColumnValue.Decimal(new BigDecimal(digits));
    }

    static ColumnValue text(String value) {
        return new ColumnValue.Text(value);
    }

    static ColumnValue bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return new ColumnValue.Bytes(bytes);
    }

    static ColumnValue.Array array(ColumnValue... items) {
        return new ColumnValue.Array(Arrays.asList(items));
    }

    static ColumnValue.Array ints(long... values) {
        return new ColumnValue.Array(Arrays.stream(values).mapToObj(v -> (ColumnValue) new ColumnValue.Int(v)).toList());
    }

    /** Java's own ISO-8601 reading of the instant, as a check of PgText's arithmetic that shares none of it. */
    static ColumnValue timestamp(String iso, boolean withTimeZone) {
        LocalDateTime time = LocalDateTime.parse(iso);
        long micros = time.toEpochSecond(ZoneOffset.UTC) * 1_000_000L + time.getNano() / 1_000;
        return new ColumnValue.Timestamp(micros, withTimeZone);
    }
}
