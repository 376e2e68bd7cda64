package com.tradeul.metasync.config;

import java.util.Locale;
import java.util.Optional;

/**
 * One documented setting: its name in the properties file, the environment variable that
 * overrides it, its default and what it is for. Values are validated by {@link ConfigLoader}.
 *
 * @param defaultValue null when the setting has no default (it may still be optional)
 */
public record Setting(String name, String defaultValue, String doc) {

    /** {@code postgres.password} is overridden by {@code METASYNC_POSTGRES_PASSWORD}. */
    public String environmentVariable() {
        return environmentVariableFor(name);
    }

    public static String environmentVariableFor(String name) {
        return "METASYNC_" + name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    public Optional<String> defaultIfAny() {
        return Optional.ofNullable(defaultValue);
    }
}
