package com.tradeul.metasync.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradeul.metasync.replay.RedisPositionPolicy.Decision;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RedisPositionPolicyTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                // stored, position, beginning, oldestSafe -> expected decision, offset
                Arguments.of(null, 0L, 0L, 0L, "Continue", -1L),          // first start on an empty Redis: load from the start
                Arguments.of(null, 500L, 0L, 0L, "Seek", 0L),            // wiped: replay the whole topic
                Arguments.of(null, 500L, 120L, 0L, "Seek", 120L),        // ... from the first retained offset
                Arguments.of(500L, 500L, 0L, 0L, "Continue", -1L),       // in step
                Arguments.of(300L, 500L, 0L, 100L, "Seek", 300L),        // rolled back within retention: replay the gap
                Arguments.of(300L, 500L, 0L, 400L, "Rebuild", 0L),       // rolled back past retained tombstones: rebuild
                Arguments.of(700L, 500L, 0L, 0L, "Seek", 700L));         // Redis ahead (crash after EXEC): skip what it holds
    }

    @ParameterizedTest(name = "stored {0}, at {1}, beginning {2}, safe from {3} -> {4} {5}")
    @MethodSource("cases")
    void follows_what_redis_holds(Long stored, long position, long beginning, long oldestSafe, String kind, long offset) {
        Decision decision = RedisPositionPolicy.decide(stored, position, beginning, oldestSafe);
        assertThat(decision.getClass().getSimpleName()).isEqualTo(kind);
        if (decision instanceof Decision.Seek seek) {
            assertThat(seek.offset()).isEqualTo(offset);
            assertThat(seek.lostData()).isEqualTo(stored == null || stored < position);
        } else if (decision instanceof Decision.Rebuild rebuild) {
            assertThat(rebuild.offset()).isEqualTo(offset);
        }
    }
}
