package com.tradeul.metasync.devtools.bench;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code redis-cli --pipe} reports when it is done: {@code errors: 0, replies: 1000}. Pure.
 *
 * @param errors  error replies Redis sent
 * @param replies all replies Redis sent
 */
record RedisPipeReply(long errors, long replies) {

    private static final Pattern SUMMARY = Pattern.compile("errors:\\s*(\\d+),\\s*replies:\\s*(\\d+)");

    /** @throws IllegalArgumentException when the output holds no summary line (redis-cli failed early) */
    static RedisPipeReply parse(String output) {
        Matcher m = SUMMARY.matcher(output);
        RedisPipeReply last = null;
        while (m.find()) {
            last = new RedisPipeReply(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)));
        }
        if (last == null) {
            throw new IllegalArgumentException("redis-cli --pipe printed no 'errors: N, replies: N' summary: " + output.strip());
        }
        return last;
    }
}
