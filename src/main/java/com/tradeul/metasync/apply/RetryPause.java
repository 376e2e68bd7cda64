package com.tradeul.metasync.apply;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * How apply waits between attempts while Redis refuses writes: closing apply must end the wait at
 * once, and tests must not sleep. Thread safe: {@link #wake} comes from the thread closing apply.
 */
interface RetryPause {

    /**
     * Waits {@code delay}, or less when woken.
     *
     * @return true when woken: apply is closing and stops retrying
     */
    boolean await(Duration delay) throws InterruptedException;

    /** Ends the current wait, and makes every later one return at once. */
    void wake();

    /** Real waiting, ended by {@link #wake}. */
    static RetryPause untilWoken() {
        CountDownLatch woken = new CountDownLatch(1);
        return new RetryPause() {
            @Override
            public boolean await(Duration delay) throws InterruptedException {
                return woken.await(delay.toMillis(), TimeUnit.MILLISECONDS);
            }

            @Override
            public void wake() {
                woken.countDown();
            }
        };
    }
}
