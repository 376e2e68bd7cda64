package com.tradeul.metasync.config;

import com.tradeul.metasync.normalize.RowShape;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Refuses, at start, a table's column selection, renames and per-column settings that do not fit
 * its columns, each naming the setting and the fix: a column the table does not have (a typo would
 * otherwise write every row without the rename or with the column), a setting on a column that is
 * not written, a column the key template needs left out, two fields of one name. Pure.
 */
public final class RowShapeRules {

    private RowShapeRules() {}

    /**
     * @param columns    the table's columns as capture carries them, in table order
     * @param keyColumns the columns its Redis key is made of (the key template's, or the whole primary key)
     * @throws ConfigException naming the first setting that does not fit
     */
    public static void check(TableSettings settings, List<String> columns, Collection<String> keyColumns) {
        String known = " (its columns: " + String.join(", ", columns) + ")";
        refuseUnknownSelected(settings.table(), settings.rowShape(), columns, known);
        refuseKeyColumnsLeftOut(settings.table(), settings.rowShape(), keyColumns);
        refuseColumnSettingsWithoutEffect(settings, columns, known);
        refuseCollisions(settings.table(), settings.rowShape(), columns);
    }

    private static void refuseUnknownSelected(TableId table, RowShape shape, List<String> columns, String known) {
        for (String selection : List.of(TableSettings.INCLUDE_COLUMNS, TableSettings.EXCLUDE_COLUMNS)) {
            Collection<String> named = selection.equals(TableSettings.INCLUDE_COLUMNS) ? shape.include() : shape.exclude();
            for (String column : named) {
                if (!columns.contains(column)) {
                    throw new ConfigException("setting '" + TableSettings.name(table, selection) + "' names column '" + column
                            + "', which table " + table + " does not have" + known,
                            "correct the name (PostgreSQL's spelling, case included) or leave it out of the list");
                }
            }
        }
    }

    private static void refuseKeyColumnsLeftOut(TableId table, RowShape shape, Collection<String> keyColumns) {
        for (String column : keyColumns) {
            if (!shape.writes(column)) {
                String setting = shape.exclude().contains(column) ? TableSettings.EXCLUDE_COLUMNS : TableSettings.INCLUDE_COLUMNS;
                throw new ConfigException("setting '" + TableSettings.name(table, setting) + "' leaves column '" + column
                        + "' out of Redis, but the key of table " + table + " is made of it, and a reader that has only the value"
                        + " could not tell its row", (setting.equals(TableSettings.EXCLUDE_COLUMNS) ? "remove it from " : "add it to ")
                        + TableSettings.name(table, setting) + " (to write it under another name, set "
                        + TableSettings.name(table, TableSettings.RENAME.replace(TableSettings.COLUMN, column)) + ")");
            }
        }
    }

    private static void refuseColumnSettingsWithoutEffect(TableSettings settings, List<String> columns, String known) {
        TableId table = settings.table();
        RowShape shape = settings.rowShape();
        for (String setting : TableSettings.COLUMN_DEFINITION.settings().names()) {
            for (String column : settings.perColumn(setting).keySet()) {
                String name = TableSettings.name(table, setting.replace(TableSettings.COLUMN, column));
                if (!columns.contains(column)) {
                    throw new ConfigException("setting '" + name + "' is for column '" + column + "', which table " + table
                            + " does not have" + known, "correct the column name (PostgreSQL's spelling, case included) or remove the setting");
                }
                if (!shape.writes(column)) {
                    throw new ConfigException("setting '" + name + "' is for column '" + column + "', which "
                            + TableSettings.name(table, shape.exclude().contains(column) ? TableSettings.EXCLUDE_COLUMNS
                            : TableSettings.INCLUDE_COLUMNS) + " leaves out of Redis, so it does nothing",
                            "remove the setting, or write the column");
                }
            }
        }
    }

    /** Two written columns under one field would leave one of them out of every row. */
    private static void refuseCollisions(TableId table, RowShape shape, List<String> columns) {
        Map<String, String> columnByField = new LinkedHashMap<>();
        for (String column : columns) {
            if (!shape.writes(column)) {
                continue;
            }
            String other = columnByField.putIfAbsent(shape.field(column), column);
            if (other != null) {
                String renamed = shape.rename().containsKey(column) ? column : other;
                throw new ConfigException("setting '" + TableSettings.name(table, TableSettings.RENAME.replace(TableSettings.COLUMN, renamed))
                        + "' writes column '" + renamed + "' under field '" + shape.field(column) + "', which column '"
                        + (renamed.equals(column) ? other : column) + "' of table " + table + " is also written under",
                        "choose a field name no other written column has, or exclude the other column");
            }
        }
    }
}
