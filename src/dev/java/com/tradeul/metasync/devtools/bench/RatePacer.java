package com.tradeul.metasync.devtools.bench;

/**
 * Open-loop pacing at a fixed rate: operation {@code n} is due at {@code start + n / rate}, whatever
 * happened to the earlier ones, so a slow response does not lower the offered rate (no coordinated
 * omission). Pure and thread safe.
 *
 * @param startNanos  {@link System#nanoTime()} of operation 0
 * @param perSecond   operations per second, greater than 0
 */
record RatePacer(long startNanos, double perSecond) {

    RatePacer {
        if (!(perSecond > 0)) {
            throw new IllegalArgumentException("rate must be > 0, was " + perSecond);
        }
    }

    long dueNanos(long operation) {
        return startNanos + (long) (operation * 1e9 / perSecond);
    }

    /** Operations due in the first {@code nanos} after start: how many a run of that length sends. */
    long operationsWithin(long nanos) {
        return (long) Math.ceil(nanos * perSecond / 1e9);
    }
}
