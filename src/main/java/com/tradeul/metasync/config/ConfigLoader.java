package com.tradeul.metasync.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.types.Password;

/**
 * Builds a {@link MetasyncConfig} from, in rising precedence: defaults, the properties file,
 * {@code METASYNC_*} environment variables ({@link EnvironmentVariables}), and explicit overrides
 * (the CLI's {@code --set}). Every value is checked against its declaration in {@link Settings};
 * every problem is collected and reported at once, each naming the setting and what it accepts.
 */
public final class ConfigLoader {

    private final List<String> problems = new ArrayList<>();

    private ConfigLoader() {}

    public static MetasyncConfig load(Optional<Path> file, Map<String, String> environment, Map<String, String> overrides) {
        return new ConfigLoader().build(file, file.map(ConfigLoader::readFile).orElse(Map.of()), environment, overrides);
    }

    static Map<String, String> readFile(Path path) {
        if (!Files.isRegularFile(path)) {
            throw new ConfigException("configuration file " + path + " does not exist",
                    "pass an existing file with --config, or leave --config out to use defaults and METASYNC_* variables");
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("cannot read configuration file " + path + ": " + e.getMessage(),
                    "check that the file is readable and in Java properties format (key=value per line)");
        }
        Map<String, String> values = new LinkedHashMap<>();
        properties.stringPropertyNames().forEach(k -> values.put(k.trim(), properties.getProperty(k).trim()));
        return values;
    }

    private MetasyncConfig build(Optional<Path> file, Map<String, String> fromFile, Map<String, String> environment,
                                 Map<String, String> overrides) {
        // Per-table variables are read back against the tables being copied, so find those first.
        List<TableId> tables = tablesNamedIn(fromFile, environment, overrides);
        EnvironmentVariables.Result fromEnvironment = EnvironmentVariables.read(environment, knownNames(tables), Settings.PASS_THROUGH);
        problems.addAll(fromEnvironment.problems());
        Map<String, String> layered = new LinkedHashMap<>(fromFile);
        layered.putAll(fromEnvironment.settings());
        layered.putAll(overrides);
        Map<String, String> given = SecretFiles.resolve(layered, problems);

        Map<String, Object> values = new LinkedHashMap<>();
        Settings.all().forEach((name, key) -> values.put(name, parse(key, name, given.get(name))));
        Map<TableId, TableSettings> perTable = perTable(given, tables);
        rejectUnknown(given, tables);
        problems.addAll(KafkaSettings.clientProblems(KafkaSettings.CLIENT.of(given), given.get(KafkaSettings.BOOTSTRAP_SERVERS)));
        if (!problems.isEmpty()) {
            // Every problem at once, so a user fixes their file in one go.
            throw new ConfigException(String.join("; ", problems),
                    "fix the setting(s) named above in the configuration file, a METASYNC_* variable or --set");
        }
        return new MetasyncConfig(new PostgresSettings(values), new KafkaSettings(values, KafkaSettings.CLIENT.of(given)),
                new RedisSettings(values), new ApplySettings(values), new NormalizeSettings(values),
                new CaptureSettings(values, CaptureSettings.DEBEZIUM.of(given)),
                new VerifySettings(values), new GuardSettings(values), new MonitorSettings(values), new ProcessSettings(values),
                perTable, withDefaults(given), origins(file, fromFile, fromEnvironment.variables(), overrides));
    }

    /** Where each given setting came from, for the settings dump; a secret's file form names its file. */
    private static Map<String, String> origins(Optional<Path> file, Map<String, String> fromFile, Map<String, String> variables,
                                               Map<String, String> overrides) {
        Map<String, String> origins = new LinkedHashMap<>();
        fromFile.keySet().forEach(k -> origins.put(k, "file " + file.map(Path::toString).orElse("")));
        variables.forEach((setting, variable) -> origins.put(setting, "environment " + variable));
        overrides.keySet().forEach(k -> origins.put(k, "--set"));
        Map<String, String> named = new LinkedHashMap<>();
        origins.forEach((k, origin) -> {
            boolean secretFile = k.endsWith(SecretFiles.SUFFIX) && Settings.isSecret(k.substring(0, k.length() - SecretFiles.SUFFIX.length()));
            named.put(secretFile ? k.substring(0, k.length() - SecretFiles.SUFFIX.length()) : k,
                    secretFile ? origin + " (" + k + ")" : origin);
        });
        return named;
    }

    /** {@code postgres.tables} as it will be, leniently: an invalid value is reported by validation. */
    private static List<TableId> tablesNamedIn(Map<String, String> file, Map<String, String> environment, Map<String, String> overrides) {
        String text = overrides.getOrDefault(PostgresSettings.TABLES,
                environment.getOrDefault(Settings.environmentVariable(PostgresSettings.TABLES),
                        file.getOrDefault(PostgresSettings.TABLES, String.join(",", defaultTables()))));
        List<TableId> tables = new ArrayList<>();
        for (String part : text.split(",")) {
            try {
                tables.add(TableId.parse(part));
            } catch (IllegalArgumentException e) {
                // reported when postgres.tables is validated
            }
        }
        return tables;
    }

    @SuppressWarnings("unchecked")
    private static List<String> defaultTables() {
        return (List<String>) Settings.all().get(PostgresSettings.TABLES).defaultValue;
    }

    /** Every fixed and per-table setting, with the {@code -file} form of each secret. */
    private static List<String> knownNames(List<TableId> tables) {
        List<String> names = new ArrayList<>(Settings.all().keySet());
        for (TableId table : tables) {
            TableSettings.DEFINITION.settings().names().forEach(s -> names.add(TableSettings.name(table, s)));
        }
        names.addAll(SecretFiles.fileSettings(names));
        return names;
    }

