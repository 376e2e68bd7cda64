package com.tradeul.metasync.config;

import com.tradeul.metasync.normalize.KeyTemplate;
import com.tradeul.metasync.normalize.SpecialNumberPolicy;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;

/**
 * Builds a {@link MetasyncConfig} from, in rising precedence: defaults, the properties file,
 * {@code METASYNC_*} environment variables, and explicit overrides (the CLI's {@code --set}).
 * Every problem is collected and reported at once, each naming the setting and the fix.
 */
public final class ConfigLoader {

    /** The key template of the scanner's table, as the old copy job wrote it. */
    static final Map<TableId, String> BUILT_IN_KEY_TEMPLATES =
            Map.of(new TableId("public", "ticker_metadata"), "metadata:ticker:{symbol}");

    private final List<String> problems = new ArrayList<>();

    public static MetasyncConfig load(Optional<Path> file, Map<String, String> environment, Map<String, String> overrides) {
        Map<String, String> values = new LinkedHashMap<>();
        Settings.ALL.forEach(s -> s.defaultIfAny().ifPresent(d -> values.put(s.name(), d)));
        file.ifPresent(path -> values.putAll(readFile(path)));
        for (Setting setting : Settings.ALL) {
            String fromEnvironment = environment.get(setting.environmentVariable());
            if (fromEnvironment != null) {
                values.put(setting.name(), fromEnvironment);
            }
        }
        values.putAll(overrides);
        return new ConfigLoader().validate(values);
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

    private MetasyncConfig validate(Map<String, String> values) {
        rejectUnknown(values);
        List<TableId> tables = parse(values, Settings.POSTGRES_TABLES, ConfigLoader::tableList,
                "a comma-separated list of schema.table, e.g. public.ticker_metadata");
        Integer port = parse(values, Settings.POSTGRES_PORT, v -> intIn(v, 1, 65535), "a port number 1-65535");
        String prefix = required(values, Settings.KAFKA_TOPIC_PREFIX);
        String bootstrap = values.getOrDefault(Settings.KAFKA_BOOTSTRAP_SERVERS.name(), "").trim();
        String deadLetter = values.getOrDefault(Settings.KAFKA_DEAD_LETTER_TOPIC.name(), "").trim();
        Integer partitions = parse(values, Settings.KAFKA_PARTITIONS, v -> intIn(v, 1, 10_000), "a whole number >= 1");
        Short replication = parse(values, Settings.KAFKA_REPLICATION_FACTOR, ConfigLoader::replicationFactor,
                "-1 or a whole number >= 1");
        Integer batchSize = parse(values, Settings.APPLY_BATCH_SIZE, v -> intIn(v, 1, 100_000), "a whole number from 1 to 100000");
        Duration backoff = parse(values, Settings.APPLY_MAX_RETRY_BACKOFF_MS, v -> Duration.ofMillis(intIn(v, 10, 3_600_000)),
                "milliseconds from 10 to 3600000");
        Duration positionCheck = parse(values, Settings.APPLY_POSITION_CHECK_MS, v -> Duration.ofMillis(intIn(v, 100, 3_600_000)),
                "milliseconds from 100 to 3600000");
        Duration sessionTimeout = parse(values, Settings.APPLY_SESSION_TIMEOUT_MS, v -> Duration.ofMillis(intIn(v, 6_000, 1_800_000)),
                "milliseconds from 6000 to 1800000 (the broker's group.min/max.session.timeout.ms)");
        Integer verifyInterval = parse(values, Settings.VERIFY_INTERVAL_SECONDS, v -> intIn(v, 0, 86_400 * 7), "seconds from 0 to 604800");
        Integer sampleSize = parse(values, Settings.VERIFY_SAMPLE_SIZE, v -> intIn(v, 1, 10_000_000), "a whole number >= 1");
        String guardMode = parse(values, Settings.GUARD_MODE, v -> {
            if (!v.equals("warn") && !v.equals("enforce")) {
                throw new IllegalArgumentException(v);
            }
            return v;
        }, "warn or enforce");
        Integer saveInterval = parse(values, Settings.GUARD_SAVE_INTERVAL_SECONDS, v -> intIn(v, 0, 86_400), "seconds from 0 to 86400");
        Integer saveAfter = parse(values, Settings.GUARD_SAVE_AFTER_CHANGES, v -> intIn(v, 1, Integer.MAX_VALUE), "a whole number >= 1");
        Integer auditInterval = parse(values, Settings.GUARD_AUDIT_INTERVAL_SECONDS, v -> intIn(v, 1, 86_400), "seconds from 1 to 86400");
        String monitorBind = required(values, Settings.MONITOR_BIND);
        Integer monitorPort = parse(values, Settings.MONITOR_PORT, v -> intIn(v, -1, 65535), "-1 (off), 0 (a free port) or a port number");
        Integer monitorInterval = parse(values, Settings.MONITOR_INTERVAL_SECONDS, v -> intIn(v, 1, 3_600), "seconds from 1 to 3600");
        Integer lagThreshold = parse(values, Settings.MONITOR_LAG_THRESHOLD, v -> intIn(v, 0, Integer.MAX_VALUE), "a whole number >= 0");
        Integer saveAgeThreshold = parse(values, Settings.MONITOR_SAVE_AGE_THRESHOLD_SECONDS, v -> intIn(v, 1, 86_400 * 7),
                "seconds from 1 to 604800");
        Long slotWalThreshold = parse(values, Settings.MONITOR_SLOT_WAL_THRESHOLD_BYTES, ConfigLoader::positiveLong,
                "a number of bytes >= 1, e.g. 1073741824 for 1 GiB");
        String redisUri = parse(values, Settings.REDIS_URI, ConfigLoader::redisUri,
                "a Redis URI such as redis://127.0.0.1:6379 or redis://:password@host:6379/0");
        SpecialNumberPolicy special = parse(values, Settings.SPECIAL_NUMBERS, SpecialNumberPolicy::parse, "string or null");
        MetasyncConfig.OffsetStorage offsets = parse(values, Settings.CAPTURE_OFFSET_STORAGE,
                v -> MetasyncConfig.OffsetStorage.valueOf(v.trim().toUpperCase(Locale.ROOT)), "kafka or file");
        Optional<Path> connectorConfig = connectorConfig(values);
        Map<TableId, KeyTemplate> templates = keyTemplates(values, tables == null ? List.of() : tables);
        Map<TableId, MetasyncConfig.TruncatePolicy> truncates = truncatePolicies(values, tables == null ? List.of() : tables);
        var postgres = new MetasyncConfig.Postgres(
                required(values, Settings.POSTGRES_HOST), port == null ? 0 : port,
                required(values, Settings.POSTGRES_DATABASE), required(values, Settings.POSTGRES_USER),
                values.getOrDefault(Settings.POSTGRES_PASSWORD.name(), ""), tables,
                identifier(values, Settings.POSTGRES_SLOT), identifier(values, Settings.POSTGRES_PUBLICATION));
        String dataDir = required(values, Settings.DATA_DIR);
        String groupId = required(values, Settings.APPLY_GROUP_ID);
        if (!problems.isEmpty()) {
            // Every problem at once, so a user fixes their file in one go.
            throw new ConfigException(String.join("; ", problems),
                    "fix the setting(s) named above in the configuration file, a METASYNC_* variable or --set");
        }
        var kafka = new MetasyncConfig.Kafka(bootstrap.isEmpty() ? Optional.empty() : Optional.of(bootstrap), prefix,
                partitions, replication, deadLetter.isEmpty() ? prefix + ".dead-letter" : deadLetter);
        var apply = new MetasyncConfig.Apply(groupId, batchSize, backoff, positionCheck, sessionTimeout);
        var verify = new MetasyncConfig.Verify(Duration.ofSeconds(verifyInterval), sampleSize);
        var guard = new MetasyncConfig.Guard("enforce".equals(guardMode), Duration.ofSeconds(saveInterval), saveAfter,
                Duration.ofSeconds(auditInterval));
        var monitor = new MetasyncConfig.Monitor(monitorBind, monitorPort, Duration.ofSeconds(monitorInterval), lagThreshold,
                Duration.ofSeconds(saveAgeThreshold), slotWalThreshold);
        return new MetasyncConfig(postgres, kafka, redisUri, apply, verify, guard, monitor, special, templates, truncates, connectorConfig, offsets,
                Path.of(dataDir), debeziumOverrides(values), Map.copyOf(values));
    }

    private void rejectUnknown(Map<String, String> values) {
        for (String key : values.keySet()) {
            boolean known = Settings.ALL.stream().anyMatch(s -> s.name().equals(key))
                    || key.startsWith(Settings.DEBEZIUM_PREFIX)
                    || (key.startsWith(Settings.TABLE_PREFIX)
                        && (key.endsWith(Settings.KEY_TEMPLATE_SUFFIX) || key.endsWith(Settings.TRUNCATE_SUFFIX)));
            if (!known) {
                problems.add("unknown setting '" + key + "'" + SpellingHint.nearest(key, Settings.ALL.stream().map(Setting::name).toList())
                        .map(s -> " (did you mean '" + s + "'?)").orElse(""));
            }
        }
    }

    private Map<TableId, KeyTemplate> keyTemplates(Map<String, String> values, List<TableId> tables) {
        Map<TableId, KeyTemplate> templates = new LinkedHashMap<>();
        for (TableId table : tables) {
            String name = Settings.TABLE_PREFIX + table + Settings.KEY_TEMPLATE_SUFFIX;
            String template = values.getOrDefault(name, BUILT_IN_KEY_TEMPLATES.get(table));
            if (template == null) {
                continue; // default: the table name and the key values, see RedisKeys
            }
            try {
                templates.put(table, KeyTemplate.parse(template));
            } catch (IllegalArgumentException e) {
                problems.add("setting '" + name + "' is invalid: " + e.getMessage());
            }
        }
        for (String key : values.keySet()) {
            if (key.startsWith(Settings.TABLE_PREFIX) && key.endsWith(Settings.KEY_TEMPLATE_SUFFIX)) {
                String tableName = key.substring(Settings.TABLE_PREFIX.length(), key.length() - Settings.KEY_TEMPLATE_SUFFIX.length());
                if (tables.stream().noneMatch(t -> t.toString().equals(tableName))) {
                    problems.add("setting '" + key + "' names table '" + tableName + "', which is not in postgres.tables");
                }
            }
        }
        return templates;
    }

    private Map<TableId, MetasyncConfig.TruncatePolicy> truncatePolicies(Map<String, String> values, List<TableId> tables) {
        Map<TableId, MetasyncConfig.TruncatePolicy> policies = new LinkedHashMap<>();
        for (String key : values.keySet()) {
            if (!key.startsWith(Settings.TABLE_PREFIX) || !key.endsWith(Settings.TRUNCATE_SUFFIX)) {
                continue;
            }
            String tableName = key.substring(Settings.TABLE_PREFIX.length(), key.length() - Settings.TRUNCATE_SUFFIX.length());
            TableId table = tables.stream().filter(t -> t.toString().equals(tableName)).findFirst().orElse(null);
            if (table == null) {
                problems.add("setting '" + key + "' names table '" + tableName + "', which is not in postgres.tables");
                continue;
            }
            try {
                policies.put(table, MetasyncConfig.TruncatePolicy.valueOf(values.get(key).trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                problems.add("setting '" + key + "' is '" + values.get(key) + "' but must be delete or ignore");
            }
        }
        return policies;
    }

    private Optional<Path> connectorConfig(Map<String, String> values) {
        String path = values.getOrDefault(Settings.CAPTURE_CONNECTOR_CONFIG.name(), "").trim();
        if (path.isEmpty()) {
            return Optional.empty();
        }
        if (!Files.isRegularFile(Path.of(path))) {
            problems.add("setting 'capture.connector-config' names " + path + ", which does not exist");
        }
        return Optional.of(Path.of(path));
    }

    private static Map<String, String> debeziumOverrides(Map<String, String> values) {
        Map<String, String> overrides = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            if (k.startsWith(Settings.DEBEZIUM_PREFIX)) {
                overrides.put(k.substring(Settings.DEBEZIUM_PREFIX.length()), v);
            }
        });
        return overrides;
    }

    private String required(Map<String, String> values, Setting setting) {
        String value = values.get(setting.name());
        if (value == null || value.isBlank()) {
            problems.add("setting '" + setting.name() + "' is empty (" + setting.doc() + ")");
            return "";
        }
        return value.trim();
    }

    private String identifier(Map<String, String> values, Setting setting) {
        String value = required(values, setting);
        if (!value.isEmpty() && !value.matches("[a-z_][a-z0-9_]{0,62}")) {
            problems.add("setting '" + setting.name() + "' is '" + value
                    + "': use lower-case letters, digits and _ (a PostgreSQL identifier)");
        }
        return value;
    }

    private <T> T parse(Map<String, String> values, Setting setting, Function<String, T> parser, String expected) {
        String value = values.getOrDefault(setting.name(), "");
        try {
            T parsed = parser.apply(value);
            if (parsed == null) {
                throw new IllegalArgumentException("no value");
            }
            return parsed;
        } catch (RuntimeException e) {
            problems.add("setting '" + setting.name() + "' is '" + value + "' but must be " + expected);
            return null;
        }
    }

    private static int intIn(String value, int min, int max) {
        int parsed = Integer.parseInt(value.trim());
        if (parsed < min || parsed > max) {
            throw new IllegalArgumentException("out of range");
        }
        return parsed;
    }

    private static long positiveLong(String value) {
        long parsed = Long.parseLong(value.trim());
        if (parsed < 1) {
            throw new IllegalArgumentException(value);
        }
        return parsed;
    }

    private static short replicationFactor(String value) {
        short parsed = Short.parseShort(value.trim());
        if (parsed == 0 || parsed < -1) {
            throw new IllegalArgumentException("out of range");
        }
        return parsed;
    }

    private static List<TableId> tableList(String value) {
        List<TableId> tables = new ArrayList<>();
        for (String part : value.split(",")) {
            if (!part.isBlank()) {
                tables.add(TableId.parse(part));
            }
        }
        if (tables.isEmpty()) {
            throw new IllegalArgumentException("empty");
        }
        return List.copyOf(tables);
    }

    private static String redisUri(String value) {
        // Lettuce's own parser: it accepts what Lettuce can connect to, e.g. host names with '_'.
        io.lettuce.core.RedisURI.create(value.trim());
        if (!value.trim().startsWith("redis://") && !value.trim().startsWith("rediss://")) {
            throw new IllegalArgumentException("not a redis:// or rediss:// URI");
        }
        return value.trim();
    }
}
