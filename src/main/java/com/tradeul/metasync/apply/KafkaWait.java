package com.tradeul.metasync.apply;

import java.time.Duration;
import org.apache.kafka.common.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How apply waits while Kafka does not answer (a broker down or restarting: its calls time out or
 * lose their connection). Such a failure is retriable: apply waits with backoff and then checks
 * again what Redis holds, so nothing moves while Kafka is away and nothing is skipped after. One
 * log line when Kafka stops answering, one when it answers again. Used from apply's thread only.
 */
final class KafkaWait {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaWait.class);

    private final Backoff backoff;
    private final ApplyStats stats;

    KafkaWait(Duration maxBackoff, ApplyStats stats) {
        this.backoff = new Backoff(maxBackoff);
        this.stats = stats;
    }

    /** Whether {@code error} (or a cause of it) says Kafka may answer if asked again: a broker away, not a bug or a refusal. */
    static boolean retriable(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof RetriableException) {
                return true;
            }
        }
        return false;
    }

    /** @return how long to wait before asking Kafka again */
    Duration failed(RuntimeException error) {
        if (backoff.failures() == 0) {
            LOG.warn("Kafka does not answer ({}); apply waits and retries, nothing is skipped", error.getMessage());
        }
        stats.waiting("Kafka does not answer: " + error.getMessage());
        return backoff.nextDelay();
    }

    /** A turn of the loop went through: Kafka answers (again). */
    void answered() {
        if (backoff.failures() > 0) {
            LOG.info("Kafka answers again after {} failed attempts; apply resumed", backoff.failures());
            stats.waiting(null);
            backoff.reset();
        }
    }
}
