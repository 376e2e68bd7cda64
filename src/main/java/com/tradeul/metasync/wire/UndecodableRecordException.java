package com.tradeul.metasync.wire;

/** A Kafka record that can never be turned into a {@link ChangeEvent}: a poison record for the dead-letter topic. */
public final class UndecodableRecordException extends RuntimeException {
    public UndecodableRecordException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
