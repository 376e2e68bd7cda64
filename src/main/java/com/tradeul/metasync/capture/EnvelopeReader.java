package com.tradeul.metasync.capture;

import com.tradeul.metasync.wire.ChangeEvent;
import com.tradeul.metasync.wire.Column;
import com.tradeul.metasync.wire.Operation;
import com.tradeul.metasync.wire.SourcePosition;
import com.tradeul.metasync.wire.Unconvertible;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;

/**
 * Reads Debezium's change envelope ({@code before, after, source, op}) as Kafka Connect data into
 * a {@link ChangeEvent}. Shared by capture (records from the embedded engine) and apply (Debezium's
 * JSON envelope from a Kafka Connect cluster), so both paths convert values by the same rules.
 * Thread safe.
 */
public final class EnvelopeReader {

    public static final String DEFAULT_UNAVAILABLE_PLACEHOLDER = "__debezium_unavailable_value";

    private final String unavailablePlaceholder;
    private final byte[] unavailableBytes;

    public EnvelopeReader(String unavailablePlaceholder) {
        this.unavailablePlaceholder = unavailablePlaceholder;
        this.unavailableBytes = unavailablePlaceholder.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * @return true when the value is a change envelope; heartbeats, transaction markers and
     *     logical decoding messages (op {@code m}, which the heartbeat query emits) are not
     */
    public static boolean isEnvelope(Object value) {
        return value instanceof Struct struct && struct.schema().field("op") != null
                && struct.schema().field("source") != null && !"m".equals(struct.getString("op"));
    }

    public ChangeEvent read(Struct envelope, Struct key) {
        Operation op = operation(envelope.getString("op"));
        Struct source = envelope.getStruct("source");
        String table = source.getString("schema") + "." + source.getString("table");
        List<String> unchanged = new ArrayList<>();
        List<Column> row = op.removesRow() || op == Operation.TRUNCATE ? null : columns(envelope.getStruct("after"), unchanged);
        List<Column> keyColumns = key == null ? List.of() : columns(key, new ArrayList<>());
        return new ChangeEvent(table, op, position(source), keyColumns, row, unchanged);
    }

    /**
     * The change without its row, which could not be carried: table, operation, position and key,
     * with why, for apply to delete or keep the key as the table's policy says.
     */
    public ChangeEvent unconvertible(Struct envelope, Struct key, UnconvertibleColumnException why) {
        Struct source = envelope.getStruct("source");
        String table = source.getString("schema") + "." + source.getString("table");
        List<Column> keyColumns = key == null ? List.of() : columns(key, new ArrayList<>());
        return new ChangeEvent(table, operation(envelope.getString("op")), position(source), keyColumns, null, List.of(),
                new Unconvertible(why.column(), why.reason(), why.text()));
    }

    /** The columns of a row struct, leaving out (and listing in {@code unchanged}) unchanged TOAST placeholders. */
    public List<Column> columns(Struct struct, List<String> unchanged) {
        List<Column> columns = new ArrayList<>(struct.schema().fields().size());
        for (Field field : struct.schema().fields()) {
            Object value = struct.get(field);
            if (isUnavailable(value)) {
                unchanged.add(field.name());
                continue;
            }
            try {
                columns.add(new Column(field.name(), ValueConverter.convert(field.schema(), value)));
            } catch (RuntimeException e) {
                // A converter's marker holds the value as the converter received it: that is the text to show.
                Object shown = PgTextSchema.isMarker(value) ? PgTextSchema.markerReceived((String) value) : value;
                throw new UnconvertibleColumnException(field.name(), String.valueOf(e.getMessage()), shown);
            }
        }
        return columns;
    }

    private boolean isUnavailable(Object value) {
        if (value instanceof String s) {
            return s.equals(unavailablePlaceholder);
        }
        if (value instanceof byte[] b) {
            return Arrays.equals(b, unavailableBytes);
        }
        if (value instanceof ByteBuffer b) {
            return b.equals(ByteBuffer.wrap(unavailableBytes));
        }
        if (value instanceof List<?> list) {
            return list.size() == 1 && isUnavailable(list.get(0));
        }
        return false;
    }

    private static SourcePosition position(Struct source) {
        Long lsn = source.getInt64("lsn");
        Long txId = source.getInt64("txId");
        Long micros = source.schema().field("ts_us") != null ? source.getInt64("ts_us") : null;
        long commitMicros = micros != null ? micros : source.getInt64("ts_ms") * 1_000L;
        return new SourcePosition(lsn == null ? 0L : lsn, txId, commitMicros);
    }

    private static Operation operation(String code) {
        return switch (code) {
            case "r" -> Operation.SNAPSHOT_READ;
            case "c" -> Operation.INSERT;
            case "u" -> Operation.UPDATE;
            case "d" -> Operation.DELETE;
            case "t" -> Operation.TRUNCATE;
            default -> throw new UnconvertibleValueException("unknown Debezium operation '" + code + "'");
        };
    }
}
