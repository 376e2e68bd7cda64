package com.tradeul.metasync.verify;

import com.tradeul.metasync.config.TableId;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The SQL verify reads a table with. Columns are selected as they are, never cast: a text-format
 * result holds each value as its type's output function prints it, the text pgoutput sends and
 * {@code PgText} reads ({@code c::text} would be a cast with text of its own for bool, char(n),
 * inet and xml), and SQL NULL stays apart from a composite whose fields are all NULL. Results are
 * text because {@code PostgresConnections} turns pgjdbc's binary transfer off; reading the same
 * text through {@code format('%s', c)} costs PostgreSQL about a microsecond more per row. Pure.
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

    /** Every row, the columns in the order given. */
    static String select(TableId table, List<String> columns) {
        return "SELECT " + columns.stream().map(RowSql::identifier).collect(Collectors.joining(", ")) + " FROM " + table(table);
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
