package com.tradeul.metasync.config;

import java.util.regex.Pattern;

/** A captured table, {@code schema.table}. */
public record TableId(String schema, String table) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*");

    /** @throws IllegalArgumentException when the text is not {@code schema.table} of plain identifiers */
    public static TableId parse(String text) {
        String trimmed = text.trim();
        int dot = trimmed.indexOf('.');
        if (dot < 0 || dot != trimmed.lastIndexOf('.')
                || !NAME.matcher(trimmed.substring(0, dot)).matches()
                || !NAME.matcher(trimmed.substring(dot + 1)).matches()) {
            throw new IllegalArgumentException("'" + text + "' is not schema.table (for example public.ticker_metadata)");
        }
        return new TableId(trimmed.substring(0, dot), trimmed.substring(dot + 1));
    }

    /** The change topic Debezium writes this table to: {@code <prefix>.<schema>.<table>}. */
    public String topic(String prefix) {
        return prefix + "." + schema + "." + table;
    }

    @Override
    public String toString() {
        return schema + "." + table;
    }
}
