package com.tradeul.metasync.devtools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StageSharesTest {

    @Test
    void stage_shares_read_as_percentages_in_their_order() {
        Map<String, Object> shares = new LinkedHashMap<>();
        shares.put(StageShares.PREFIX + "poll", 0.124);
        shares.put(StageShares.PREFIX + "poll_cpu", 0.05);
        shares.put(StageShares.PREFIX + "await_redis", 0.6);
        shares.put(StageShares.PREFIX + "apply_thread_cpu", 0.3);

        assertThat(StageShares.describe(shares)).isEqualTo("poll 12% (cpu 5%), await_redis 60%, apply_thread_cpu 30%");
    }
}
