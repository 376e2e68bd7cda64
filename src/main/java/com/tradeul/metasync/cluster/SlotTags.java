package com.tradeul.metasync.cluster;

import io.lettuce.core.cluster.SlotHash;

/**
 * A short hash tag for every slot of a Redis Cluster: {@code tag(n)} is the shortest base-36 text
 * whose CRC16 puts a key {@code …{tag}…} in slot n. metasync pins its own per-slot records
 * (offsets, marks) with these, so each lives in the slot of the rows it speaks for, on whichever
 * master owns that slot now, and moves and fails over with them. Pure (Lettuce's {@link SlotHash}
 * is the cluster's CRC16 and nothing more); immutable and thread safe.
 */
public final class SlotTags {

    public static final int SLOTS = SlotHash.SLOT_COUNT;

    private static final String[] TAGS = compute();

    private SlotTags() {}

    /** The tag of slot {@code slot} (0 to 16383), never containing '{' or '}'. */
    public static String tag(int slot) {
        return TAGS[slot];
    }

    /** The slot of a key, by Redis Cluster's rule (the hash tag if it has one). */
    public static int slotOf(String key) {
        return SlotHash.getSlot(key);
    }

    /** {@code prefix{tag}suffix}: a key in {@code slot}, whatever the prefix and suffix hold after the tag. */
    public static String keyIn(int slot, String prefix, String suffix) {
        if (prefix.indexOf('{') >= 0) {
            throw new IllegalArgumentException("the prefix must not hold '{': the slot's tag must be the key's first: " + prefix);
        }
        return prefix + "{" + TAGS[slot] + "}" + suffix;
    }

    // About 160,000 CRC16s of 1-4 character strings until every slot is hit (coupon collector): ~10 ms once.
    private static String[] compute() {
        String[] tags = new String[SLOTS];
        int found = 0;
        for (long n = 0; found < SLOTS; n++) {
            String candidate = Long.toString(n, 36);
            int slot = SlotHash.getSlot(candidate);
            if (tags[slot] == null) {
                tags[slot] = candidate;
                found++;
            }
        }
        return tags;
    }
}
