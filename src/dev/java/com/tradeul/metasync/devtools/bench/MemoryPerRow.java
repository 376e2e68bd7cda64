package com.tradeul.metasync.devtools.bench;

import java.util.List;
import java.util.Map;

/**
 * Redis memory per row after metasync wrote a table, next to a bare SET of the same keys and JSON
 * values in the same Redis: the cost of what metasync keeps beside each row (its fence, the
 * offsets). A database's memory is {@link #databaseBytes}: what {@code MEMORY USAGE} counts per key
 * (its value, name, dictionary entry and object header), plus the main dictionary's bucket array,
 * which grows with the number of keys (a fence key per row doubles it) and which {@code MEMORY
 * USAGE} leaves out. Pure.
 *
 * @param metasyncBytes the database metasync wrote, every key in it (rows, fences, offsets, marks)
 * @param baselineBytes the database the bare SETs went into
 */
record MemoryPerRow(long rows, long metasyncBytes, long baselineBytes) {

    static final String METASYNC = "memoryPerRowBytes";
    static final String BASELINE = "bareSetMemoryPerRowBytes";
    static final String RATIO = "memoryPerRowRatio";

    MemoryPerRow {
        if (rows <= 0) {
            throw new IllegalArgumentException("memory per row needs rows, had " + rows);
        }
    }

    double metasyncPerRow() {
        return (double) metasyncBytes / rows;
    }

    double baselinePerRow() {
        return (double) baselineBytes / rows;
    }

    /** metasync's bytes per row ÷ the bare SET's: 1.0 would mean nothing kept beside the rows. */
    double ratio() {
        return Summary.ratio(metasyncPerRow(), baselinePerRow());
    }

    /** The figures as a scenario's checks, for the JSON and {@link MarkdownTable}. */
    Map<String, Object> checks() {
        return Map.of(METASYNC, metasyncPerRow(), BASELINE, baselinePerRow(), RATIO, ratio());
    }

    /**
     * What {@code MEMORY STATS}' {@code overhead.hashtable.main} counts per key besides the bucket
     * array: a dictionary entry (24 bytes) and an object header (16) on 64-bit Redis 7.0, both also in
     * {@code MEMORY USAGE}'s figure of the key. Checked on 7.0.15: 1 key gives 72 (40 + 4 buckets of
     * 8 bytes), 1,000 keys 48,192 (40,000 + 1,024 × 8).
     */
    static final long ENTRY_AND_OBJECT_BYTES = 40;

    /** Keys' own memory plus the main dictionary's bucket array of that database. */
    static long databaseBytes(long keyBytes, long bucketArrayBytes) {
        return keyBytes + bucketArrayBytes;
    }

    /** The main dictionary's bucket array, from {@code overhead.hashtable.main} and the number of keys. */
    static long bucketArrayBytes(long mainHashtableOverhead, long keys) {
        return mainHashtableOverhead - keys * ENTRY_AND_OBJECT_BYTES;
    }

    /**
     * Whether a bucket array is one table of a power of two buckets: Redis resizes its dictionary
     * incrementally, and while it does, both the old table and the new one (twice as large) are
     * counted, which reads as up to half as much again.
     */
    static boolean oneTable(long bucketArrayBytes) {
        return bucketArrayBytes == 0 || (bucketArrayBytes > 0 && bucketArrayBytes % 8 == 0 && Long.bitCount(bucketArrayBytes / 8) == 1);
    }

    /**
     * The table a growing dictionary keeps once resized: the larger of the two counted while it
     * resizes. Redis does not resize while a child process runs (the AOF rewrite that loading a
     * table under AOF starts), so a wait for {@link #oneTable} can run out.
     */
    static long grownTable(long bucketArrayBytes) {
        return oneTable(bucketArrayBytes) || bucketArrayBytes < 0 ? bucketArrayBytes : Long.highestOneBit(bucketArrayBytes / 8) * 8;
    }

    /**
     * The {@code overhead.hashtable.main} of database {@code db} in a {@code MEMORY STATS} reply (a
     * flat list of names and values, {@code db.N} holding a nested one); 0 when the database is empty
     * (Redis then lists no {@code db.N}).
     */
    static long mainHashtableOverhead(List<?> memoryStats, int db) {
        String name = "db." + db;
        for (int i = 0; i + 1 < memoryStats.size(); i += 2) {
            if (name.equals(text(memoryStats.get(i))) && memoryStats.get(i + 1) instanceof List<?> fields) {
                for (int j = 0; j + 1 < fields.size(); j += 2) {
                    if ("overhead.hashtable.main".equals(text(fields.get(j))) && fields.get(j + 1) instanceof Number n) {
                        return n.longValue();
                    }
                }
            }
        }
        return 0;
    }

    private static String text(Object value) {
        return value instanceof byte[] bytes ? new String(bytes, java.nio.charset.StandardCharsets.UTF_8) : String.valueOf(value);
    }
}
