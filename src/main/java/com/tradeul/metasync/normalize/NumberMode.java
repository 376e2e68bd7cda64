package com.tradeul.metasync.normalize;

import java.util.Locale;

/**
 * How exact numbers are written for a column's readers. Most JSON readers parse every number into a
 * double (JavaScript's {@code JSON.parse}, Python's default {@code json.loads} for decimals, Go's
 * {@code encoding/json} into {@code interface{}}, Jackson's default {@code ObjectMapper}), which
 * keeps about 16 significant digits: such a reader needs the digits as a string to get them all.
 */
public enum NumberMode {
    /** JSON numbers with every digit: exact for a reader that parses decimals exactly (the default, as before). */
    NUMBER,
    /**
     * {@code numeric} and {@code money} values, and integers beyond ±2^53 (9007199254740992, past
     * which a double cannot hold every integer), as JSON strings of PostgreSQL's digits and scale.
     * Integers within ±2^53 stay numbers: a double holds each of them exactly.
     */
    STRING;

    /** Integers a double holds exactly: every one of magnitude up to 2^53. */
    static final long EXACT_IN_DOUBLE = 1L << 53;

    /**
     * Reads a configured value, case-insensitively.
     *
     * @throws IllegalArgumentException naming the allowed values when {@code text} is none of them
     */
    public static NumberMode parse(String text) {
        String normalized = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        return switch (normalized) {
            case "number" -> NUMBER;
            case "string" -> STRING;
            default -> throw new IllegalArgumentException("unknown number mode '" + text
                    + "': use 'number' (JSON numbers with every digit) or 'string' (the digits as JSON strings)");
        };
    }

    /** Whether {@code value} is written as a string in this mode. */
    boolean quotes(long value) {
        return this == STRING && (value > EXACT_IN_DOUBLE || value < -EXACT_IN_DOUBLE);
    }
}
