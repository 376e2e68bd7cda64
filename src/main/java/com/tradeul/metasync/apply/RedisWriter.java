package com.tradeul.metasync.apply;

import java.util.List;

/**
 * Applies planned writes to Redis. Implementations are used from one thread at a time.
 */
public interface RedisWriter extends AutoCloseable {

    /**
     * Applies every write, in order, and returns only when Redis acknowledged all of them.
     *
     * @return the merges that could not be completed (no current value in Redis): poison, for the
     *     dead-letter topic; never null
     * @throws RedisRefusedException when Redis did not take them all (down, OOM, MISCONF, READONLY,
     *     LOADING): retriable; applying the same writes again is harmless
     */
    List<BatchPlan.PoisonRecord> write(List<RedisWrite> writes);

    @Override
    void close();
}
