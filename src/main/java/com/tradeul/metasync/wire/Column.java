package com.tradeul.metasync.wire;

import java.util.Objects;

/** A named column value. */
public record Column(String name, ColumnValue value) {
    public Column {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }
}
