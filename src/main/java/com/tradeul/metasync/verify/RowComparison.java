package com.tradeul.metasync.verify;

import com.tradeul.metasync.normalize.RowMerger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compares the JSON metasync would write for a row with what Redis holds, column by column and
 * byte for byte (so a changed last digit or scale is a difference; member order is not, since a
 * row completed from unchanged TOAST columns has them last). Pure and thread safe.
 */
public final class RowComparison {

    private RowComparison() {}

    /** @param actual null when the key is missing */
    public static List<Difference> compare(String key, byte[] expected, byte[] actual) {
        if (actual == null) {
            return List.of(new Difference(Difference.Kind.MISSING, key, null, text(expected), null));
        }
        if (Arrays.equals(expected, actual)) {
            return List.of();
        }
        Map<String, byte[]> want = RowMerger.rawMembers(expected);
        Map<String, byte[]> have;
        try {
            have = RowMerger.rawMembers(actual);
        } catch (IllegalArgumentException e) {
            return List.of(new Difference(Difference.Kind.WRONG, key, null, text(expected), text(actual)));
        }
        Set<String> columns = new LinkedHashSet<>(want.keySet());
        columns.addAll(have.keySet());
        List<Difference> differences = new ArrayList<>();
        for (String column : columns) {
            byte[] w = want.get(column);
            byte[] h = have.get(column);
            if (w == null || h == null || !Arrays.equals(w, h)) {
                differences.add(new Difference(Difference.Kind.WRONG, key, column, text(w), text(h)));
            }
        }
        return differences;
    }

    /**
     * As {@link #compare(String, byte[], byte[])}, for a row some columns of which PostgreSQL's text
     * could not be read exactly of ({@code expected} leaves them out): each of those is WRONG with
     * the reason, whatever Redis holds, and the other columns are compared as usual.
     *
     * @param unreadable column → why its value could not be read
     */
    public static List<Difference> compare(String key, byte[] expected, byte[] actual, Map<String, String> unreadable) {
        if (unreadable.isEmpty()) {
            return compare(key, expected, actual);
        }
        Map<String, byte[]> have = actual == null ? Map.of() : membersOrNone(actual);
        List<Difference> differences = new ArrayList<>();
        unreadable.forEach((column, reason) -> differences.add(new Difference(Difference.Kind.WRONG, key, column,
                "(cannot be read exactly: " + reason + ")", text(have.get(column)))));
        if (actual != null) {
            for (Difference d : compare(key, expected, actual)) {
                if (d.column() == null || !unreadable.containsKey(d.column())) {
                    differences.add(d);
                }
            }
        }
        return differences;
    }

    private static Map<String, byte[]> membersOrNone(byte[] json) {
        try {
            return RowMerger.rawMembers(json);
        } catch (IllegalArgumentException e) {
            return Map.of();
        }
    }

    private static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }
}
