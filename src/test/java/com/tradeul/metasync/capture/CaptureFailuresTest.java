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

        String line = CaptureFailures.explain(HUGE_INTERVAL, columns).orElseThrow().oneLine();

        assertThat(line).contains("column public.t.iv holds an interval of 2147483648 hours or more",
                "Fix: leave the column out with debezium.column.exclude.list=public\\.t\\.iv");
    }

    @Test
    void with_several_interval_columns_each_is_named() {
        CapturedColumns columns = new CapturedColumns(Map.of(TableId.parse("public.t"), List.of(
                new CapturedColumns.Column("a", "interval", "interval"), new CapturedColumns.Column("b", "duration", "interval"))));

        assertThat(CaptureFailures.explain(HUGE_INTERVAL, columns).orElseThrow().oneLine())
                .contains("one of the interval columns public.t.a, public.t.b", "public\\.t\\.a,public\\.t\\.b");
    }

    @Test
    void other_failures_are_left_as_debezium_reports_them() {
        assertThat(CaptureFailures.explain(new IllegalStateException("slot is in use"), CapturedColumns.NONE)).isEmpty();
    }
}
