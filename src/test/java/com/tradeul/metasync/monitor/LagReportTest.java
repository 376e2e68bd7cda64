package com.tradeul.metasync.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LagReportTest {

    @Test
    void lag_is_log_end_minus_committed_like_kafkas_tool_and_redis_lag_uses_the_offset_redis_holds() {
        LagReport report = new LagReport("g", List.of(
                new LagReport.PartitionLag("t", 1, 90L, 80L, 100),
                new LagReport.PartitionLag("t", 0, null, null, 40)));
        assertThat(report.partitions()).extracting(LagReport.PartitionLag::partition).containsExactly(0, 1);
        assertThat(report.partitions().get(1).lag()).isEqualTo(10);
        assertThat(report.partitions().get(1).redisLag()).isEqualTo(20);
        assertThat(report.partitions().get(0).lag()).as("no committed offset: no lag figure, as the tool shows '-'").isNull();
        assertThat(report.totalLag()).as("a partition without a committed offset counts what Redis lacks").isEqualTo(50);
        assertThat(report.totalRedisLag()).isEqualTo(60);
    }
}
