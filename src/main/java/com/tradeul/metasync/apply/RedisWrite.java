package com.tradeul.metasync.apply;

import java.util.List;
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

    /** Delete every key matching a SCAN pattern: a TRUNCATE of the table under the delete policy. */
    record DeleteMatching(String key) implements RedisWrite {
        public DeleteMatching {
            Objects.requireNonNull(key, "pattern");
        }
    }
}
