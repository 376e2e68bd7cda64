package com.tradeul.metasync.apply;

import java.util.List;

/**
 * Where the source position that fences a row key is kept: a companion key in the row key's hash
 * slot (so a Redis Cluster writes both in one script call on the slot's master, {@link
 * ClusterRedisWriter}), and under a prefix of its own, so a table's key pattern never matches it.
 * Pure.
 */
public final class FenceKeys {

    static final String PREFIX = "lsn:";

    private FenceKeys() {}

    /**
     * {@code lsn:{metadata:ticker:AAPL}} for a key without a hash tag (the braces make Redis hash
     * the whole row key); {@code lsn:user:{42}} for a key that has one (the same tag, the same slot).
     */
    public static String of(String key) {
        return hasHashTag(key) ? PREFIX + key : PREFIX + "{" + key + "}";
    }

    /** SCAN patterns covering the fence keys of the row keys matching {@code rowPattern}. */
    public static List<String> patternsFor(String rowPattern) {
        return List.of(PREFIX + "\\{" + rowPattern + "\\}", PREFIX + rowPattern);
    }

    /**
     * A position as the fence holds it: its decimal digits, which Redis keeps as an integer (a fence
     * key then costs 72 bytes instead of 104 for 20 zero-padded digits: bench, fence layouts).
     * {@code fenced-writes.lua} compares them as numbers (the longer is the larger, else text order)
     * and reads the 20-digit fences written before the same way. A negative value is not a source
     * position: empty, i.e. unknown (the write is not fenced and leaves the fence as it is).
     */
    public static String position(long position) {
        return position < 0 ? "" : Long.toString(position);
    }

    /** Redis's rule: the first '{' followed later by a '}' with something in between. */
    static boolean hasHashTag(String key) {
        int open = key.indexOf('{');
        if (open < 0) {
            return false;
        }
        int close = key.indexOf('}', open + 1);
        return close > open + 1;
    }
}
