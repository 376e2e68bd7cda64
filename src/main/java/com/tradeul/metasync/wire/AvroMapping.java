package com.tradeul.metasync.wire;

import com.tradeul.metasync.wire.avro.ArrayValue;
import com.tradeul.metasync.wire.avro.DateValue;
import com.tradeul.metasync.wire.avro.DecimalValue;
import com.tradeul.metasync.wire.avro.IntervalValue;
import com.tradeul.metasync.wire.avro.JsonValue;
import com.tradeul.metasync.wire.avro.PointValue;
import com.tradeul.metasync.wire.avro.SpecialNumeric;
import com.tradeul.metasync.wire.avro.TemporalInfinity;
import com.tradeul.metasync.wire.avro.TimeTzValue;
import com.tradeul.metasync.wire.avro.TimeValue;
import com.tradeul.metasync.wire.avro.TimestampValue;
import com.tradeul.metasync.wire.avro.UuidValue;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The classes Avro generates from ChangeEvent.avsc (and the value unions of older schema versions,
 * which decode into the same model) to {@link ChangeEvent}. The other way is {@link ChangeEventWriter}'s,
 * which writes the bytes without building those classes. Pure and thread safe.
 */
final class AvroMapping {

    private AvroMapping() {}

    static ChangeEvent fromAvro(com.tradeul.metasync.wire.avro.ChangeEvent avro) {
        var source = avro.getSource();
        return new ChangeEvent(
                avro.getTable(),
                Operation.valueOf(avro.getOp().name()),
                new SourcePosition(source.getLsn(), source.getTxId(), source.getCommitTimeMicros()),
                fromAvroColumns(avro.getKey()),
                avro.getRow() == null ? null : fromAvroColumns(avro.getRow()),
                avro.getUnchangedColumns(),
                avro.getProblem() == null ? null
                        : new Unconvertible(avro.getProblem().getColumn(), avro.getProblem().getReason(), avro.getProblem().getText()));
    }

    private static List<Column> fromAvroColumns(List<com.tradeul.metasync.wire.avro.Column> columns) {
        List<Column> result = new ArrayList<>(columns.size());
        for (var column : columns) {
            result.add(new Column(column.getName(), fromAvroValue(column.getValue())));
        }
        return result;
    }

    static ColumnValue fromAvroValue(Object value) {
        if (value == null) {
            return ColumnValue.Null.INSTANCE;
        }
        if (value instanceof Boolean b) {
            return new ColumnValue.Bool(b);
        }
        if (value instanceof Long l) {
            return new ColumnValue.Int(l);
        }
        if (value instanceof Double d) {
            return new ColumnValue.Float(d);
        }
        if (value instanceof CharSequence s) {
            return new ColumnValue.Text(s.toString());
        }
        if (value instanceof ByteBuffer buffer) {
            return new ColumnValue.Bytes(bytesOf(buffer));
        }
        if (value instanceof DecimalValue d) {
            return new ColumnValue.Decimal(decimal(d.getUnscaled(), d.getScale()));
        }
        if (value instanceof SpecialNumeric s) {
            return ColumnValue.SpecialNumber.valueOf(s.name());
        }
        if (value instanceof DateValue d) {
            return new ColumnValue.Date(d.getEpochDay());
        }
        if (value instanceof TimeValue t) {
            return new ColumnValue.Time(t.getMicros());
        }
        if (value instanceof TimestampValue t) {
            return new ColumnValue.Timestamp(t.getEpochMicros(), t.getWithTimeZone());
        }
        if (value instanceof UuidValue u) {
            return new ColumnValue.Uuid(u.getValue());
        }
        if (value instanceof JsonValue j) {
            return new ColumnValue.Json(j.getJson());
        }
        if (value instanceof ArrayValue a) {
            return new ColumnValue.Array(a.getItems().stream().map(AvroMapping::fromAvroValue).toList());
        }
        return fromAvroV3Value(value);
    }

    /** The kinds schema version 3 added. */
    private static ColumnValue fromAvroV3Value(Object value) {
        if (value instanceof TemporalInfinity t) {
            return ColumnValue.TemporalInfinity.valueOf(t.name());
        }
        if (value instanceof IntervalValue i) {
            return new ColumnValue.Interval(i.getMonths(), i.getDays(), i.getMicros());
        }
        if (value instanceof TimeTzValue t) {
            return new ColumnValue.TimeTz(t.getMicros(), t.getOffsetSeconds());
        }
        if (value instanceof PointValue p) {
            return new ColumnValue.Point(p.getX(), p.getY());
        }
        throw new UndecodableRecordException("unknown value type in ChangeEvent: " + value.getClass().getName(), null);
    }

    /**
     * The unscaled two's-complement big-endian bytes and the scale as a BigDecimal. Up to 8 bytes go
     * through a long: the same value and scale as through BigInteger, without building one.
     */
    static BigDecimal decimal(ByteBuffer unscaled, int scale) {
        int length = unscaled.remaining();
        if (length == 0 || length > 8) {
            return new BigDecimal(new BigInteger(bytesOf(unscaled)), scale); // BigInteger refuses an empty array: poison
        }
        int at = unscaled.position();
        long digits = unscaled.get(at); // sign-extended
        for (int i = 1; i < length; i++) {
            digits = (digits << 8) | (unscaled.get(at + i) & 0xFF);
        }
        return BigDecimal.valueOf(digits, scale);
    }

    private static byte[] bytesOf(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }
}
