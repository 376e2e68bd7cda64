package com.tradeul.metasync.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The settings in force, as {@code metasync config} prints them: every setting with its value and
 * where it came from. Secrets are shown as {@code [hidden]}, credentials inside URIs as {@code ***}.
 * Pure.
 */
public final class SettingsDump {

    /** One line of the dump; {@code origin} is {@code default} for a setting nobody gave. */
    public record Entry(String setting, String value, String origin) {}

    public static final String HIDDEN = "[hidden]";

    private SettingsDump() {}

    public static List<Entry> of(MetasyncConfig config) {
        List<Entry> entries = new ArrayList<>();
        Map<String, String> raw = config.raw();
        for (String name : Settings.all().keySet()) {
            entries.add(entry(name, raw.getOrDefault(name, ""), config.origins()));
        }
        Map<String, String> rest = new TreeMap<>(raw);
        Settings.all().keySet().forEach(rest::remove);
        rest.forEach((name, value) -> entries.add(entry(name, value, config.origins())));
        return entries;
    }

    private static Entry entry(String name, String value, Map<String, String> origins) {
        String shown = Settings.isSecret(name) ? (value.isEmpty() ? "" : HIDDEN) : Secrets.redact(value);
        return new Entry(name, shown, origins.getOrDefault(name, "default"));
    }
}
