package com.tradeul.metasync.guard;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The fields of Redis's INFO text ({@code name:value} lines; sections and comments skipped). Pure. */
public record RedisInfo(Map<String, String> fields) {

    public static RedisInfo parse(String text) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : text.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (line.isBlank() || line.startsWith("#") || colon < 0) {
                continue;
            }
            fields.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
        }
        return new RedisInfo(Map.copyOf(fields));
    }

    public Optional<String> get(String name) {
        return Optional.ofNullable(fields.get(name));
    }

    public long number(String name, long absent) {
        try {
            return get(name).map(Long::parseLong).orElse(absent);
        } catch (NumberFormatException e) {
            return absent;
        }
    }

    public boolean flag(String name) {
        return "1".equals(fields.get(name));
    }
}
