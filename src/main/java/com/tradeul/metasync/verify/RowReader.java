package com.tradeul.metasync.verify;

import com.tradeul.metasync.normalize.PgText;
import com.tradeul.metasync.normalize.UnparsableValueException;
import com.tradeul.metasync.wire.Column;
import com.tradeul.metasync.wire.ColumnValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one row's PostgreSQL texts (as {@link RowSql} selects them) into the values metasync
 * renders, with the same parser as capture, so verify and capture share one rendering rule. A
 * value the parser refuses does not stop verify: the row carries the column and the reason, and
 * verify reports its key as WRONG. Immutable and thread safe.
 */
final class RowReader {

    private final PgText parser = PgText.builtIn();
    private final List<String> names;
    private final List<String> types;
    private final int[] keyIndexes;

    /**
     * @param names      the table's columns, in the order their texts come
     * @param types      each column's PgText type name ({@link ColumnTypes#parserType})
     * @param keyColumns the primary-key columns, in key order
     */
    RowReader(List<String> names, List<String> types, List<String> keyColumns) {
        if (names.size() != types.size()) {
            throw new IllegalArgumentException(names.size() + " columns but " + types.size() + " types");
        }
        this.names = List.copyOf(names);
        this.types = List.copyOf(types);
        this.keyIndexes = keyColumns.stream().mapToInt(this::indexOf).toArray();
    }

    /** @param texts each column's text, null for SQL NULL, in the order of the names */
    PostgresRows.Row read(String[] texts) {
        List<Column> columns = new ArrayList<>(texts.length);
        Map<String, String> unreadable = Map.of();
        ColumnValue[] values = new ColumnValue[texts.length];
        for (int i = 0; i < texts.length; i++) {
            try {
                values[i] = parser.parse(types.get(i), texts[i]);
                columns.add(new Column(names.get(i), values[i]));
            } catch (UnparsableValueException e) {
                unreadable = unreadable.isEmpty() ? new LinkedHashMap<>() : unreadable;
                unreadable.put(names.get(i), e.getMessage());
                // The key is still needed to name the row; PostgreSQL's text is what the key template shows.
                values[i] = new ColumnValue.Text(texts[i]);
            }
        }
        List<Column> key = new ArrayList<>(keyIndexes.length);
        for (int index : keyIndexes) {
            key.add(new Column(names.get(index), values[index]));
        }
        return new PostgresRows.Row(key, columns, unreadable);
    }

    private int indexOf(String keyColumn) {
        int index = names.indexOf(keyColumn);
        if (index < 0) {
            throw new IllegalArgumentException("primary-key column '" + keyColumn + "' is not among the table's columns " + names);
        }
        return index;
    }
}
