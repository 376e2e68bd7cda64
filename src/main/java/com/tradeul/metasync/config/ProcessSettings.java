package com.tradeul.metasync.config;

import static org.apache.kafka.common.config.ConfigDef.Importance.MEDIUM;
import static org.apache.kafka.common.config.ConfigDef.Type.STRING;

import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;

/** What this process keeps on its own disk. */
public final class ProcessSettings extends SettingsGroup {

    public static final String DATA_DIR = "data-dir";

    public static final Definition DEFINITION = new Definition("This process", new ConfigDef()
            .define(DATA_DIR, STRING, "metasync-data", Expect.text("a directory path"), MEDIUM,
                    "Directory for the embedded broker's log and capture offsets in file mode."));

    ProcessSettings(Map<String, Object> values) {
        super(values);
    }

    public Path dataDir() {
        return Path.of(string(DATA_DIR));
    }
}
