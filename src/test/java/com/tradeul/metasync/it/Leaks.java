package com.tradeul.metasync.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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

    /** Fails naming the source and the lines of any secret found; also checks that something was collected at all. */
    void assertNoneOf(String... secrets) {
        assertThat(collected.values().stream().mapToInt(String::length).sum()).as("bytes collected").isPositive();
        collected.forEach((source, text) -> assertNoSecretIn(source, text, List.of(secrets)));
    }

    static void assertNoSecretIn(String text, List<String> secrets) {
        assertNoSecretIn("metasync's output", text, secrets);
    }
    /** Fails with the lines that hold a secret, each secret shown as {@code <secret n>}, so the report shows where, not what. */
    static void assertNoSecretIn(String source, String text, List<String> secrets) {
        List<String> leaks = new ArrayList<>();
        for (String line : text.split("\n")) {
            String masked = line;
            for (int i = 0; i < secrets.size(); i++) {
                masked = masked.replace(secrets.get(i), "<secret " + i + ">");
            }
            if (!masked.equals(line)) {
                leaks.add(masked);
            }
        }
        assertThat(leaks).as("lines of " + source + " that hold a secret").isEmpty();
    }

}
