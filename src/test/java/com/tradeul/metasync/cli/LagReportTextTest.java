package com.tradeul.metasync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradeul.metasync.monitor.LagReport;
import java.util.List;
import org.junit.jupiter.api.Test;

class LagReportTextTest {

    @Test
    void prints_a_column_per_figure_and_the_totals() {
        LagReport report = new LagReport("metasync-apply", List.of(
                new LagReport.PartitionLag("metasync.public.ticker_metadata", 0, 12140L, 12140L, 12190),
                new LagReport.PartitionLag("metasync.public.ticker_metadata", 1, null, null, 7)));
        assertThat(LagReportText.table(report)).isEqualTo("""
                consumer group metasync-apply
                TOPIC                            PARTITION  COMMITTED  REDIS-HOLDS  LOG-END  LAG
                metasync.public.ticker_metadata          0      12140        12140    12190   50
                metasync.public.ticker_metadata          1          -            -        7    -
                total lag: 57 record(s); not yet in Redis: 57 record(s)
                """);
    }
}
