package com.tradeul.metasync.apply;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/** What one change (or a run of changes to one key) does to Redis. */
public sealed interface RedisWrite {

    /** The key written, or for {@link DeleteMatching} the pattern. */
    String key();

    /** Unknown source position: the write is not fenced. */
    long UNFENCED = -1;

    /**
     * The source position (PostgreSQL LSN) of the change; a write older than the key's stored
     * position is skipped. {@link #UNFENCED} when unknown.
     */
    default long position() {
        return UNFENCED;
    }

    /** SET key to the row's JSON. */
    record Upsert(String key, byte[] json, long position) implements RedisWrite {
        public Upsert {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(json, "json");
        }
    }

    /**
     * Make key the hash of the row's {@code fields} (field → value text, NULL columns absent), keeping the
     * {@code keptFields} the key's hash holds now (unchanged TOAST columns, which PostgreSQL did not send) and
     * dropping every other field. A key of another type is replaced.
     */
    record HashUpsert(String key, Map<String, byte[]> fields, List<String> keptFields, long position) implements RedisWrite {
        public HashUpsert {
            Objects.requireNonNull(key, "key");
            fields = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(fields));
            keptFields = List.copyOf(keptFields);
        }
    }

    /** DEL key: the row is gone. */
    record Delete(String key, long position) implements RedisWrite {
        public Delete {
            Objects.requireNonNull(key, "key");
        }
    }

    /**
     * SET key to {@code partialJson} completed with the {@code unchangedColumns} of the key's
     * current value: PostgreSQL did not send them (unchanged TOAST). {@code source} is the record
     * to dead-letter if Redis has no current value to complete it from.
     */
    record Merge(String key, byte[] partialJson, List<String> unchangedColumns, IncomingRecord source, long position) implements RedisWrite {
        public Merge {
            Objects.requireNonNull(key, "key");
            unchangedColumns = List.copyOf(unchangedColumns);
        }
    }

    /**
     * The row could not be carried (capture dead-lettered it): delete its key ({@code deleteRow}) or
     * keep the last good value, and mark the key with {@code mark} (why, as JSON) in the hash of
     * such rows, which health and verify read. The next carried change of the key clears the mark.
     */
    record Unconvertible(String key, long position, boolean deleteRow, byte[] mark) implements RedisWrite {
        public Unconvertible {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(mark, "mark");
        }
    }

    /**
     * Delete every key matching a SCAN pattern: unfenced for a rebuild (rows and their fences go), or
     * fenced at a TRUNCATE's {@code position} under the delete policy ({@link FencedTruncate}: rows a
     * newer change wrote stay, the deleted rows' fences move to the TRUNCATE).
     */
    record DeleteMatching(String key, long position) implements RedisWrite {
        public DeleteMatching {
            Objects.requireNonNull(key, "pattern");
        }

        /** A rebuild's deletion: unfenced. */
        public DeleteMatching(String key) {
            this(key, UNFENCED);
        }

        public boolean fenced() {
            return position != UNFENCED;
        }
    }
}
