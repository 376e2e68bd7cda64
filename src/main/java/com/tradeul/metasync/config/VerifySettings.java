package com.tradeul.metasync.config;

import static org.apache.kafka.common.config.ConfigDef.Importance.MEDIUM;
import static org.apache.kafka.common.config.ConfigDef.Type.INT;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;

/** The drift check {@code run} makes on a schedule. */
public final class VerifySettings extends SettingsGroup {

    public static final String INTERVAL_SECONDS = "verify.interval-seconds";
    public static final String SAMPLE_SIZE = "verify.sample-size";

    public static final Definition DEFINITION = new Definition("Drift check", new ConfigDef()
            .define(INTERVAL_SECONDS, INT, 300, Expect.between(0, 86_400 * 7, "seconds from 0 to 604800"), MEDIUM,
                    "How often run checks a sample of each table against PostgreSQL (0 = never).")
            .define(SAMPLE_SIZE, INT, 1000, Expect.between(1, 10_000_000, "a whole number >= 1"), MEDIUM,
                    "Rows per table in each scheduled drift check."));

    VerifySettings(Map<String, Object> values) {
        super(values);
    }

    /** Zero: no scheduled drift check. */
    public Duration interval() {
        return Duration.ofSeconds(integer(INTERVAL_SECONDS));
    }

    public int sampleSize() {
        return integer(SAMPLE_SIZE);
    }
}
