package com.tradeul.metasync.capture;

/** A value Debezium delivered that metasync cannot carry exactly: capture must stop, never guess. */
public class UnconvertibleValueException extends RuntimeException {
    public UnconvertibleValueException(String message) {
        super(message);
    }
}
