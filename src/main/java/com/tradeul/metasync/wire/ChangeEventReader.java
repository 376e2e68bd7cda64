package com.tradeul.metasync.wire;

import com.tradeul.metasync.wire.ChangeEventLayout.Kind;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;

/**
 * Reads a record of the current ChangeEvent schema straight into the model, through Avro's own
 * {@link BinaryDecoder}: what Avro's specific reader and {@link AvroMapping#fromAvro} make of the
 * same bytes (ChangeEventReaderTest compares the two), without building the generated records
 * between. Apply decodes every record it reads, so this is on its path for every change. Records
 * of older schema versions still go through Avro's schema resolution. Not thread safe: one per
 * thread, since it reuses its decoder.
 */
final class ChangeEventReader {

    /** Never more slots reserved up front than this: a corrupt count must fail on missing bytes, not on memory. */
    private static final int MOST_PRESIZED = 64;

    private final ChangeEventLayout layout;
    private BinaryDecoder decoder;

    ChangeEventReader(ChangeEventLayout layout) {
        this.layout = layout;
    }

    /**
     * @param bytes a single-object message whose header is the current schema's
     * @throws IOException when the body is truncated, has trailing bytes, or holds what the schema cannot
     */
    ChangeEvent read(byte[] bytes) throws IOException {
        int headerLength = layout.header.length;
        BinaryDecoder in = decoder = DecoderFactory.get().binaryDecoder(bytes, headerLength, bytes.length - headerLength, decoder);
        String table = in.readString();
        Operation op = layout.operation(in.readEnum());
        long lsn = in.readLong();
        Long txId = optional(in) ? in.readLong() : null;
        long commitTimeMicros = in.readLong();
        List<Column> key = columns(in);
        List<Column> row = optional(in) ? columns(in) : null;
        List<String> unchanged = strings(in);
        Unconvertible problem = optional(in) ? new Unconvertible(in.readString(), in.readString(), optional(in) ? in.readString() : null) : null;
        if (!in.isEnd()) {
            throw new IOException("trailing bytes after the ChangeEvent");
        }
        return new ChangeEvent(table, op, new SourcePosition(lsn, txId, commitTimeMicros), key, row, unchanged, problem);
    }

    /** A ["null", T] union: whether T follows. */
    private static boolean optional(BinaryDecoder in) throws IOException {
        int branch = in.readIndex();
        if (branch != 0 && branch != 1) {
            throw new IOException("union branch " + branch + " of a [null, value] union");
        }
        return branch == 1;
    }

    /** Reads one item of an array. */
    private interface Item<T> {
        T read() throws IOException;
    }

    /** An Avro array, in as many blocks as it was written in. */
    private static <T> List<T> array(BinaryDecoder in, Item<T> item) throws IOException {
        long count = in.readArrayStart();
        List<T> items = new ArrayList<>((int) Math.min(count, MOST_PRESIZED));
        while (count > 0) {
            for (long i = 0; i < count; i++) {
                items.add(item.read());
            }
            count = in.arrayNext();
        }
        return items;
    }

    private List<Column> columns(BinaryDecoder in) throws IOException {
        return array(in, () -> new Column(in.readString(), value(in, layout.valueKind)));
    }

    private static List<String> strings(BinaryDecoder in) throws IOException {
        return array(in, in::readString);
    }

    private ColumnValue value(BinaryDecoder in, Kind[] kinds) throws IOException {
        int branch = in.readIndex();
        Kind kind = branch >= 0 && branch < kinds.length ? kinds[branch] : null;
        if (kind == null) {
            throw new IOException("value union branch " + branch + " is no value kind");
        }
        return switch (kind) {
            case NULL -> ColumnValue.Null.INSTANCE;
            case BOOLEAN -> new ColumnValue.Bool(in.readBoolean());
            case LONG -> new ColumnValue.Int(in.readLong());
            case DOUBLE -> new ColumnValue.Float(in.readDouble());
            case STRING -> new ColumnValue.Text(in.readString());
            case BYTES -> new ColumnValue.Bytes(bytes(in.readBytes(null)));
            case DECIMAL -> {
                ByteBuffer unscaled = in.readBytes(null);
                yield new ColumnValue.Decimal(AvroMapping.decimal(unscaled, in.readInt()));
            }
            case SPECIAL_NUMERIC -> layout.specialNumeric(in.readEnum());
            case DATE -> new ColumnValue.Date(in.readLong());
            case TIME -> new ColumnValue.Time(in.readLong());
            case TIMESTAMP -> new ColumnValue.Timestamp(in.readLong(), in.readBoolean());
            case UUID -> new ColumnValue.Uuid(in.readString());
            case JSON -> new ColumnValue.Json(in.readString());
            case ARRAY -> new ColumnValue.Array(items(in));
            case TEMPORAL_INFINITY -> layout.temporalInfinity(in.readEnum());
            case INTERVAL -> new ColumnValue.Interval(in.readInt(), in.readInt(), in.readLong());
            case TIME_TZ -> new ColumnValue.TimeTz(in.readLong(), in.readInt());
            case POINT -> new ColumnValue.Point(in.readDouble(), in.readDouble());
        };
    }

    private List<ColumnValue> items(BinaryDecoder in) throws IOException {
        return array(in, () -> value(in, layout.itemKind));
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }
}
