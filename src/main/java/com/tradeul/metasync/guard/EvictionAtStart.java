package com.tradeul.metasync.guard;

import com.tradeul.metasync.config.ConfigException;
import java.util.Optional;

/**
 * What {@code run} does at start about a Redis whose maxmemory-policy evicts keys: the seed's
 * second failure (allkeys-lru dropped rows although memory was free, and nobody noticed) is
 * refused unless the user chose otherwise. Pure.
 */
public final class EvictionAtStart {

    /** What to do. */
    public sealed interface Decision {
        /** noeviction, or a policy that cannot be read (managed Redis without CONFIG nor INFO): nothing to do here. */
        record Proceed() implements Decision {}

        /** guard.mode=enforce: set noeviction before any row is written. */
        record Enforce(String policy) implements Decision {}

        /** guard.allow-eviction=true: go on, saying so once. */
        record Accept(String policy) implements Decision {}

        /** Refuse to start, with the fix. */
        record Refuse(ConfigException why) implements Decision {}
    }

    private EvictionAtStart() {}

    /** @param policy maxmemory-policy as CONFIG GET or INFO tells it; empty when neither could */
    public static Decision decide(Optional<String> policy, boolean enforce, boolean allowEviction, String redis) {
        if (policy.isEmpty() || policy.get().equals("noeviction")) {
            return new Decision.Proceed();
        }
        if (enforce) {
            return new Decision.Enforce(policy.get());
        }
        if (allowEviction) {
            return new Decision.Accept(policy.get());
        }
        return new Decision.Refuse(ConfigException.unfit("Redis at " + redis + " has maxmemory-policy " + policy.get()
                + ": when memory is full it evicts keys, silently dropping rows from the copy",
                "CONFIG SET maxmemory-policy noeviction (and in redis.conf), or set guard.mode=enforce to have metasync set it,"
                        + " or guard.allow-eviction=true to accept evictions (rows then come back only by replay)"));
    }
}
