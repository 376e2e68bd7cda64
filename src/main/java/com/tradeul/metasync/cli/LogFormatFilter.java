package com.tradeul.metasync.cli;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.Locale;

/**
 * Lets an appender write only when it is the log format chosen with {@code METASYNC_LOG_FORMAT}
 * ({@code text}, the default, or {@code json}). Both appenders stay configured, so logback has
 * nothing to warn about whichever is chosen.
 */
public final class LogFormatFilter extends Filter<ILoggingEvent> {

    private String format = "text";
    private boolean chosen;

    /** Set from logback.xml: the format this appender writes. */
    public void setFormat(String format) {
        this.format = format;
    }

    @Override
    public void start() {
        String wanted = System.getenv().getOrDefault("METASYNC_LOG_FORMAT", "text").trim().toLowerCase(Locale.ROOT);
        chosen = format.equals(wanted) || format.equals("text") && !wanted.equals("json");
        super.start();
    }

    @Override
    public FilterReply decide(ILoggingEvent event) {
        return chosen ? FilterReply.NEUTRAL : FilterReply.DENY;
    }
}
