package com.tradeul.metasync.config;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/** Suggests the known name closest to a misspelt one ("did you mean ...?"). Pure. */
final class SpellingHint {

    private SpellingHint() {}

    static Optional<String> nearest(String typed, Collection<String> known) {
        return known.stream()
                .filter(k -> distance(typed, k) <= Math.max(2, k.length() / 4))
                .min(Comparator.comparingInt(k -> distance(typed, k)));
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
