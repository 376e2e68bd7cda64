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
     */
    record Result(List<BatchPlan.PoisonRecord> poison, long fenced) {}

    /**
     * Applies every write, in order, together with the consumer's next offsets, and returns only when
     * Redis acknowledged all of them. Rows and offsets are applied atomically (MULTI/EXEC), so the
     * offsets in Redis always say which changes Redis holds.
     *
     * @param nextOffsets {@code topic:partition} → the next offset to read after this batch
     * @throws RedisRefusedException when Redis did not take them all (down, OOM, MISCONF, READONLY,
     *     LOADING): retriable; applying the same writes again is harmless
     */
    Result write(List<RedisWrite> writes, Map<String, Long> nextOffsets);

    @Override
    void close();
}
