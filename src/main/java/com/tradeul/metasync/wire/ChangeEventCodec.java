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
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.util.ClassSecurityValidator;

/**
 * Encodes {@link ChangeEvent}s as Avro single-object messages ({@code C3 01}, the writer schema's
 * 8-byte fingerprint, the body) and decodes them, also when written by an older schema version
 * listed in {@link #HISTORY}. Thread safe: Avro's message encoder and decoder are.
 */
public final class ChangeEventCodec {

    /** Earlier versions of ChangeEvent.avsc, on the classpath; never remove one that was released. */
    static final List<String> HISTORY = List.of("/avro-history/ChangeEvent-v1.avsc", "/avro-history/ChangeEvent-v2.avsc");

    static {
        // Avro 1.12 refuses to instantiate generated classes from packages it was not told to trust.
        ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(
                ClassSecurityValidator.getGlobal(),
                type -> type.getName().startsWith("com.tradeul.metasync.wire.avro.")));
    }

    /** Single-object encoding: marker C3 01, then the writer schema's 8-byte fingerprint (little endian), then the body. */
    private static final int HEADER_LENGTH = 10;

    private final BinaryMessageEncoder<com.tradeul.metasync.wire.avro.ChangeEvent> encoder;
    private final BinaryMessageDecoder<com.tradeul.metasync.wire.avro.ChangeEvent> decoder;
    private final byte[] currentHeader;
    private final ThreadLocal<CurrentVersionReader> currentReader;

    /**
     * The fast path for records of the current schema version: a reused, buffered decoder over the
     * byte array. Avro's message decoder reads through an unbuffered stream decoder, which took a
     * third of apply's time in the benchmark profile.
     */
    private static final class CurrentVersionReader {
        final org.apache.avro.specific.SpecificDatumReader<com.tradeul.metasync.wire.avro.ChangeEvent> reader;
        org.apache.avro.io.BinaryDecoder decoder;

        CurrentVersionReader(Schema schema, SpecificData model) {
            this.reader = new org.apache.avro.specific.SpecificDatumReader<>(schema, schema, model);
        }

        com.tradeul.metasync.wire.avro.ChangeEvent read(byte[] bytes) throws IOException {
            decoder = org.apache.avro.io.DecoderFactory.get().binaryDecoder(bytes, HEADER_LENGTH, bytes.length - HEADER_LENGTH, decoder);
            com.tradeul.metasync.wire.avro.ChangeEvent event = reader.read(null, decoder);
            if (!decoder.isEnd()) {
                throw new IOException("trailing bytes after the ChangeEvent");
            }
            return event;
        }
    }

    public ChangeEventCodec() {
        Schema current = com.tradeul.metasync.wire.avro.ChangeEvent.getClassSchema();
        SchemaStore.Cache olderSchemas = new SchemaStore.Cache();
        HISTORY.forEach(path -> olderSchemas.addSchema(loadSchema(path)));
        SpecificData model = new SpecificData();
        this.encoder = new BinaryMessageEncoder<>(model, current);
        this.decoder = new BinaryMessageDecoder<>(model, current, olderSchemas);
        this.currentHeader = new byte[HEADER_LENGTH];
        currentHeader[0] = (byte) 0xC3;
        currentHeader[1] = 0x01;
        long fingerprint = org.apache.avro.SchemaNormalization.parsingFingerprint64(current);
        for (int i = 0; i < 8; i++) {
            currentHeader[2 + i] = (byte) (fingerprint >>> (8 * i));
        }
        this.currentReader = ThreadLocal.withInitial(() -> new CurrentVersionReader(current, model));
    }

    private boolean hasCurrentHeader(byte[] bytes) {
        return bytes.length >= HEADER_LENGTH && java.util.Arrays.equals(bytes, 0, HEADER_LENGTH, currentHeader, 0, HEADER_LENGTH);
    }

    public byte[] encode(ChangeEvent event) {
        try {
            ByteBuffer buffer = encoder.encode(toAvro(event));
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @throws UndecodableRecordException when the bytes are not a ChangeEvent of a known version */
    public ChangeEvent decode(byte[] bytes) {
        try {
            return fromAvro(hasCurrentHeader(bytes) ? currentReader.get().read(bytes) : decoder.decode(bytes));
        } catch (MissingSchemaException e) {
            throw new UndecodableRecordException("written by an unknown ChangeEvent schema version: " + e.getMessage(), e);
        } catch (BadHeaderException e) {
            throw new UndecodableRecordException("not an Avro single-object message: " + e.getMessage(), e);
        } catch (UndecodableRecordException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // Decoding depends only on the bytes, so any failure is permanent: a poison record. Avro signals
            // corrupt input with assorted unchecked types, e.g. UnsupportedOperationException for a length over 2 GiB.
            throw new UndecodableRecordException("corrupt ChangeEvent: " + e, e);
        }
    }

    static Schema loadSchema(String resource) {
        try (InputStream in = ChangeEventCodec.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing schema resource " + resource);
            }
            return new Schema.Parser().parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static com.tradeul.metasync.wire.avro.ChangeEvent toAvro(ChangeEvent event) {
        return com.tradeul.metasync.wire.avro.ChangeEvent.newBuilder()
                .setTable(event.table())
                .setOp(com.tradeul.metasync.wire.avro.Operation.valueOf(event.op().name()))
                .setSource(new com.tradeul.metasync.wire.avro.SourcePosition(
                        event.source().lsn(), event.source().txId(), event.source().commitTimeMicros()))
                .setKey(toAvroColumns(event.key()))
                .setRow(event.row() == null ? null : toAvroColumns(event.row()))
                .setUnchangedColumns(new ArrayList<>(event.unchangedColumns()))
                .build();
    }

    private static ChangeEvent fromAvro(com.tradeul.metasync.wire.avro.ChangeEvent avro) {
        var source = avro.getSource();
        return new ChangeEvent(
                avro.getTable(),
                Operation.valueOf(avro.getOp().name()),
                new SourcePosition(source.getLsn(), source.getTxId(), source.getCommitTimeMicros()),
                fromAvroColumns(avro.getKey()),
                avro.getRow() == null ? null : fromAvroColumns(avro.getRow()),
                avro.getUnchangedColumns());
    }

    private static List<com.tradeul.metasync.wire.avro.Column> toAvroColumns(List<Column> columns) {
        List<com.tradeul.metasync.wire.avro.Column> result = new ArrayList<>(columns.size());
        for (Column column : columns) {
            result.add(new com.tradeul.metasync.wire.avro.Column(column.name(), toAvroValue(column.value())));
        }
        return result;
    }

    private static List<Column> fromAvroColumns(List<com.tradeul.metasync.wire.avro.Column> columns) {
        List<Column> result = new ArrayList<>(columns.size());
        for (var column : columns) {
            result.add(new Column(column.getName(), fromAvroValue(column.getValue())));
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
            return new ArrayValue(a.items().stream().map(ChangeEventCodec::toAvroValue).toList());
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
            return new ColumnValue.Decimal(new BigDecimal(new BigInteger(bytesOf(d.getUnscaled())), d.getScale()));
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
            return new ColumnValue.Array(a.getItems().stream().map(ChangeEventCodec::fromAvroValue).toList());
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

    private static byte[] bytesOf(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }
}
