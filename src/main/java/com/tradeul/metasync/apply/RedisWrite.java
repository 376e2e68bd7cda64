package com.tradeul.metasync.apply;

import java.util.Objects;

/** What one change does to Redis. */
public sealed interface RedisWrite {

    String key();

    /** SET key to the row's JSON. */
    record Upsert(String key, byte[] json) implements RedisWrite {
        public Upsert {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(json, "json");
        }
    }

    /** DEL key: the row is gone. */
    record Delete(String key) implements RedisWrite {
        public Delete {
            Objects.requireNonNull(key, "key");
        }
    }
}
