package com.tradeul.metasync.capture;

import com.tradeul.metasync.config.TableId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The columns capture carries, per table, as PostgreSQL described them at start: what the
 * snapshot's select overrides list and what metasync's converter is told about user-defined types.
 * Immutable and thread safe.
 *
 * @param tables every captured table's carried columns (excluded ones left out), in table order
 */
public record CapturedColumns(Map<TableId, List<Column>> tables) {

    /**
     * @param typeName PostgreSQL's name of the column's type ({@code pg_type.typname}): Debezium's too
     * @param readAs   the built-in type its text reads as ({@link TypeResolution})
     */
    public record Column(String name, String typeName, String readAs) {}

    public static final CapturedColumns NONE = new CapturedColumns(Map.of());

    public CapturedColumns {
        Map<TableId, List<Column>> copy = new LinkedHashMap<>();
        tables.forEach((table, columns) -> copy.put(table, List.copyOf(columns)));
        tables = java.util.Collections.unmodifiableMap(copy);
    }

    /** Every type whose name is not the type it reads as, by name: the converter's {@code types} setting. */
    public Map<String, String> declaredTypes() {
        Map<String, String> declared = new java.util.TreeMap<>();
        tables.values().forEach(columns -> columns.stream().filter(c -> !c.typeName().equals(c.readAs()))
                .forEach(c -> declared.put(c.typeName(), c.readAs())));
        return declared;
    }

    /** {@code schema.table.column} of every scalar interval column, for explaining a failure Debezium has on them. */
    public List<String> intervalColumns() {
        return tables.entrySet().stream().flatMap(e -> e.getValue().stream().filter(c -> c.readAs().equals("interval"))
                .map(c -> e.getKey() + "." + c.name())).toList();
    }
}
