package com.tradeul.metasync.normalize;

import java.util.Objects;

/**
 * PostgreSQL's text of a value that {@link PgText} cannot turn into an exact
 * {@link com.tradeul.metasync.wire.ColumnValue}: a type metasync has no rule for, a form the
 * session settings it relies on would not produce (DateStyle other than ISO, money in a locale
 * other than C/en_US), or a value outside what ColumnValue holds. Poison, not retriable: the same
 * text always fails, so the caller dead-letters the row with {@link #text()} and
 * {@link #reason()}. The message shows at most the first 200 characters of the text.
 */
public final class UnparsableValueException extends RuntimeException {

    private static final int SHOWN_CHARS = 200;

    private final String typeName;
    private final String reason;
    private final String text;

    /**
     * @param typeName PostgreSQL's type name (pg_type.typname) the text was read as
     * @param reason   why it cannot be read, and where a setting is the cause, which one to change
     * @param text     PostgreSQL's text of the value, whole
     */
    public UnparsableValueException(String typeName, String reason, String text) {
        super("PostgreSQL " + typeName + " value '" + shown(text) + "' cannot be read: " + reason);
        this.typeName = Objects.requireNonNull(typeName, "typeName");
        this.reason = Objects.requireNonNull(reason, "reason");
        this.text = Objects.requireNonNull(text, "text");
    }

    public String typeName() {
        return typeName;
    }

    public String reason() {
        return reason;
    }

    /** PostgreSQL's text of the value, whole, for the dead-letter record. */
    public String text() {
        return text;
    }

    static String shown(String text) {
        if (text == null || text.length() <= SHOWN_CHARS) {
            return text;
        }
        return text.substring(0, SHOWN_CHARS) + "… (" + text.length() + " characters)";
    }
}
