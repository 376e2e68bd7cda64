package com.tradeul.metasync.devtools.bench;

import java.util.Locale;

/** Which Redis the bench measures metasync against: {@code --redis single|cluster|both}. */
public enum RedisTarget {
    SINGLE, CLUSTER, BOTH;

    boolean single() {
        return this != CLUSTER;
    }

    boolean cluster() {
        return this != SINGLE;
    }

    /**
     * @throws IllegalArgumentException naming the known targets
     */
    public static RedisTarget parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown --redis '" + name.trim() + "'. Fix: use single, cluster or both");
        }
    }
}
