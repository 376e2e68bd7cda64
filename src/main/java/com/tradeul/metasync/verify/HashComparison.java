package com.tradeul.metasync.verify;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compares the hash fields metasync would write for a row with the hash Redis holds, field by field
 * and byte for byte: a changed digit, a field too many (a dropped column, a column now NULL) or too few
 * is a difference; field order is not. Pure and thread safe.
 */
final class HashComparison {

    private HashComparison() {}

    /**
     * @param expected   field → value text, NULL columns absent ({@code HashFields#of})
     * @param actual     the key's fields; empty when the key is missing
     * @param unreadable field → why PostgreSQL's value of it could not be read exactly ({@code expected} lacks it):
     *                   WRONG with the reason, whatever Redis holds
     */
    static List<Difference> compare(String key, Map<String, byte[]> expected, Map<String, byte[]> actual, Map<String, String> unreadable) {
        List<Difference> differences = new ArrayList<>();
        unreadable.forEach((field, reason) -> differences.add(new Difference(Difference.Kind.WRONG, key, field,
                "(cannot be read exactly: " + reason + ")", text(actual.get(field)))));
        if (actual.isEmpty()) {
            if (unreadable.isEmpty()) {
                differences.add(new Difference(Difference.Kind.MISSING, key, null, describe(expected), null));
            }
            return differences;
        }
        Set<String> fields = new LinkedHashSet<>(expected.keySet());
        fields.addAll(actual.keySet());
        for (String field : fields) {
            byte[] want = expected.get(field);
            byte[] have = actual.get(field);
            if (!unreadable.containsKey(field) && (want == null || have == null || !Arrays.equals(want, have))) {
                differences.add(new Difference(Difference.Kind.WRONG, key, field, text(want), text(have)));
            }
        }
        return differences;
    }

    /** The fields as one line, for a missing key's report. */
    static String describe(Map<String, byte[]> fields) {
        StringBuilder line = new StringBuilder();
        fields.forEach((field, value) -> line.append(line.length() == 0 ? "" : " ").append(field).append('=').append(text(value)));
        return line.toString();
    }

    private static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }
}
