package com.tradeul.metasync.devtools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RedisProbeTest {

    @Test
    void children_since_an_earlier_count_are_the_difference_as_checks_named_by_side() {
        RedisProbe.Children during = new RedisProbe.Children(17, 6).since(new RedisProbe.Children(14, 5));

        assertThat(during.checks("metasync")).isEqualTo(Map.of("metasyncSaves", 3L, "metasyncAofRewrites", 1L));
    }
}
