package com.tradeul.metasync.capture;

import com.tradeul.metasync.normalize.JsonRenderer;
import com.tradeul.metasync.wire.ChangeEvent;
import com.tradeul.metasync.wire.ChangeEventCodec;
import com.tradeul.metasync.wire.Column;
import com.tradeul.metasync.wire.ColumnValue;
import com.tradeul.metasync.wire.Operation;
import com.tradeul.metasync.wire.SourcePosition;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Maps one Debezium change record to the Kafka record metasync writes: key = the primary key as
 * JSON, value = the Avro {@link ChangeEvent}, or no value for a tombstone. Records that carry no
 * row change (heartbeats, transaction markers) map to empty. Thread safe.
 */
final class ChangeRecordMapper {

    /** A Kafka record to send; {@code value} null is a tombstone. */
    record Outgoing(String topic, byte[] key, byte[] value) {}

    private final ChangeEventCodec codec;
    private final JsonRenderer renderer;
    private final String unavailablePlaceholder;

    ChangeRecordMapper(ChangeEventCodec codec, JsonRenderer renderer, String unavailablePlaceholder) {
        this.codec = codec;
        this.renderer = renderer;
        this.unavailablePlaceholder = unavailablePlaceholder;
    }

    Optional<Outgoing> map(SourceRecord record) {
        if (!(record.key() instanceof Struct key)) {
            return Optional.empty(); // heartbeats and other records without a row key
        }
        byte[] kafkaKey = renderer.renderKey(columns(key, List.of()));
        if (record.value() == null) {
            return Optional.of(new Outgoing(record.topic(), kafkaKey, null));
        }
        Struct envelope = (Struct) record.value();
        if (envelope.schema().field("op") == null) {
            return Optional.empty();
        }
        return Optional.of(new Outgoing(record.topic(), kafkaKey, codec.encode(toEvent(envelope, key))));
    }

    private ChangeEvent toEvent(Struct envelope, Struct key) {
        Operation op = operation(envelope.getString("op"));
        Struct source = envelope.getStruct("source");
        String table = source.getString("schema") + "." + source.getString("table");
        List<String> unchanged = new ArrayList<>();
        List<Column> row = op.removesRow() ? null : columns(envelope.getStruct("after"), unchanged);
        return new ChangeEvent(table, op, position(source), columns(key, List.of()), row, unchanged);
    }

    private List<Column> columns(Struct struct, List<String> unchanged) {
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
                throw new UnconvertibleValueException("column '" + field.name() + "': " + e.getMessage());
            }
        }
        return columns;
    }

    private boolean isUnavailable(Object value) {
        if (value instanceof String s) {
            return s.equals(unavailablePlaceholder);
        }
        if (value instanceof byte[] b) {
            return Arrays.equals(b, unavailablePlaceholder.getBytes(StandardCharsets.UTF_8));
        }
        if (value instanceof java.nio.ByteBuffer b) {
            return b.equals(java.nio.ByteBuffer.wrap(unavailablePlaceholder.getBytes(StandardCharsets.UTF_8)));
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
