package com.tradeul.metasync.replay;

import java.time.Duration;
import java.util.Map;

/**
 * What Redis says it holds: the consumer offsets written next to the data, and the run_id that
 * tells a restarted Redis from the one apply wrote to. Apply follows these, not Kafka's group
 * offsets. Implementations are used from one thread at a time.
 */
public interface HeldOffsets {

    /**
     * @return {@code topic:partition} → next offset; empty when Redis holds none (never written,
     *     or wiped), never null
     * @throws RuntimeException when Redis cannot be read; apply checks again later
     */
    Map<String, Long> read();

    /**
     * @return Redis's run_id, which changes when Redis restarts; never null ("" when unknown)
     * @throws RuntimeException when Redis cannot be read
     */
    String runId();

    /**
     * The shortest interval between two looks that this reader is meant for, whatever
     * {@code apply.position-check-interval-ms} says: zero unless a look is expensive.
     */
    default Duration shortestCheckInterval() {
        return Duration.ZERO;
    }
}
