package com.tradeul.metasync.capture;

import com.tradeul.metasync.config.ConfigException;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Debezium engine failures a user can act on, told as what happened and what to do, instead of
 * Debezium's chain of wrapped exceptions. Pure; thread safe.
 */
final class CaptureFailures {

    /** pgjdbc's message when an interval's hours do not fit its int (PGInterval), before any converter runs. */
    static final String INTERVAL_FAILURE = "Conversion of interval failed";

    private CaptureFailures() {}

    /** @return the failure explained, or empty when it is not one of the known ones */
    static Optional<ConfigException> explain(Throwable error, CapturedColumns columns) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains(INTERVAL_FAILURE)) {
                return Optional.of(hugeInterval(columns.intervalColumns(), error));
            }
        }
        return Optional.empty();
    }

    /**
     * Debezium 3.6.1 parses a streamed scalar interval with pgjdbc's PGInterval, whose hours are an
     * int: PostgreSQL's intervals reach 2562047788 hours. The change never gets past it, so a
     * restart fails on it again; only leaving the column out lets capture go on.
     */
    private static ConfigException hugeInterval(List<String> intervalColumns, Throwable cause) {
        String which = switch (intervalColumns.size()) {
            case 0 -> "an interval column";
            case 1 -> "column " + intervalColumns.get(0);
            default -> "one of the interval columns " + String.join(", ", intervalColumns);
        };
        String exclusion = intervalColumns.isEmpty() ? "schema\\.table\\.column"
                : intervalColumns.stream().map(ColumnFilter::exclusionOf).collect(Collectors.joining(","));
        return new ConfigException("capture stopped: a change streamed for " + which + " holds an interval of 2147483648"
                + " hours or more, which Debezium 3.6.1 cannot read (it stops before any converter sees the value), and a"
                + " restart stops at the same change",
                "leave the column out with debezium.column.exclude.list=" + exclusion + " (add to what you already exclude),"
                        + " then restart; keep intervals in that column below 2147483648 hours to carry it again", cause);
    }
}
