package com.tradeul.metasync.capture;

import io.debezium.connector.postgresql.PostgresConnectorTask;
import java.util.List;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Debezium's PostgreSQL task, except that a failure no retry can get past stops the engine instead
 * of being retried. Debezium 3.6.1's error handler takes any failure with an SQLException in its
 * causes for a lost connection, and with {@code errors.max.retries=-1} (which capture needs to
 * ride out a PostgreSQL restart) retries it forever: a streamed interval pgjdbc cannot parse would
 * restart the connector every few seconds, each time at the same change, and the engine would
 * never report it. The failures {@link CaptureFailures#cannotBeRetried} knows are turned into the
 * non-retriable kind, so the engine stops and hands them to capture's completion callback, which
 * explains them; every other failure is retried as before. Used by Debezium's engine thread only.
 */
public final class StoppingPostgresConnectorTask extends PostgresConnectorTask {

    @Override
    public List<SourceRecord> doPoll() throws InterruptedException {
        try {
            return super.doPoll();
        } catch (RetriableException e) {
            if (CaptureFailures.cannotBeRetried(e)) {
                throw new ConnectException("capture stopped on a change no retry can get past", e.getCause() == null ? e : e.getCause());
            }
            throw e;
        }
    }
}
