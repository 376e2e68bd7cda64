package com.tradeul.metasync.apply;

/**
 * One partition's offset move in Redis: from what apply believes Redis holds to the next offset,
 * or, for a {@link #forget}, the removal of the partition's offset whatever Redis holds.
 *
 * @param expected the next offset apply believes Redis holds; null when it believes Redis holds none
 */
public record OffsetAdvance(Long expected, long next) {

    private static final long FORGOTTEN = -1;

    /**
     * Removes the partition's offset unconditionally: a rebuild cleared the table's keys of every
     * partition, so Redis must stop vouching for any of them. The partition's owner (this member or
     * another) then finds no offset and replays it from the beginning, without rebuilding again:
     * "none held" is a plain replay, not a rollback ({@code RedisPositionPolicy}).
     */
    public static OffsetAdvance forget() {
        return new OffsetAdvance(null, FORGOTTEN);
    }

    /** Whether this move removes the partition's offset rather than moving it. */
    public boolean forgets() {
        return next == FORGOTTEN;
    }
}
