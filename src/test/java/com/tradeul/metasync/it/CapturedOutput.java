package com.tradeul.metasync.it;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Everything this JVM logs and prints while it is open: every log event at INFO and above (Kafka's
 * clients and Debezium included, whose configuration dumps are INFO), with stack traces, and all of
 * System.out and System.err. For asserting that no secret is ever said. The console keeps showing
 * only what logback-test.xml lets through. Open one at a time.
 */
final class CapturedOutput implements AutoCloseable {

    /** Loggers raised to INFO while capturing; logback-test.xml keeps them quieter. */
    private static final List<String> RAISED = List.of(Logger.ROOT_LOGGER_NAME, "org.apache.kafka", "io.debezium", "kafka");

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    private final Map<String, Level> configured = new HashMap<>();
    private final OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
    private final PrintStream out = System.out;
    private final PrintStream err = System.err;

    private CapturedOutput() {
        context.getLoggerList().stream().filter(l -> l.getLevel() != null).forEach(l -> configured.put(l.getName(), l.getLevel()));
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%level %logger - %msg%n%ex{full}");
        encoder.start();
        appender.setContext(context);
        appender.setEncoder(encoder);
        appender.setOutputStream(bytes);
        appender.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.addAppender(appender);
        root.iteratorForAppenders().forEachRemaining(a -> {
            if (a != appender) {
                a.addFilter(new AsConfigured());
            }
        });
        RAISED.forEach(name -> context.getLogger(name).setLevel(Level.INFO));
        System.setOut(new PrintStream(new Tee(out, bytes), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new Tee(err, bytes), true, StandardCharsets.UTF_8));
    }

    static CapturedOutput start() {
        return new CapturedOutput();
    }

    /** All that was captured so far. */
    String text() {
        synchronized (bytes) {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() {
        System.setOut(out);
        System.setErr(err);
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.detachAppender(appender);
        appender.stop();
        root.iteratorForAppenders().forEachRemaining(Appender::clearAllFilters);
        RAISED.forEach(name -> context.getLogger(name).setLevel(configured.get(name)));
    }

    /** The level logback-test.xml gives a logger: that of its nearest configured ancestor. */
    private Level configuredLevel(String logger) {
        for (String name = logger; ; name = name.substring(0, Math.max(0, name.lastIndexOf('.')))) {
            Level level = configured.get(name.isEmpty() ? Logger.ROOT_LOGGER_NAME : name);
            if (level != null) {
                return level;
            }
            if (name.isEmpty()) {
                return Level.WARN;
            }
        }
    }

    /** Keeps the console as quiet as configured while the levels are raised for the capture. */
    private final class AsConfigured extends Filter<ILoggingEvent> {
        @Override
        public FilterReply decide(ILoggingEvent event) {
            return event.getLevel().isGreaterOrEqual(configuredLevel(event.getLoggerName())) ? FilterReply.NEUTRAL : FilterReply.DENY;
        }
    }

    /** Writes to the original stream and to the capture. */
    private static final class Tee extends OutputStream {
        private final PrintStream original;
        private final ByteArrayOutputStream copy;

        Tee(PrintStream original, ByteArrayOutputStream copy) {
            this.original = original;
            this.copy = copy;
        }

        @Override
        public void write(int b) {
            synchronized (copy) {
                copy.write(b);
            }
            original.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            synchronized (copy) {
                copy.write(b, off, len);
            }
            original.write(b, off, len);
        }

        @Override
        public void flush() {
            original.flush();
        }
    }
}
