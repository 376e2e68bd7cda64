package com.tradeul.metasync.apply;

import java.util.List;
import java.util.Map;

/**
 * Applies planned writes to Redis. Implementations are used from one thread at a time.
 */
public interface RedisWriter extends AutoCloseable {

    /**
     * @param poison merges that could not be completed (no current value in Redis), for the dead-letter topic
     * @param fenced writes skipped because Redis already held a newer change of that key
     * @param unexpectedOffsets partitions whose offsets in Redis were not what apply expected (Redis
     *     lost data, or a replay was requested), with the offset Redis holds (null: none); their
     *     offsets were left as they are, so apply replays from them
     */
    record Result(List<BatchPlan.PoisonRecord> poison, long fenced, Map<String, Long> unexpectedOffsets) {}

    /**
     * Applies every write, in order, together with the consumer's offset advances, and returns only
     * when Redis acknowledged all of them. Rows and offsets are applied atomically (MULTI/EXEC), and
     * offsets only advance from what apply expects Redis to hold, so the offsets in Redis always say
     * which changes Redis holds.
     *
     * @param offsets {@code topic:partition} → the advance of that partition
     * @throws RedisRefusedException when Redis did not take them all (down, OOM, MISCONF, READONLY,
     *     LOADING): retriable; applying the same writes again is harmless
     */
    Result write(List<RedisWrite> writes, Map<String, OffsetAdvance> offsets);

    @Override
    void close();
}
