package com.tradeul.metasync.config;

import static org.apache.kafka.common.config.ConfigDef.Importance.HIGH;
import static org.apache.kafka.common.config.ConfigDef.Importance.MEDIUM;
import static org.apache.kafka.common.config.ConfigDef.Type.BOOLEAN;
import static org.apache.kafka.common.config.ConfigDef.Type.INT;
import static org.apache.kafka.common.config.ConfigDef.Type.STRING;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;

/** The persistence guard: forced saves and the audit of Redis settings that lose data. */
public final class GuardSettings extends SettingsGroup {

    public static final String MODE = "guard.mode";
    public static final String SAVE_INTERVAL_SECONDS = "guard.save-interval-seconds";
    public static final String SAVE_AFTER_CHANGES = "guard.save-after-changes";
    public static final String SAVE_AFTER_CHANGES_SECONDS = "guard.save-after-changes-seconds";
    public static final String AUDIT_INTERVAL_SECONDS = "guard.audit-interval-seconds";
    public static final String ALLOW_EVICTION = "guard.allow-eviction";

    public static final Definition DEFINITION = new Definition("Persistence guard", new ConfigDef()
            .define(MODE, STRING, "warn", Expect.oneOf("warn", "enforce"), HIGH,
                    "warn: report Redis settings that lose data; enforce: also CONFIG SET the safe value.")
            .define(SAVE_INTERVAL_SECONDS, INT, 300, Expect.between(0, 86_400, "seconds from 0 to 86400"), MEDIUM,
                    "Force and check a BGSAVE at least this often while there are unsaved changes (0 = never).")
            .define(SAVE_AFTER_CHANGES, INT, 10_000, Expect.atLeast(1, "a whole number >= 1"), MEDIUM,
                    "Also force a save after this many applied changes, once guard.save-after-changes-seconds passed since the last.")
            .define(SAVE_AFTER_CHANGES_SECONDS, INT, 60, Expect.between(0, 86_400, "seconds from 0 to 86400"), MEDIUM,
                    "Fewest seconds from one save to a save forced by guard.save-after-changes: Redis's own rule"
                            + " (save 60 10000). Without it a bulk load (snapshot, rebuild) forks one save after another,"
                            + " each writing the whole dataset, on the cores the load needs.")
            .define(AUDIT_INTERVAL_SECONDS, INT, 60, Expect.between(1, 86_400, "seconds from 1 to 86400"), MEDIUM,
                    "How often the Redis settings are audited.")
            .define(ALLOW_EVICTION, BOOLEAN, false, null, MEDIUM,
                    "run refuses to start against a Redis whose maxmemory-policy evicts keys (the old copy job's silent loss), "
                            + "unless guard.mode=enforce (metasync sets noeviction) or this is true (evicted rows are then only "
                            + "healed by replay, and health stays DEGRADED while the policy evicts)."));

    GuardSettings(Map<String, Object> values) {
        super(values);
    }

    public boolean enforce() {
        return string(MODE).equalsIgnoreCase("enforce");
    }

    /** Zero: no forced saves. */
    public Duration saveInterval() {
        return Duration.ofSeconds(integer(SAVE_INTERVAL_SECONDS));
    }

    public boolean allowEviction() {
        return bool(ALLOW_EVICTION);
    }

    public long saveAfterChanges() {
        return integer(SAVE_AFTER_CHANGES);
    }

    public Duration saveAfterChangesGap() {
        return Duration.ofSeconds(integer(SAVE_AFTER_CHANGES_SECONDS));
    }

    public Duration auditInterval() {
        return Duration.ofSeconds(integer(AUDIT_INTERVAL_SECONDS));
    }
}
