package com.tradeul.metasync.capture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradeul.metasync.config.TableId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CaptureFailuresTest {

    /** As Debezium 3.6.1 reports it: the connector's failure wrapping pgjdbc's. */
    private static final Throwable HUGE_INTERVAL = new RuntimeException("An exception occurred in the change event producer.",
            new RuntimeException("Error while processing event at offset {lsn=32137832}",
                    new RuntimeException("org.postgresql.util.PSQLException: Conversion of interval failed",
                            new NumberFormatException("For input string: \"2562047788\""))));

    @Test
    void a_huge_streamed_interval_names_the_column_and_the_exclusion() {
        CapturedColumns columns = new CapturedColumns(Map.of(TableId.parse("public.t"), List.of(
                new CapturedColumns.Column("id", "int4", "int4"), new CapturedColumns.Column("iv", "interval", "interval"),
                new CapturedColumns.Column("ivs", "_interval", "_interval"))));

        String line = CaptureFailures.explain(HUGE_INTERVAL, columns, "metasync").orElseThrow().oneLine();

        assertThat(line).contains("column public.t.iv holds an interval of 2147483648 hours or more",
                "Fix: correct the value in PostgreSQL", "SELECT pg_replication_slot_advance('metasync', pg_current_wal_lsn())",
                "debezium.snapshot.mode=when_needed");
    }

    @Test
    void with_several_interval_columns_each_is_named() {
        CapturedColumns columns = new CapturedColumns(Map.of(TableId.parse("public.t"), List.of(
                new CapturedColumns.Column("a", "interval", "interval"), new CapturedColumns.Column("b", "duration", "interval"))));

        assertThat(CaptureFailures.explain(HUGE_INTERVAL, columns, "metasync").orElseThrow().oneLine())
                .contains("one of the interval columns public.t.a, public.t.b");
    }

    @Test
    void other_failures_are_left_as_debezium_reports_them() {
        assertThat(CaptureFailures.explain(new IllegalStateException("slot is in use"), CapturedColumns.NONE, "metasync")).isEmpty();
    }

    @Test
    void a_huge_interval_cannot_be_retried_while_a_lost_connection_can() {
        assertThat(CaptureFailures.cannotBeRetried(new org.apache.kafka.connect.errors.RetriableException("restart", HUGE_INTERVAL)))
                .isTrue();
        assertThat(CaptureFailures.cannotBeRetried(new org.apache.kafka.connect.errors.RetriableException("restart",
                new java.sql.SQLException("An I/O error occurred while sending to the backend.")))).isFalse();
    }
}
