package com.tradeul.metasync.capture;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Which columns the connector captures, as Debezium decides it: {@code column.include.list} (when
 * set, only columns matching one of its patterns) and {@code column.exclude.list} (never columns
 * matching one), comma-separated regular expressions matched whole and case-insensitively against
 * {@code schema.table.column}. Immutable and thread safe.
 */
public record ColumnFilter(List<Pattern> include, List<Pattern> exclude) {

    public static final ColumnFilter ALL = new ColumnFilter(List.of(), List.of());

    /** @param connector the connector settings capture runs with ({@link ConnectorProperties#connector}) */
    public static ColumnFilter of(Map<String, String> connector) {
        return new ColumnFilter(patterns(connector.get("column.include.list")), patterns(connector.get("column.exclude.list")));
    }

    public boolean carried(String schemaTableColumn) {
        boolean included = include.isEmpty() || include.stream().anyMatch(p -> p.matcher(schemaTableColumn).matches());
        return included && exclude.stream().noneMatch(p -> p.matcher(schemaTableColumn).matches());
    }

    /** The exclusion that leaves exactly this column out: its name with the dots escaped. */
    public static String exclusionOf(String schemaTableColumn) {
        return schemaTableColumn.replace(".", "\\.");
    }

    private static List<Pattern> patterns(String list) {
        if (list == null || list.isBlank()) {
            return List.of();
        }
        return Arrays.stream(list.split(",")).map(String::trim).filter(p -> !p.isEmpty())
                .map(p -> Pattern.compile(p, Pattern.CASE_INSENSITIVE)).toList();
    }
}
