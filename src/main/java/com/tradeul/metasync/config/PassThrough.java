package com.tradeul.metasync.config;

import java.util.Set;
import java.util.function.Supplier;

/**
 * Settings handed on to another component under a prefix, e.g. {@code debezium.snapshot.mode}
 * becomes the connector's {@code snapshot.mode}. Their names belong to that component, so metasync
 * does not validate them; it only needs to know them to read them back from environment variables,
 * whose names have lost the difference between {@code .}, {@code -} and {@code _}.
 *
 * @param knownNames the component's own property names (without the prefix)
 */
public record PassThrough(String prefix, String description, Supplier<Set<String>> knownNames) {

    public boolean covers(String setting) {
        return setting.startsWith(prefix) && setting.length() > prefix.length();
    }
}
