package com.tradeul.metasync.capture;

/** The Debezium engine stopped with an error; the message is Debezium's own. */
public final class CaptureFailedException extends RuntimeException {
    public CaptureFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
