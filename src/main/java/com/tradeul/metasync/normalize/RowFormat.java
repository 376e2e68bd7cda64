package com.tradeul.metasync.normalize;

import java.util.Locale;

/** The Redis type a table's rows are written as. */
public enum RowFormat {
    /** One string per row holding the row's JSON object (GET/SET): metasync's format before there was a choice. */
    JSON,
    /**
     * One hash per row (HGETALL/HSET), a field per written column holding the value's text ({@link HashFields}); a
     * NULL column has no field.
     */
    HASH;

    /**
     * Reads a configured value, case-insensitively.
     *
     * @throws IllegalArgumentException naming the allowed values when {@code text} is none of them
     */
    public static RowFormat parse(String text) {
        String normalized = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        return switch (normalized) {
            case "json" -> JSON;
            case "hash" -> HASH;
            default -> throw new IllegalArgumentException("unknown row format '" + text
                    + "': use 'json' (a string holding the row's JSON object) or 'hash' (a Redis hash, a field per column)");
        };
    }

    /** How {@code TYPE} names the Redis type this format writes. */
    public String redisType() {
        return this == JSON ? "string" : "hash";
    }
}