    /** The value parsed to its declared type and validated; null (and a problem) when it is not valid. */
    private Object parse(ConfigDef.ConfigKey key, String name, String text) {
        if (text == null) {
            return key.defaultValue;
        }
        try {
            // A password is taken as given: ConfigDef would trim it.
            Object value = key.type == ConfigDef.Type.PASSWORD ? new Password(text) : ConfigDef.parseType(name, text, key.type);
            if (key.validator != null) {
                key.validator.ensureValid(name, value);
            }
            return value;
        } catch (org.apache.kafka.common.config.ConfigException e) {
            String reason = e instanceof Expect.Refused refused && refused.reason() != null ? " (" + Secrets.redact(refused.reason()) + ")" : "";
            String shown = key.type == ConfigDef.Type.PASSWORD ? "" : " is '" + Secrets.redactValue(text) + "' but";
            problems.add("setting '" + name + "'" + shown + " must be " + key.validator + reason);
            return null;
        }
    }

    private Map<TableId, TableSettings> perTable(Map<String, String> given, List<TableId> tables) {
        Map<TableId, TableSettings> settings = new LinkedHashMap<>();
        for (TableId table : tables) {
            Map<String, Object> values = new LinkedHashMap<>();
            TableSettings.DEFINITION.settings().configKeys().forEach((setting, key) -> {
                String name = TableSettings.name(table, setting);
                values.put(setting, parse(key, name, given.get(name)));
            });
            settings.put(table, new TableSettings(table, values, perColumn(given, table)));
            if (given.containsKey(TableSettings.name(table, TableSettings.INCLUDE_COLUMNS))
                    && given.containsKey(TableSettings.name(table, TableSettings.EXCLUDE_COLUMNS))) {
                problems.add("settings '" + TableSettings.name(table, TableSettings.INCLUDE_COLUMNS) + "' and '"
                        + TableSettings.name(table, TableSettings.EXCLUDE_COLUMNS) + "' are both set; set one of them: "
                        + "include-columns lists the columns written, exclude-columns the columns left out");
            }
        }
        return settings;
    }

    /** The table's per-column settings that are given: setting → column → value, each validated. */
    private Map<String, Map<String, Object>> perColumn(Map<String, String> given, TableId table) {
        String prefix = TableSettings.name(table, "");
        Map<String, Map<String, Object>> values = new LinkedHashMap<>();
        given.forEach((name, text) -> {
            if (name.startsWith(prefix)) {
                TableSettings.columnSetting(name.substring(prefix.length())).ifPresent(s -> {
                    Object value = parse(TableSettings.COLUMN_DEFINITION.settings().configKeys().get(s.setting()), name, text);
                    if (value != null) {
                        values.computeIfAbsent(s.setting(), k -> new LinkedHashMap<>()).put(s.column(), value);
                    }
                });
            }
        });
        return values;
    }

    private void rejectUnknown(Map<String, String> given, List<TableId> tables) {
        List<String> known = knownNames(tables);
        for (String name : given.keySet()) {
            if (known.contains(name) || Settings.PASS_THROUGH.stream().anyMatch(p -> p.covers(name)) || isColumnSetting(name, tables)) {
                continue;
            }
            // A name under a copied table's prefix is a misspelt setting of that table, whatever it ends with.
            boolean ofCopiedTable = tables.stream().anyMatch(t -> name.startsWith(TableSettings.name(t, "")));
            Optional<String> table = ofCopiedTable ? Optional.empty() : perTableOfAnotherTable(name);
            if (table.isPresent()) {
                problems.add("setting '" + name + "' names table '" + table.get() + "', which is not in postgres.tables");
            } else {
                problems.add("unknown setting '" + name + "'"
                        + SpellingHint.nearest(name, known).map(s -> " (did you mean '" + s + "'?)").orElse(""));
            }
        }
    }

    private static boolean isColumnSetting(String name, List<TableId> tables) {
        return tables.stream().anyMatch(t -> name.startsWith(TableSettings.name(t, ""))
                && TableSettings.columnSetting(name.substring(TableSettings.name(t, "").length())).isPresent());
    }

    /** The table a {@code tables.<schema.table>.<setting>} name is about, when the setting exists. */
    private static Optional<String> perTableOfAnotherTable(String name) {
        if (!name.startsWith(TableSettings.PREFIX)) {
            return Optional.empty();
        }
        for (String setting : TableSettings.COLUMN_DEFINITION.settings().names()) {
            String marker = "." + setting.substring(0, setting.indexOf('.') + 1); // ".rename."
            int at = name.indexOf(marker, TableSettings.PREFIX.length());
            if (at > TableSettings.PREFIX.length() && TableSettings.columnSetting(name.substring(at + 1)).isPresent()) {
                return Optional.of(name.substring(TableSettings.PREFIX.length(), at));
            }
        }
        for (String setting : TableSettings.DEFINITION.settings().names()) {
            if (name.endsWith("." + setting) && name.length() > TableSettings.PREFIX.length() + setting.length() + 1) {
                return Optional.of(name.substring(TableSettings.PREFIX.length(), name.length() - setting.length() - 1));
            }
        }
        return Optional.empty();
    }

    /** What was given, over every fixed setting's default as text. */
    private static Map<String, String> withDefaults(Map<String, String> given) {
        Map<String, String> raw = new LinkedHashMap<>();
        Settings.all().forEach((name, key) -> {
            if (key.defaultValue != null) {
                raw.put(name, asText(key.defaultValue));
            }
        });
        raw.putAll(given);
        return raw;
    }

    private static String asText(Object value) {
        if (value instanceof List<?> list) {
            return String.join(",", list.stream().map(Object::toString).toList());
        }
        return value instanceof Password password ? password.value() : value.toString();
    }
}
