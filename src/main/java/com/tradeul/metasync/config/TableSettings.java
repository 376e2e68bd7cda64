package com.tradeul.metasync.config;

import static org.apache.kafka.common.config.ConfigDef.Importance.HIGH;
import static org.apache.kafka.common.config.ConfigDef.Importance.MEDIUM;
import static org.apache.kafka.common.config.ConfigDef.Type.STRING;

import com.tradeul.metasync.normalize.KeyTemplate;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.ConfigDef;

/** One captured table's settings, named {@code tables.<schema.table>.<setting>}. */
public final class TableSettings extends SettingsGroup {

    public static final String PREFIX = "tables.";
    public static final String KEY_TEMPLATE = "key-template";
    public static final String TRUNCATE = "truncate";
    public static final String ON_UNCONVERTIBLE = "on-unconvertible";

    /** The key template of the scanner's table, as the old copy job wrote it. */
    static final Map<TableId, String> BUILT_IN_KEY_TEMPLATES =
            Map.of(new TableId("public", "ticker_metadata"), "metadata:ticker:{symbol}");

    /** What a TRUNCATE of a table does to its Redis keys. */
    public enum TruncatePolicy {
        /** Delete every key of the table (found with SCAN on the key template's pattern): Redis mirrors PostgreSQL. */
        DELETE,
        /** Keep the keys: Redis keeps the rows PostgreSQL no longer has. */
        IGNORE
    }

    /** What happens to a row capture cannot carry exactly (its value goes to the dead-letter topic in every case). */
    public enum OnUnconvertible {
        /** Delete the row's key: Redis serves nothing stale. */
        DELETE,
        /** Keep the key's last good value. */
        KEEP,
        /** Stop capture, as before there was a choice. */
        STOP
    }

    /** Names relative to {@code tables.<schema.table>.}. */
    public static final Definition DEFINITION = new Definition("Per table", new ConfigDef()
            .define(KEY_TEMPLATE, STRING, null, Expect.parsedBy(KeyTemplate::parse,
                    "a key template over primary-key columns, e.g. metadata:ticker:{symbol}"), HIGH,
                    "Redis key of each row. Default: metadata:ticker:{symbol} for public.ticker_metadata, "
                            + "<table>:<key values joined by :> for any other table.")
            .define(TRUNCATE, STRING, "delete", Expect.oneOf("delete", "ignore"), MEDIUM,
                    "What a TRUNCATE does: delete every key of the table, or ignore it.")
            .define(ON_UNCONVERTIBLE, STRING, "delete", Expect.oneOf("delete", "keep", "stop"), MEDIUM,
                    "A row with a value capture cannot carry exactly goes to the dead-letter topic with the reason and the value's "
                            + "text, and every other row keeps flowing; its Redis key is then deleted (delete: nothing stale is served), "
                            + "kept with its last good value (keep), or capture stops (stop). Health is DEGRADED naming the key until "
                            + "the row changes to something carriable."));

    private final TableId table;

    TableSettings(TableId table, Map<String, Object> values) {
        super(values);
        this.table = table;
    }

    public static String name(TableId table, String setting) {
        return PREFIX + table + "." + setting;
    }

    /** The configured or built-in template; empty: the default {@code <table>:<key values>}. */
    public Optional<KeyTemplate> keyTemplate() {
        String template = string(KEY_TEMPLATE);
        if (template.isEmpty()) {
            template = BUILT_IN_KEY_TEMPLATES.getOrDefault(table, "");
        }
        return template.isEmpty() ? Optional.empty() : Optional.of(KeyTemplate.parse(template));
    }

    public OnUnconvertible onUnconvertible() {
        return OnUnconvertible.valueOf(string(ON_UNCONVERTIBLE).toUpperCase(Locale.ROOT));
    }

    public TruncatePolicy truncate() {
        return TruncatePolicy.valueOf(string(TRUNCATE).toUpperCase(Locale.ROOT));
    }
}
