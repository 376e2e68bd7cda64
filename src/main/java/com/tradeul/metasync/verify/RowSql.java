package com.tradeul.metasync.verify;

import com.tradeul.metasync.config.TableId;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The SQL verify reads a table with. Every column is selected as PostgreSQL's output-function text
 * of its value, the text pgoutput sends and {@code PgText} reads: {@code format('%s', c)}, not
 * {@code c::text}, which is a cast with text of its own for bool, char(n), inet and xml. The
 * result columns are all {@code text}, so the driver passes them on untouched. Pure.
 */
final class RowSql {

    private RowSql() {}

    /** A double-quoted SQL identifier. */
    static String identifier(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    static String table(TableId table) {
        return identifier(table.schema()) + "." + identifier(table.table());
    }

    /**
     * The column's text, NULL only for SQL NULL. {@code c IS NULL} would not do: it is also true of
     * a composite value whose fields are all NULL, which prints as {@code (,)}.
     */
    static String text(String column) {
        String c = identifier(column);
        return "CASE WHEN num_nulls(" + c + ") = 1 THEN NULL ELSE format('%s', " + c + ") END";
    }

    /** Every row, each column as {@link #text}, in the order given. */
    static String select(TableId table, List<String> columns) {
        return "SELECT " + columns.stream().map(RowSql::text).collect(Collectors.joining(", ")) + " FROM " + table(table);
    }

    /** About {@code percent} % of the rows, at most {@code limit}. */
    static String sample(String select, int percent, int limit) {
        return select + " TABLESAMPLE BERNOULLI (" + percent + ") LIMIT " + limit;
    }

    /**
     * The rows of {@code count} keys, each key's values bound as text and cast to the column's type.
     *
     * @param keyTypes key column → its type as {@code format_type} spells it ({@code numeric(20,2)})
     */
    static String byKeys(String select, List<String> keyColumns, Map<String, String> keyTypes, int count) {
        String columns = keyColumns.stream().map(RowSql::identifier).collect(Collectors.joining(", "));
        String tuple = keyColumns.stream().map(c -> "?::" + keyTypes.get(c)).collect(Collectors.joining(", ", "(", ")"));
        return select + " WHERE (" + columns + ") IN (" + String.join(", ", Collections.nCopies(count, tuple)) + ")";
    }
}
