package com.tradeul.metasync.config;

import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.types.Password;

/**
 * One feature's settings: each subclass declares its settings once, in a Kafka {@link ConfigDef}
 * (name, type, default, validator, documentation), and reads them back typed. {@link ConfigLoader}
 * validates every value against that declaration before a subclass is built, so the typed reads
 * here cannot fail. Immutable and thread safe.
 */
public abstract class SettingsGroup {

    /** A group as the loader and the README's reference see it. */
    public record Definition(String title, ConfigDef settings) {}

    private final Map<String, Object> values;

    /** @param values every setting's parsed value (ConfigDef's types), validated */
    protected SettingsGroup(Map<String, Object> values) {
        this.values = Map.copyOf(withoutNulls(values));
    }

    private static Map<String, Object> withoutNulls(Map<String, Object> values) {
        Map<String, Object> copy = new java.util.HashMap<>(values);
        copy.values().removeIf(Objects::isNull);
        return copy;
    }

    protected final String string(String name) {
        Object value = values.get(name);
        return value == null ? "" : value.toString().trim();
    }

    protected final int integer(String name) {
        return (Integer) values.get(name);
    }

    protected final boolean bool(String name) {
        return Boolean.TRUE.equals(values.get(name));
    }

    protected final long longValue(String name) {
        return ((Number) values.get(name)).longValue();
    }

    /** A secret; {@code ""} when none is set. Its {@link Password} form prints as {@code [hidden]}. */
    protected final String secret(String name) {
        Object value = values.get(name);
        return value instanceof Password p ? p.value() : "";
    }

    @SuppressWarnings("unchecked")
    protected final java.util.List<String> list(String name) {
        Object value = values.get(name);
        return value == null ? java.util.List.of() : ((java.util.List<String>) value).stream().map(String::trim).toList();
    }

    /** The same group with one value replaced (already valid): for values metasync learns at start. */
    protected final Map<String, Object> valuesWith(String name, Object value) {
        Map<String, Object> copy = new java.util.HashMap<>(values);
        copy.put(name, value);
        return copy;
    }
}
