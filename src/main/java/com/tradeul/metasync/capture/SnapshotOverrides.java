package com.tradeul.metasync.capture;

import com.tradeul.metasync.config.TableId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Debezium's {@code snapshot.select.statement.overrides} that make the snapshot read every captured
 * column as PostgreSQL's output text, the text pgoutput streams: {@code format('%s', col)} (not
 * {@code col::text}, a cast with text of its own for bool, char(n), inet and xml), NULL kept as
 * NULL. The guard is {@code num_nulls(col) = 1}, not {@code col IS NULL}, which is also true of a
 * composite whose fields are all NULL. Debezium then reads each column as a String, and
 * {@link ExactTypesConverter}, which claims every column, passes it on as it is: the two only
 * work together, since Debezium's own conversion of a String it expected as another type corrupts
 * it silently. Pure; thread safe.
 */
final class SnapshotOverrides {

    static final String LIST = "snapshot.select.statement.overrides";

    private SnapshotOverrides() {}

    /** The connector settings for these tables: the list, and one SELECT per table. */
    static Map<String, String> of(CapturedColumns columns) {
        Map<String, String> settings = new LinkedHashMap<>();
        if (columns.tables().isEmpty()) {
            return settings;
        }
        settings.put(LIST, columns.tables().keySet().stream().map(TableId::toString).collect(Collectors.joining(",")));
        columns.tables().forEach((table, carried) -> settings.put(LIST + "." + table,
                select(table, carried.stream().map(CapturedColumns.Column::name).toList())));
        return settings;
    }

    static String select(TableId table, List<String> columns) {
        String list = columns.stream().map(SnapshotOverrides::asText).collect(Collectors.joining(", "));
        return "SELECT " + list + " FROM " + quoted(table.schema()) + "." + quoted(table.table());
    }

    private static String asText(String column) {
        String name = quoted(column);
        return "CASE WHEN num_nulls(" + name + ") = 1 THEN NULL ELSE format('%s', " + name + ") END AS " + name;
    }

    static String quoted(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
