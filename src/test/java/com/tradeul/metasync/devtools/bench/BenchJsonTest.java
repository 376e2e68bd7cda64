package com.tradeul.metasync.devtools.bench;

import static com.tradeul.metasync.devtools.bench.ReportFixtures.header;
import static com.tradeul.metasync.devtools.bench.ReportFixtures.repetition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchJsonTest {

    @Test
    void a_report_reads_back_equal_including_an_unmeasured_ratio() {
        BenchReport report = new BenchReport(header(), List.of(Summary.of(SnapshotScenario.KIND, 2000,
                List.of(repetition(10_000, 0, 1.0, 500, 200, Map.of("keysInRedis", 2000, "valuesMatchBaseline", true, "stopReason", "x"))))));
        String json = BenchJson.write(report);
        assertThat(json).contains("\"ratio\" : \"NaN\"").contains("\"scenario\" : \"snapshot\"");
        assertThat(BenchJson.read(json)).isEqualTo(report);
    }

    @Test
    void other_json_is_refused() {
        assertThatThrownBy(() -> BenchJson.read("[1,2]")).isInstanceOf(IllegalArgumentException.class);
    }
}
