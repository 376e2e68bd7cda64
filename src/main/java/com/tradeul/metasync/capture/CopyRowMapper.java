package com.tradeul.metasync.capture;

import com.tradeul.metasync.config.TableId;
import com.tradeul.metasync.config.TableSettings.OnUnconvertible;
import com.tradeul.metasync.normalize.JsonRenderer;
import com.tradeul.metasync.normalize.PgText;
import com.tradeul.metasync.wire.ChangeEvent;
import com.tradeul.metasync.wire.Column;
import com.tradeul.metasync.wire.ColumnValue;
import com.tradeul.metasync.wire.Operation;
import com.tradeul.metasync.wire.SourcePosition;
import com.tradeul.metasync.wire.Unconvertible;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds, from one row of a table as the copy reader reads it (every carried column's PostgreSQL
 * text, in table order), the Kafka record Debezium's snapshot leads to through
 * {@link ChangeRecordMapper}: key = the primary key as JSON, value = the {@link ChangeEvent} of a
 * snapshot read at the snapshot's position; a value {@link PgText} cannot read makes the row
 * unconvertible with a dead letter, or stops capture under the table's {@code stop} policy, as
 * {@link EnvelopeReader} and {@link ChangeRecordMapper} do. Pure; thread safe.
 */
final class CopyRowMapper {

    private final String table;
    private final String topic;
    private final List<CapturedColumns.Column> columns;
    private final int[] keyIndexes;
    private final JsonRenderer renderer;
    private final com.tradeul.metasync.wire.ChangeEventCodec codec;
    private final OnUnconvertible policy;

    /**
     * @param columns the carried columns in table order, as the COPY lists them
     * @param key the primary-key columns in key order; each one is among {@code columns}
     */
    CopyRowMapper(TableId table, String topic, List<CapturedColumns.Column> columns, List<String> key, JsonRenderer renderer,
                  com.tradeul.metasync.wire.ChangeEventCodec codec, OnUnconvertible policy) {
        this.table = table.toString();
        this.topic = topic;
        this.columns = List.copyOf(columns);
        this.keyIndexes = new int[key.size()];
        for (int k = 0; k < key.size(); k++) {
            keyIndexes[k] = indexOf(columns, key.get(k), table);
        }
        this.renderer = renderer;
        this.codec = codec;
        this.policy = policy;
    }

    private static int indexOf(List<CapturedColumns.Column> columns, String name, TableId table) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("primary-key column " + name + " of " + table + " is not among the columns capture carries");
    }

    int columnCount() {
        return columns.size();
    }

    String topic() {
        return topic;
    }

    /**
     * @param text each column's text, null for NULL
     * @param position the snapshot's position, the base already added
     * @throws UnconvertibleValueException when a value cannot be carried and the table's policy is {@code stop}
     */
    ChangeRecordMapper.Outgoing map(String[] text, SourcePosition position) {
        List<Column> key = new ArrayList<>(keyIndexes.length);
        List<Column> row = new ArrayList<>(columns.size());
        UnconvertibleColumnException problem = null;
        for (int i = 0; i < columns.size(); i++) {
            CapturedColumns.Column column = columns.get(i);
            try {
                row.add(new Column(column.name(), value(column, text[i])));
            } catch (RuntimeException e) {
                if (problem == null) {
                    problem = new UnconvertibleColumnException(column.name(), String.valueOf(e.getMessage()), text[i]);
                }
            }
        }
        for (int index : keyIndexes) {
            CapturedColumns.Column column = columns.get(index);
            key.add(new Column(column.name(), value(column, text[index]))); // a key that does not read fails the snapshot, as in Debezium's
        }
        byte[] kafkaKey = renderer.renderKey(key);
        if (problem == null) {
            return new ChangeRecordMapper.Outgoing(topic, kafkaKey, codec.encode(new ChangeEvent(table, Operation.SNAPSHOT_READ, position,
                    key, row, List.of())));
        }
        if (policy == OnUnconvertible.STOP) {
            throw new UnconvertibleValueException(table + " " + new String(kafkaKey, StandardCharsets.UTF_8) + ": " + problem.getMessage()
                    + " (tables." + table + ".on-unconvertible=stop)");
        }
        ChangeEvent unconvertible = new ChangeEvent(table, Operation.SNAPSHOT_READ, position, key, null, List.of(),
                new Unconvertible(problem.column(), problem.reason(), problem.text()));
        return new ChangeRecordMapper.Outgoing(topic, kafkaKey, codec.encode(unconvertible),
                new ChangeRecordMapper.UnconvertibleRow(table, kafkaKey, position.lsn(), problem));
    }

    private static ColumnValue value(CapturedColumns.Column column, String text) {
        return text == null ? ColumnValue.Null.INSTANCE : PgText.builtIn().parse(column.readAs(), text);
    }
}
