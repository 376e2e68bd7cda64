package com.tradeul.metasync.apply;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one batch to Redis until Redis takes it. While Redis refuses writes (down, OOM, MISCONF,
 * READONLY, LOADING) apply waits with backoff and nothing moves: skipping the batch would lose its
 * rows. The one place apply's retry policy lives. Used from apply's thread only.
 */
final class WriteRetry {

    private static final Logger LOG = LoggerFactory.getLogger(WriteRetry.class);

    private final RedisWriter writer;
    private final Duration maxBackoff;
    private final ApplyStats stats;
    private final RetryPause pause;

    WriteRetry(RedisWriter writer, Duration maxBackoff, ApplyStats stats, RetryPause pause) {
        this.writer = writer;
        this.maxBackoff = maxBackoff;
        this.stats = stats;
        this.pause = pause;
    }

    /**
     * Tries at once, then after each refusal waits a growing delay and tries again.
     *
     * @throws InterruptedException when apply closes while Redis refuses: the batch stays unapplied
     *     and uncommitted, so it is read again on the next start
     */
    RedisWriter.Result writeUntilAccepted(List<RedisWrite> writes, Map<String, OffsetAdvance> advances) throws InterruptedException {
        Backoff backoff = new Backoff(maxBackoff);
        while (true) {
            try {
                RedisWriter.Result result = writer.write(writes, advances);
                if (backoff.failures() > 0) {
                    LOG.info("Redis accepts writes again after {} refused attempts; apply resumed", backoff.failures());
                }
                return result;
            } catch (RedisRefusedException e) {
                if (backoff.failures() == 0) {
                    LOG.warn("Redis refused writes ({}); apply waits and retries, nothing is skipped", e.getMessage());
                }
                stats.waiting("Redis refused writes: " + e.getMessage());
                if (pause.await(backoff.nextDelay())) {
                    throw new InterruptedException("closing while Redis refuses writes; the batch stays unapplied");
                }
            }
        }
    }
}
