package com.tradeul.metasync.it;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Everything metasync printed, logged or served during a test, by where it came from, so that a
 * test can check that no secret is in any of it. Not thread safe.
 */
final class Leaks {

    private final Map<String, String> collected = new LinkedHashMap<>();

    /** Keeps {@code text} (stdout, a log, a page) under {@code source}; returns it for further checks. */
    String keep(String source, String text) {
        collected.merge(source, text, (a, b) -> a + "\n" + b);
        return text;
    }

    CliRunner.Outcome keep(String source, CliRunner.Outcome outcome) {
        keep(source, outcome.out() + "\n" + outcome.err());
        return outcome;
    }

    /** Keeps what this JVM logs (every logger, at the levels configured) until closed, under {@code source}. */
    AutoCloseable logs(String source) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%logger %msg%n%ex");
        encoder.start();
        OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
        appender.setContext(context);
        appender.setEncoder(encoder);
        appender.setOutputStream(bytes);
        appender.start();
        root.addAppender(appender);
        return () -> {
            root.detachAppender(appender);
            appender.stop();
            keep(source, bytes.toString(StandardCharsets.UTF_8));
        };
    }

    /** Fails naming the source of any secret found; also checks that something was collected at all. */
    void assertNoneOf(String... secrets) {
        assertThat(collected.values().stream().mapToInt(String::length).sum()).as("bytes collected").isPositive();
        collected.forEach((source, text) -> {
            for (String secret : secrets) {
                assertThat(text).as("a secret in " + source).doesNotContain(secret);
            }
        });
    }
}
