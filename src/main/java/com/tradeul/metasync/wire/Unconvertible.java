package com.tradeul.metasync.wire;

import java.util.Objects;

/**
 * Why a row could not be carried: the column whose value capture cannot convert exactly, the
 * reason, and PostgreSQL's text of that value where capture had it (null otherwise).
 */
public record Unconvertible(String column, String reason, String text) {

    public Unconvertible {
        Objects.requireNonNull(column, "column");
        Objects.requireNonNull(reason, "reason");
    }
}
