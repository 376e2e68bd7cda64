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
     *     lost data, a replay was requested, or another member of the group moved them), with the
     *     offset Redis holds (null: none); their offsets were left as they are, so apply follows
     *     them; the batch's other partitions advanced
     * @param answeredNanos {@link System#nanoTime()} when Redis's answer arrived (apply may read it later)
     */
    record Result(List<BatchPlan.PoisonRecord> poison, long fenced, Map<String, Long> unexpectedOffsets, long answeredNanos) {}

    /**
     * Applies every write, in order, together with the consumer's offset advances, and returns only
     * when Redis acknowledged all of them. Rows and offsets are applied atomically (MULTI/EXEC), and
     * each partition's offset only advances from what apply expects Redis to hold, so the offsets in
     * Redis always say which changes Redis holds.
     *
     * @param offsets {@code topic:partition} → the advance of that partition
     * @throws RedisRefusedException when Redis did not take them all (down, OOM, MISCONF, READONLY,
     *     LOADING): retriable; applying the same writes again is harmless
     */
    default Result write(List<RedisWrite> writes, Map<String, OffsetAdvance> offsets) {
        return send(writes, offsets).await();
    }

    /**
     * What {@link #write} does, but returns once the last transaction is on its way to Redis, so
     * the caller can prepare the next batch while Redis applies this one. Redis executes commands
     * of one connection in order, so whatever is sent after this sees its effects.
     *
     * @throws RedisRefusedException as {@link #write}, for what needed Redis's answer on the way
     */
    Pending send(List<RedisWrite> writes, Map<String, OffsetAdvance> offsets);

    /** A batch sent to Redis whose answer has not been read yet. */
    interface Pending {
        /**
         * Waits for Redis's answer to the batch.
         *
         * @throws RedisRefusedException as {@link #write}: the batch may or may not be applied;
         *     writing it again is harmless
         */
        Result await();
    }

    @Override
    void close();
}
