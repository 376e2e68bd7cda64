package com.tradeul.metasync.capture;

import com.tradeul.metasync.config.ConfigException;
import java.util.List;
import java.util.Optional;

/**
 * Debezium engine failures a user can act on, told as what happened and what to do, instead of
 * Debezium's chain of wrapped exceptions. Pure; thread safe.
 */
final class CaptureFailures {

    /**
     * pgjdbc's message when an interval's hours do not fit its int (PGInterval), before any converter
     * runs. metasync's own capture no longer meets it (its decoder hands intervals on as text,
     * {@link PgOutputTextTypes}, and its snapshot reads text); a snapshot read through pgjdbc, as on
     * a Kafka Connect worker, and a decoder without that registry still do.
     */
    static final String INTERVAL_FAILURE = "Conversion of interval failed";

    private CaptureFailures() {}

    /** @return the failure explained, or empty when it is not one of the known ones */
    static Optional<ConfigException> explain(Throwable error, CapturedColumns columns, String slot) {
        return isHugeInterval(error) ? Optional.of(hugeInterval(columns.intervalColumns(), slot, error)) : Optional.empty();
    }

    /**
     * Whether the failure is one Debezium would retry (an SQLException among its causes) that can
     * never pass: retrying re-reads the same change and fails on it again.
     */
    static boolean cannotBeRetried(Throwable error) {
        return isHugeInterval(error);
    }

    private static boolean isHugeInterval(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains(INTERVAL_FAILURE)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Debezium 3.6.1 parses a streamed scalar interval with pgjdbc's PGInterval, whose hours are an
     * int: PostgreSQL's intervals reach 2562047788 hours. The change never gets past it, so a
     * restart fails on it again, and leaving the column out (column.exclude.list) does not help:
     * Debezium reads every column pgoutput sends before it drops the excluded ones. Only moving the
     * slot past the change does, and then Debezium finds its position gone: a snapshot
     * (snapshot.mode=when_needed) reads the corrected rows again.
     */
    private static ConfigException hugeInterval(List<String> intervalColumns, String slot, Throwable cause) {
        String which = switch (intervalColumns.size()) {
            case 0 -> "an interval column";
            case 1 -> "column " + intervalColumns.get(0);
            default -> "one of the interval columns " + String.join(", ", intervalColumns);
        };
        return new ConfigException("capture stopped: a change streamed for " + which + " holds an interval of 2147483648"
                + " hours or more, which Debezium 3.6.1 cannot read (it fails before any converter sees the value), and a"
                + " restart stops at the same change",
                "correct the value in PostgreSQL (below 2147483648 hours), then, with metasync stopped, skip the change with"
                        + " SELECT pg_replication_slot_advance('" + slot + "', pg_current_wal_lsn()) and start once with --set"
                        + " debezium.snapshot.mode=when_needed, which reads the captured tables again", cause);
    }
}
