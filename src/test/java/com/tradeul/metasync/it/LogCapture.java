package com.tradeul.metasync.it;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import org.slf4j.LoggerFactory;

/**
 * Every log line of this JVM while open, exceptions included, to look for secrets in. Debezium logs
 * at INFO meanwhile, so its connector configuration (logged at task start, passwords masked) is
 * among them. Thread safe: appenders are called from any thread.
 */
final class LogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {

    private static final String DEBEZIUM = "io.debezium";

    private final StringBuffer text = new StringBuffer();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final Logger debezium = (Logger) LoggerFactory.getLogger(DEBEZIUM);
    private final Level debeziumLevel = debezium.getLevel();

    private LogCapture() {
        setContext(root.getLoggerContext());
        setName("log-capture");
    }

    static LogCapture open() {
        LogCapture capture = new LogCapture();
        capture.start();
        capture.debezium.setLevel(Level.INFO);
        capture.root.addAppender(capture);
        return capture;
    }

    @Override
    protected void append(ILoggingEvent event) {
        text.append(event.getLevel()).append(' ').append(event.getLoggerName()).append(" - ").append(event.getFormattedMessage()).append('\n');
        if (event.getThrowableProxy() != null) {
            text.append(ThrowableProxyUtil.asString(event.getThrowableProxy())).append('\n');
        }
    }

    String text() {
        return text.toString();
    }

    @Override
    public void close() {
        root.detachAppender(this);
        debezium.setLevel(debeziumLevel);
        stop();
    }
}
