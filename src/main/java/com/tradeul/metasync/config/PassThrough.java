package com.tradeul.metasync.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Settings handed on to another component under a prefix, e.g. {@code debezium.snapshot.mode}
 * becomes the connector's {@code snapshot.mode}. Their names belong to that component, so metasync
 * does not validate them; it only needs to know them to read them back from environment variables,
 * whose names have lost the difference between {@code .}, {@code -} and {@code _}, and to know
 * which of them are secrets (never printed; also readable from a file, see {@link SecretFiles}).
 *
 * @param knownNames the component's own property names (without the prefix)
 * @param secretNames those of them whose values are secrets (the component's own PASSWORD type)
 */
public record PassThrough(String prefix, String description, Supplier<Set<String>> knownNames, Supplier<Set<String>> secretNames) {

    public boolean covers(String setting) {
        return setting.startsWith(prefix) && setting.length() > prefix.length();
    }

    public boolean isSecret(String setting) {
        return covers(setting) && secretNames.get().contains(setting.substring(prefix.length()));
    }

    /** The given settings this component takes, without the prefix. */
    Map<String, String> of(Map<String, String> given) {
        Map<String, String> properties = new LinkedHashMap<>();
        given.forEach((name, value) -> {
            if (covers(name)) {
                properties.put(name.substring(prefix.length()), value);
            }
        });
        return properties;
    }
}
