package com.tradeul.metasync.cli;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;

/**
 * {@code %rootCause} in logback.xml: " (cause: Class: message)" of the innermost exception, or
 * nothing. Debezium logs the same 36-line stack trace every retry while PostgreSQL is down; the
 * operator needs the one line that says why.
 */
public final class RootCauseConverter extends ClassicConverter {

    @Override
    public String convert(ILoggingEvent event) {
        IThrowableProxy root = event.getThrowableProxy();
        if (root == null) {
            return "";
        }
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String type = root.getClassName().substring(root.getClassName().lastIndexOf('.') + 1);
        return " (cause: " + type + (root.getMessage() == null ? "" : ": " + root.getMessage()) + ")";
    }
}
