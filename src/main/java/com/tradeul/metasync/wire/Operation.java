package com.tradeul.metasync.wire;

/** What happened to a row. A snapshot read is applied like an insert. */
public enum Operation {
    SNAPSHOT_READ, INSERT, UPDATE, DELETE, TRUNCATE;

    public boolean removesRow() {
        return this == DELETE;
    }
}
