package com.tradeul.metasync.config;

import static org.apache.kafka.common.config.ConfigDef.Importance.HIGH;
import static org.apache.kafka.common.config.ConfigDef.Importance.MEDIUM;
import static org.apache.kafka.common.config.ConfigDef.Type.LIST;
import static org.apache.kafka.common.config.ConfigDef.Type.STRING;

import com.tradeul.metasync.normalize.KeyTemplate;
import com.tradeul.metasync.normalize.NumberMode;
import com.tradeul.metasync.normalize.RowFormat;
import com.tradeul.metasync.normalize.RowShape;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigDef;

/** One captured table's settings, named {@code tables.<schema.table>.<setting>}. */
public final class TableSettings extends SettingsGroup {

    public static final String PREFIX = "tables.";
    public static final String KEY_TEMPLATE = "key-template";
    public static final String TRUNCATE = "truncate";
    public static final String ON_UNCONVERTIBLE = "on-unconvertible";
    public static final String NUMBERS = "numbers";
    public static final String FORMAT = "format";
    public static final String INCLUDE_COLUMNS = "include-columns";
    public static final String EXCLUDE_COLUMNS = "exclude-columns";
    /** Per-column settings: {@value #COLUMN} stands for a column's name, exactly as PostgreSQL spells it. */
    public static final String COLUMN = "<column>";
    public static final String COLUMN_NUMBER = "columns." + COLUMN + ".number";
    public static final String RENAME = "rename." + COLUMN;

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
                            + "the row changes to something carriable.")
            .define(NUMBERS, STRING, "number", Expect.parsedBy(NumberMode::parse, "number or string"), MEDIUM,
                    "How numeric and money values, and integers beyond +/-2^53 (9007199254740992), are written: JSON numbers "
                            + "with every digit (number), or JSON strings of PostgreSQL's digits and scale (string: \"123456789012345678.90\", "
                            + "\"1.500\", \"9007199254740993\"), for readers that parse numbers into doubles (JavaScript's JSON.parse, "
                            + "Python's json.loads, Go's encoding/json). Integers within +/-2^53 stay numbers; NaN/Infinity follow "
                            + "normalize.special-numbers. See \"Numbers for every reader\".")
            .define(FORMAT, STRING, "json", Expect.parsedBy(RowFormat::parse, "json or hash"), MEDIUM,
                    "The Redis type of each row: a string holding the row's JSON object (json, GET), or a hash with a field per "
                            + "column (hash, HGETALL) holding the value's text: strings unquoted, numbers with every digit, arrays and "
                            + "json as JSON text, NULL as no field. numbers, include/exclude-columns and rename apply to both. Changing "
                            + "it while keys exist: verify reports the old keys WRONG (wrong Redis type) and verify --repair rewrites them. "
                            + "See \"Rows as Redis hashes\".")
            .define(INCLUDE_COLUMNS, LIST, "", Expect.any("comma-separated column names"), MEDIUM,
                    "When set, only these columns are written to Redis (in table order); the others stay in Kafka. "
                            + "Not together with exclude-columns. Refused at start naming a column the table does not have.")
            .define(EXCLUDE_COLUMNS, LIST, "", Expect.any("comma-separated column names"), MEDIUM,
                    "Columns never written to Redis (they stay in Kafka). A column the key template names cannot be excluded."));

    /** Names relative to {@code tables.<schema.table>.}, {@value #COLUMN} standing for a column's name. */
    public static final Definition COLUMN_DEFINITION = new Definition("Per column", new ConfigDef()
            .define(COLUMN_NUMBER, STRING, null, Expect.parsedBy(NumberMode::parse, "number or string"), MEDIUM,
                    "The column's number mode, over the table's numbers setting. Default: the table's.")
            .define(RENAME, STRING, null, Expect.text("a field name"), MEDIUM,
                    "The field the column is written under in Redis (the key template still names the PostgreSQL column). "
                            + "Refused at start when the column does not exist, is not written, or its new name is another field's. "
                            + "Per-column settings are read from the settings file and --set, not from environment variables."));

    /** What a {@code tables.<schema.table>.}-relative name means as a per-column setting. */
    public record ColumnSetting(String setting, String column) {}

    private final TableId table;
    /** Per-column values: setting of {@link #COLUMN_DEFINITION} → column → value. */
    private final Map<String, Map<String, Object>> perColumn;

    TableSettings(TableId table, Map<String, Object> values) {
        this(table, values, Map.of());
    }

    TableSettings(TableId table, Map<String, Object> values, Map<String, Map<String, Object>> perColumn) {
        super(values);
        this.table = table;
        Map<String, Map<String, Object>> copy = new LinkedHashMap<>();
        perColumn.forEach((setting, byColumn) -> copy.put(setting, java.util.Collections.unmodifiableMap(new LinkedHashMap<>(byColumn))));
        this.perColumn = java.util.Collections.unmodifiableMap(copy);
    }

    /**
     * The per-column setting a {@code tables.<schema.table>.}-relative name is, e.g.
     * {@code rename.last_price} is {@link #RENAME} of column {@code last_price}; empty for any other name.
     */
    public static Optional<ColumnSetting> columnSetting(String relative) {
        for (String setting : COLUMN_DEFINITION.settings().names()) {
            Matcher m = Pattern.compile(Pattern.quote(setting).replace(COLUMN, "\\E(.+)\\Q")).matcher(relative);
            if (m.matches()) {
                return Optional.of(new ColumnSetting(setting, m.group(1)));
            }
        }
        return Optional.empty();
    }

    public TableId table() {
        return table;
    }

    /** The columns a per-column setting is set for, with its values. */
    public Map<String, Object> perColumn(String setting) {
        return perColumn.getOrDefault(setting, Map.of());
    }

    /** How this table's rows are written: what apply writes and verify expects, from these settings alone. */
    public RowShape rowShape() {
        Map<String, NumberMode> columnNumbers = new LinkedHashMap<>();
        perColumn(COLUMN_NUMBER).forEach((column, mode) -> columnNumbers.put(column, NumberMode.parse(mode.toString())));
        Map<String, String> rename = new LinkedHashMap<>();
        perColumn(RENAME).forEach((column, field) -> rename.put(column, field.toString().trim()));
        return new RowShape(NumberMode.parse(string(NUMBERS)), columnNumbers, new LinkedHashSet<>(list(INCLUDE_COLUMNS)),
                new LinkedHashSet<>(list(EXCLUDE_COLUMNS)), rename, RowFormat.parse(string(FORMAT)));
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
