package com.tradeul.metasync.guard;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The Redis settings the audit judges: CONFIG GET's answers, or, when this user may not run
 * CONFIG (managed services), the two that INFO also shows ({@code maxmemory_policy},
 * {@code maxmemory}): eviction is what silently loses rows, so it is judged wherever it can be
 * read. Pure.
 *
 * @param values setting → value; a setting missing here could not be read
 * @param unreadable why CONFIG could not be read (e.g. "CONFIG is not permitted for this user"); null when it was
 */
public record AuditedSettings(Map<String, String> values, String unreadable) {

    public AuditedSettings {
        values = Map.copyOf(values);
    }

    public static AuditedSettings fromConfig(Map<String, String> values) {
        return new AuditedSettings(values, null);
    }

    public static AuditedSettings fromInfo(RedisInfo info, String unreadable) {
        Map<String, String> values = new LinkedHashMap<>();
        info.get("maxmemory_policy").ifPresent(v -> values.put("maxmemory-policy", v));
        info.get("maxmemory").ifPresent(v -> values.put("maxmemory", v));
        return new AuditedSettings(values, unreadable);
    }

    public Optional<String> value(String setting) {
        return Optional.ofNullable(values.get(setting));
    }

    /** Whether CONFIG GET answered; when not, only what INFO shows was judged. */
    public boolean configReadable() {
        return unreadable == null;
    }
}
