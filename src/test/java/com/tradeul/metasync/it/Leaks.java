package com.tradeul.metasync.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;

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
