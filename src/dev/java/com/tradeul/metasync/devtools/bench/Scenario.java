package com.tradeul.metasync.devtools.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The scenarios {@code metasync bench} knows, by the name used on the command line and in results. */
public enum Scenario {
    SNAPSHOT, REBUILD, LATENCY, THROUGHPUT, VERIFY;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses names such as {@code snapshot,latency}; an empty list means all.
     *
     * @throws IllegalArgumentException naming the unknown scenario and the known ones
     */
    public static Set<Scenario> parse(List<String> names) {
        if (names.isEmpty()) {
            return EnumSet.allOf(Scenario.class);
        }
        Set<Scenario> chosen = EnumSet.noneOf(Scenario.class);
        for (String name : names) {
            String trimmed = name.trim().toUpperCase(Locale.ROOT);
            try {
                chosen.add(valueOf(trimmed));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown scenario '" + name.trim() + "'. Fix: use one or more of " + known());
            }
        }
        return chosen;
    }

    static String known() {
        List<String> labels = new ArrayList<>();
        Arrays.stream(values()).forEach(s -> labels.add(s.label()));
        return String.join(",", labels);
    }
}
