package com.tradeul.metasync.config;

import static org.apache.kafka.common.config.ConfigDef.Importance.MEDIUM;
import static org.apache.kafka.common.config.ConfigDef.Type.STRING;

import com.tradeul.metasync.normalize.SpecialNumberPolicy;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;

/** How values are rendered as JSON in Redis. */
public final class NormalizeSettings extends SettingsGroup {

    public static final String SPECIAL_NUMBERS = "normalize.special-numbers";

    public static final Definition DEFINITION = new Definition("Values", new ConfigDef()
            .define(SPECIAL_NUMBERS, STRING, "string", Expect.parsedBy(SpecialNumberPolicy::parse, "string or null"), MEDIUM,
                    "How NaN and +/-Infinity, which JSON cannot hold, are written: string (\"NaN\", \"Infinity\", \"-Infinity\") or null."));

    NormalizeSettings(Map<String, Object> values) {
        super(values);
    }

    public SpecialNumberPolicy specialNumbers() {
        return SpecialNumberPolicy.parse(string(SPECIAL_NUMBERS));
    }
}
