package com.tradeul.metasync.capture;

import com.tradeul.metasync.clients.KafkaClients;
import com.tradeul.metasync.config.CaptureSettings;
import com.tradeul.metasync.config.ConfigException;
import com.tradeul.metasync.config.MetasyncConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Debezium connector settings of the embedded engine: the connector file from
 * {@code connectors/} (the one source of truth, also packaged in the jar), with
 * {@code ${setting}} placeholders filled from metasync's settings, then the
 * {@code debezium.*} overrides ({@code database.options} merged with the session pins, which come
 * last and so win), then what the text path needs from PostgreSQL's catalog (the snapshot's
 * select overrides, the converter's user-defined types) and what the embedded engine itself needs
 * (offset storage).
 */
public final class ConnectorProperties {

    static final String PACKAGED = "/connectors/debezium-postgres.properties";
    static final String ENGINE_NAME = "metasync-capture";
    /** The connector file's class; the engine runs {@link StoppingPostgresConnector} in its place. */
    static final String DEBEZIUM_CONNECTOR = "io.debezium.connector.postgresql.PostgresConnector";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([a-z0-9.-]+)}");

    private ConnectorProperties() {}

    /**
     * The session settings PostgreSQL's text depends on, for the snapshot's session and the
     * walsender alike ({@code database.options} reaches both; {@code database.initial.statements}
     * only the first). DateStyle is pinned to ISO by pgjdbc itself and TimeZone follows the JVM's
     * default zone, which capture sets to UTC. {@code normalize.PgText} reads what these produce.
     */
    static final String SESSION_PINS = "-c IntervalStyle=postgres -c extra_float_digits=1 -c bytea_output=hex -c lc_monetary=C";

    /**
     * @param kafka   where the offset store writes, when Debezium's offsets live in Kafka
     * @param columns what capture carries, as the start-up checks read it from PostgreSQL
     */
    public static Properties forEngine(MetasyncConfig config, KafkaClients kafka, CapturedColumns columns) {
        Map<String, String> resolved = connector(config);
        resolved.putAll(TextPathSettings.of(columns, resolved));
        resolved.putAll(engineSettings(config, kafka));
        resolved.replace("connector.class", DEBEZIUM_CONNECTOR, StoppingPostgresConnector.class.getName());
        Properties properties = new Properties();
        properties.putAll(resolved);
        return properties;
    }

    /** The connector's own settings: the file's, placeholders filled, then the debezium.* overrides. */
    public static Map<String, String> connector(MetasyncConfig config) {
        Map<String, String> resolved = resolve(readConnectorFile(config), settingValues(config));
        resolved.putAll(config.capture().debeziumOverrides());
        resolved.put("database.options", withSessionPins(resolved.getOrDefault("database.options", "")));
        return resolved;
    }

    /** The user's own options first, then the pins: of two -c for one setting, PostgreSQL keeps the later. */
    static String withSessionPins(String options) {
        String own = options;
        for (String pin : SESSION_PINS.split(" (?=-c )")) {
            own = own.replaceAll(Pattern.quote(pin) + "(?=\\s|$)", " ");
        }
        own = own.trim();
        return own.isEmpty() ? SESSION_PINS : own + " " + SESSION_PINS;
    }

    /**
     * Replaces {@code ${name}} by the setting's value; an unknown name is a configuration error. A key
     * whose placeholders all stand for empty settings is left out, so that Debezium (and pgjdbc under
     * it) sees "not set" and applies its own default, as metasync's own connections do: an empty
     * database.sslrootcert would be a file named "". Pure.
     */
    static Map<String, String> resolve(Map<String, String> template, Map<String, String> values) {
        Map<String, String> resolved = new LinkedHashMap<>();
        template.forEach((key, value) -> {
            Matcher matcher = PLACEHOLDER.matcher(value);
            StringBuilder out = new StringBuilder();
            boolean placeholders = false;
            while (matcher.find()) {
                placeholders = true;
                String replacement = values.get(matcher.group(1));
                if (replacement == null) {
                    throw new ConfigException("connector setting '" + key + "' refers to unknown metasync setting '"
                            + matcher.group(1) + "'", "use one of the settings listed in the README, e.g. ${postgres.host}");
                }
                matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
            }
            matcher.appendTail(out);
            if (!placeholders || !out.isEmpty()) {
                resolved.put(key, out.toString());
            }
        });
        return resolved;
    }

    private static Map<String, String> settingValues(MetasyncConfig config) {
        Map<String, String> values = new LinkedHashMap<>(config.raw());
        // Normalised forms, so the connector sees exactly what metasync validated.
        values.put("postgres.tables", String.join(",", config.postgres().tables().stream().map(Object::toString).toList()));
        values.put("postgres.port", Integer.toString(config.postgres().port()));
        values.put("postgres.sslmode", config.postgres().sslMode());
        return values;
    }

    private static Map<String, String> engineSettings(MetasyncConfig config, KafkaClients kafka) {
        Map<String, String> engine = new LinkedHashMap<>();
        engine.put("name", ENGINE_NAME);
        // Debezium's offsets are flushed often so a restart re-sends little; apply is idempotent anyway.
        engine.put("offset.flush.interval.ms", "1000");
        if (config.capture().offsetStorage() == CaptureSettings.OffsetStorage.FILE) {
            engine.put("offset.storage", "org.apache.kafka.connect.storage.FileOffsetBackingStore");
            engine.put("offset.storage.file.filename", config.dataDir().resolve("capture-offsets.dat").toString());
        } else {
            engine.put("offset.storage", AdminClosingKafkaOffsetStore.class.getName()); // Debezium's own never closes its admin client
            engine.put("offset.storage.topic", config.kafka().offsetTopic());
            engine.put("offset.storage.partitions", "1");
            engine.put("offset.storage.replication.factor", Short.toString(config.kafka().replicationFactor()));
            engine.putAll(kafka.forDebeziumOffsetStore());
        }
        return engine;
    }

    private static Map<String, String> readConnectorFile(MetasyncConfig config) {
        Properties properties = new Properties();
        try (InputStream in = config.capture().connectorConfig().isPresent()
                ? Files.newInputStream(config.capture().connectorConfig().get())
                : ConnectorProperties.class.getResourceAsStream(PACKAGED)) {
            if (in == null) {
                throw new ConfigException("the packaged connector file " + PACKAGED + " is missing",
                        "rebuild metasync, or set capture.connector-config to connectors/debezium-postgres.properties");
            }
            try (Reader reader = new java.io.InputStreamReader(in, StandardCharsets.UTF_8)) {
                properties.load(reader);
            }
        } catch (IOException e) {
            throw new ConfigException("cannot read the connector file: " + e.getMessage(),
                    "check capture.connector-config");
        }
        Map<String, String> values = new LinkedHashMap<>();
        properties.stringPropertyNames().stream().sorted().forEach(k -> values.put(k, properties.getProperty(k)));
        return values;
    }
}
