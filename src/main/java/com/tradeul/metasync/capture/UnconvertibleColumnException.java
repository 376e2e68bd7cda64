package com.tradeul.metasync.capture;

/**
 * A column value capture cannot carry exactly: which column, why, and the value as capture
 * received it (PostgreSQL's text where it had that), so the row can be dead-lettered with
 * everything an operator needs instead of stopping capture.
 */
public final class UnconvertibleColumnException extends UnconvertibleValueException {

    /** Longest value text kept: enough to see the value, bounded so one huge column cannot bloat a record. */
    static final int MAX_TEXT = 4096;

    private final String column;
    private final String reason;
    private final String text;

    public UnconvertibleColumnException(String column, String reason, Object value) {
        super("column '" + column + "': " + reason);
        this.column = column;
        this.reason = reason;
        this.text = textOf(value);
    }

    private static String textOf(Object value) {
        if (value == null) {
            return null;
        }
        String text = value instanceof byte[] bytes ? java.util.HexFormat.of().formatHex(bytes) : value.toString();
        return text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT) + "...";
    }

    public String column() {
        return column;
    }

    public String reason() {
        return reason;
    }

    /** The value as capture received it, at most {@link #MAX_TEXT} characters; null when there was none. */
    public String text() {
        return text;
    }
}
