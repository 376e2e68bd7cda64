package com.tradeul.metasync.clients;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;

/**
 * Drops the Kafka clients' own log lines about a failed authentication (a refused SASL login, a TLS
 * handshake that failed): the call that met it fails, and metasync says so itself, once, naming the
 * setting to fix ({@link KafkaProblems}). Without this a wrong password prints three lines before
 * that one. Every other line of Kafka's clients passes. Thread safe (stateless).
 */
public final class KafkaAuthenticationLogFilter extends Filter<ILoggingEvent> {

    private static final String CLIENTS = "org.apache.kafka.clients.";

    @Override
    public FilterReply decide(ILoggingEvent event) {
        if (!event.getLoggerName().startsWith(CLIENTS)) {
            return FilterReply.NEUTRAL;
        }
        String message = event.getFormattedMessage();
        boolean authentication = (message != null && message.contains("failed authentication due to"))
                || isAuthenticationFailure(event.getThrowableProxy());
        return authentication ? FilterReply.DENY : FilterReply.NEUTRAL;
    }

    private static boolean isAuthenticationFailure(IThrowableProxy thrown) {
        for (IThrowableProxy t = thrown; t != null; t = t.getCause()) {
            if (t.getClassName().startsWith("org.apache.kafka.common.errors.") && t.getClassName().endsWith("AuthenticationException")) {
                return true;
            }
        }
        return false;
    }
}
