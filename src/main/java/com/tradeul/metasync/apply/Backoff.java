package com.tradeul.metasync.apply;

import java.time.Duration;

/**
 * Exponential backoff between retries of the same work: 100 ms, doubling, capped. The one place
 * retry timing is decided. Not thread safe; one per retrying loop.
 */
public final class Backoff {

    private static final Duration FIRST = Duration.ofMillis(100);

    private final Duration max;
    private Duration next = FIRST;
    private int failures;

    public Backoff(Duration max) {
        this.max = max;
    }

    /** The wait before the next attempt, growing with each call until {@link #reset()}. */
    public Duration nextDelay() {
        Duration delay = next;
        failures++;
        next = next.multipliedBy(2).compareTo(max) > 0 ? max : next.multipliedBy(2);
        return delay;
    }

    public int failures() {
        return failures;
    }

    public void reset() {
        next = FIRST;
        failures = 0;
    }
}
