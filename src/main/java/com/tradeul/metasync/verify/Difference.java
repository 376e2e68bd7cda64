package com.tradeul.metasync.verify;

/**
 * One way Redis differs from PostgreSQL.
 *
 * @param column the differing column, or null when the whole key differs (missing, extra, invalid JSON)
 * @param postgres PostgreSQL's value as metasync renders it (JSON text), or null
 * @param redis Redis's value (JSON text), or null
 */
public record Difference(Kind kind, String key, String column, String postgres, String redis) {

    public enum Kind {
        /** a row without its key */
        MISSING,
        /** a key without its row */
        EXTRA,
        /** the key holds another value */
        WRONG
    }
}
