package com.tradeul.metasync.replay;

/**
 * Decides, for one partition, where apply must read from given what Redis holds. Pure.
 * Redis's stored offset is the truth: it was written with the rows it covers.
 */
public final class RedisPositionPolicy {

    /** Why apply replays, in a few words that metrics can label by (the reason text holds the offsets). */
    public enum ReplayCause {
        REDIS_EMPTY("redis_empty"), REDIS_ROLLED_BACK("redis_rolled_back"), REBUILD("rebuild");

        private final String label;

        ReplayCause(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** What to do with a partition. */
    public sealed interface Decision {
        /** Keep reading where the consumer is. */
        record Continue() implements Decision {}

        /** Seek to {@code offset} and apply from there; {@code reason} says why, for the log. */
        record Seek(long offset, String reason, boolean lostData) implements Decision {
            /** Only meaningful when {@code lostData}. */
            public ReplayCause cause() {
                return reason.startsWith("Redis holds no offsets") ? ReplayCause.REDIS_EMPTY : ReplayCause.REDIS_ROLLED_BACK;
            }
        }

        /** Redis lost rows whose tombstones compaction may have dropped: clear the table's keys and replay it all. */
        record Rebuild(long offset, String reason) implements Decision {}
    }

    private RedisPositionPolicy() {}

    /**
     * @param stored the next offset Redis holds, null when it holds none
     * @param position where the consumer is
     * @param beginning the partition's first offset
     * @param oldestSafe the first offset whose tombstones are certainly still in the topic
     *     (records younger than delete.retention.ms); replaying from before it over old keys can
     *     leave keys whose row was deleted
     */
    public static Decision decide(Long stored, long position, long beginning, long oldestSafe) {
        if (stored == null) {
            return position > beginning
                    ? new Decision.Seek(beginning, "Redis holds no offsets (empty, wiped, or its table rebuilt by a member):"
                            + " replaying the whole partition", true)
                    : new Decision.Continue();
        }
        if (stored < position) {
            long from = Math.max(stored, beginning);
            if (from < oldestSafe) {
                return new Decision.Rebuild(beginning, "Redis went back to offset " + stored + " (restored from an older snapshot),"
                        + " before the tombstones the topic still retains (from offset " + oldestSafe + "): rebuilding the table");
            }
            return new Decision.Seek(from, "Redis went back to offset " + stored + " while apply was at " + position
                    + " (restored from an older snapshot, or a replay was asked for): replaying the gap", true);
        }
        if (stored > position) {
            return new Decision.Seek(stored, "Redis already holds changes up to offset " + stored, false);
        }
        return new Decision.Continue();
    }
}
