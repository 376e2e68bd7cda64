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
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;

/**
 * A {@link ChangeEvent} encoded and decoded the plain Avro way, through the generated classes and
 * Avro's own message encoder and decoder: {@link ChangeEventWriter} must write the very same bytes,
 * and {@link ChangeEventReader} read the very same event.
 */
final class ReferenceEncoding {

    private static final BinaryMessageEncoder<com.tradeul.metasync.wire.avro.ChangeEvent> ENCODER =
            new BinaryMessageEncoder<>(new SpecificData(), com.tradeul.metasync.wire.avro.ChangeEvent.getClassSchema());

    private ReferenceEncoding() {}

    private static final BinaryMessageDecoder<com.tradeul.metasync.wire.avro.ChangeEvent> DECODER =
            new BinaryMessageDecoder<>(new SpecificData(), com.tradeul.metasync.wire.avro.ChangeEvent.getClassSchema());

    /** Avro's specific reader into the generated classes, then {@link AvroMapping#fromAvro}. */
    static ChangeEvent decode(byte[] bytes) {
        try {
            return AvroMapping.fromAvro(DECODER.decode(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] encode(ChangeEvent event) {
        try {
            ByteBuffer buffer = ENCODER.encode(toAvro(event));
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static com.tradeul.metasync.wire.avro.ChangeEvent toAvro(ChangeEvent event) {
        return com.tradeul.metasync.wire.avro.ChangeEvent.newBuilder()
                .setTable(event.table())
                .setOp(com.tradeul.metasync.wire.avro.Operation.valueOf(event.op().name()))
                .setSource(new com.tradeul.metasync.wire.avro.SourcePosition(
                        event.source().lsn(), event.source().txId(), event.source().commitTimeMicros()))
                .setKey(toAvroColumns(event.key()))
                .setRow(event.row() == null ? null : toAvroColumns(event.row()))
                .setUnchangedColumns(new ArrayList<>(event.unchangedColumns()))
                .setProblem(event.problem() == null ? null : new com.tradeul.metasync.wire.avro.Unconvertible(
                        event.problem().column(), event.problem().reason(), event.problem().text()))
                .build();
    }

    private static List<com.tradeul.metasync.wire.avro.Column> toAvroColumns(List<Column> columns) {
        List<com.tradeul.metasync.wire.avro.Column> result = new ArrayList<>(columns.size());
        for (Column column : columns) {
            result.add(new com.tradeul.metasync.wire.avro.Column(column.name(), toAvroValue(column.value())));
        }
        return result;
    }

    static Object toAvroValue(ColumnValue value) {
        if (value instanceof ColumnValue.Null) {
            return null;
        } else if (value instanceof ColumnValue.Bool b) {
            return b.value();
        } else if (value instanceof ColumnValue.Int i) {
            return i.value();
        } else if (value instanceof ColumnValue.Float f) {
            return f.value();
        } else if (value instanceof ColumnValue.Text t) {
            return t.value();
        } else if (value instanceof ColumnValue.Bytes b) {
            return ByteBuffer.wrap(b.value());
        } else if (value instanceof ColumnValue.Decimal d) {
            return new DecimalValue(ByteBuffer.wrap(d.value().unscaledValue().toByteArray()), d.value().scale());
        } else if (value instanceof ColumnValue.SpecialNumber s) {
            return SpecialNumeric.valueOf(s.name());
        } else if (value instanceof ColumnValue.Date d) {
            return new DateValue(d.epochDay());
        } else if (value instanceof ColumnValue.Time t) {
            return new TimeValue(t.micros());
        } else if (value instanceof ColumnValue.Timestamp t) {
            return new TimestampValue(t.epochMicros(), t.withTimeZone());
        } else if (value instanceof ColumnValue.Uuid u) {
            return new UuidValue(u.value());
        } else if (value instanceof ColumnValue.Json j) {
            return new JsonValue(j.json());
        } else if (value instanceof ColumnValue.Array a) {
            return new ArrayValue(a.items().stream().map(ReferenceEncoding::toAvroValue).toList());
        }
        return toAvroV3Value(value);
    }

    /** The kinds schema version 3 added. */
    private static Object toAvroV3Value(ColumnValue value) {
        if (value instanceof ColumnValue.TemporalInfinity t) {
            return TemporalInfinity.valueOf(t.name());
        } else if (value instanceof ColumnValue.Interval i) {
            return new IntervalValue(i.months(), i.days(), i.micros());
        } else if (value instanceof ColumnValue.TimeTz t) {
            return new TimeTzValue(t.micros(), t.offsetSeconds());
        } else if (value instanceof ColumnValue.Point p) {
            return new PointValue(p.x(), p.y());
        }
        throw new IllegalArgumentException("unhandled column value kind " + value.getClass());
    }
}
