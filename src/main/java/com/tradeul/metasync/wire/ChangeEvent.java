package com.tradeul.metasync.wire;

import java.util.List;
import java.util.Objects;

/**
 * One committed change of one row, the unit that travels from capture through Kafka to apply.
 *
 * @param table {@code schema.table}
 * @param key the primary-key columns, in key order
 * @param row every column after the change, in table order; null for DELETE and TRUNCATE
 * @param unchangedColumns columns PostgreSQL did not send (unchanged TOAST); absent from {@code row}
 * @param problem set when the row could not be carried ({@code row} is then null); null otherwise
 */
public record ChangeEvent(
        String table,
        Operation op,
        SourcePosition source,
        List<Column> key,
        List<Column> row,
        List<String> unchangedColumns,
        Unconvertible problem) {

    /** A change that carries its row (or removes it). */
    public ChangeEvent(String table, Operation op, SourcePosition source, List<Column> key, List<Column> row,
                       List<String> unchangedColumns) {
        this(table, op, source, key, row, unchangedColumns, null);
    }

    /** The same change, whose row could not be carried: the row is dropped, the problem kept. */
    public ChangeEvent unconvertible(Unconvertible why) {
        return new ChangeEvent(table, op, source, key, null, List.of(), why);
    }

    public ChangeEvent {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(source, "source");
        key = List.copyOf(key);
        row = row == null ? null : List.copyOf(row);
        unchangedColumns = List.copyOf(unchangedColumns);
    }
}
