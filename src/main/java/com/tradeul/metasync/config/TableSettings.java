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

    /** Names relative to {@code tables.<schema.table>.}. */
    public static final Definition DEFINITION = new Definition("Per table", new ConfigDef()
            .define(KEY_TEMPLATE, STRING, null, Expect.parsedBy(KeyTemplate::parse,
                    "a key template over primary-key columns, e.g. metadata:ticker:{symbol}"), HIGH,
                    "Redis key of each row. Default: metadata:ticker:{symbol} for public.ticker_metadata, "
                            + "<table>:<key values joined by :> for any other table.")
            .define(TRUNCATE, STRING, "delete", Expect.oneOf("delete", "ignore"), MEDIUM,
                    "What a TRUNCATE does: delete every key of the table, or ignore it."));

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

    public TruncatePolicy truncate() {
        return TruncatePolicy.valueOf(string(TRUNCATE).toUpperCase(Locale.ROOT));
    }
}
