package com.tradeul.metasync.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.tradeul.metasync.config.Settings;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.types.Password;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The embedded engine's connector file and the Kafka Connect connector config describe the same
 * connector: capture must produce the same events whichever way it runs.
 */
class ConnectorConfigsTest {

    private static final Path EMBEDDED = Path.of("connectors/debezium-postgres.properties");
    private static final Path KAFKA_CONNECT = Path.of("connectors/kafka-connect-postgres.json");
    private static final String JSON_CONVERTER = "org.apache.kafka.connect.json.JsonConverter";
    /** A metasync setting placeholder, filled by the embedded engine only. */
    private static final Pattern METASYNC_PLACEHOLDER = Pattern.compile("\\$\\{[a-z0-9.-]+}");
    /** Settings only a Kafka Connect worker reads; the embedded engine sets its own equivalents. */
    private static final Pattern CONNECT_ONLY = Pattern.compile(
            "tasks\\.max|(key|value)\\.converter(\\..+)?|topic\\.creation\\..+");

    /**
     * Settings that differ on purpose. TRUNCATE: Debezium emits it without a key, which a compacted
     * topic refuses, so a stock Kafka Connect task would die on the first one; metasync's own
     * capture gives it a key. Over Kafka Connect, truncates are therefore not carried (README).
     * The connector class: the embedded engine runs metasync's too, put in place of Debezium's name
     * by ConnectorProperties (so that debezium.connector.class naming Debezium's gets it as well).
     */
    private static final String METASYNC_CONNECTOR = "com.tradeul.metasync.capture.StoppingPostgresConnector";
    private static final java.util.Map<String, String> CONNECT_DIFFERS = java.util.Map.of("skipped.operations", "t",
            "connector.class", METASYNC_CONNECTOR);

    private static Properties embedded;
    private static JsonNode connect;

    @BeforeAll
    static void readConnectorFiles() throws IOException {
        embedded = new Properties();
        try (Reader reader = Files.newBufferedReader(EMBEDDED, StandardCharsets.UTF_8)) {
            embedded.load(reader);
        }
        connect = new ObjectMapper().readTree(KAFKA_CONNECT.toFile()).path("config");
        assertThat(connect.isObject()).as("%s has a \"config\" object", KAFKA_CONNECT).isTrue();
    }

    static Stream<Arguments> fixedEmbeddedSettings() {
        return embeddedKeys().stream()
                .filter(key -> !embedded.getProperty(key).contains("${"))
                .filter(key -> !CONNECT_DIFFERS.containsKey(key))
                .map(key -> arguments(key, embedded.getProperty(key)));
    }

    static Stream<String> placeholderEmbeddedSettings() {
        return embeddedKeys().stream().filter(key -> embedded.getProperty(key).contains("${"))
                .filter(key -> !optionalInConnect(key));
    }

    /**
     * A placeholder for a setting that is empty by default (postgres.sslrootcert, ...): the embedded
     * engine then leaves the key out, so the Kafka Connect config may leave it out too.
     */
    private static boolean optionalInConnect(String key) {
        java.util.regex.Matcher placeholder = METASYNC_PLACEHOLDER.matcher(embedded.getProperty(key));
        while (placeholder.find()) {
            String setting = placeholder.group().substring(2, placeholder.group().length() - 1);
            ConfigDef.ConfigKey declared = Settings.all().get(setting);
            Object fallback = declared == null ? null : declared.defaultValue;
            String text = fallback instanceof Password password ? password.value() : String.valueOf(fallback);
            if (fallback == null || !text.isEmpty()) {
                return false;
            }
        }
        return !connect.has(key);
    }

    @Test
    void the_connector_has_every_tls_setting_metasync_has() {
        assertThat(embedded.stringPropertyNames()).contains("database.sslmode", "database.sslrootcert", "database.sslcert",
                "database.sslkey", "database.sslpassword");
        assertThat(connectValue("database.sslmode")).isEqualTo("prefer");
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("fixedEmbeddedSettings")
    void kafka_connect_config_has_every_fixed_embedded_setting(String key, String value) {
        assertThat(connectValue(key)).as(key).isEqualTo(value);
    }

    @Test
    void kafka_connect_config_skips_truncates_which_a_compacted_topic_cannot_take_without_a_key() {
        assertThat(connectValue("skipped.operations")).isEqualTo("t");
        assertThat(embedded.getProperty("skipped.operations")).isEqualTo("none");
    }

    /** Its task streams every value as pgoutput's text (PgOutputTextTypes), on a worker as embedded. */
    @Test
    void kafka_connect_runs_metasyncs_connector_class_which_the_embedded_engine_puts_in_place_of_debeziums() {
        assertThat(connectValue("connector.class")).isEqualTo(METASYNC_CONNECTOR);
        assertThat(embedded.getProperty("connector.class")).isEqualTo("io.debezium.connector.postgresql.PostgresConnector");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("placeholderEmbeddedSettings")
    void kafka_connect_config_sets_a_concrete_value_where_the_embedded_file_has_a_placeholder(String key) {
        assertThat(connectValue(key)).as(key).isNotBlank().doesNotContainPattern(METASYNC_PLACEHOLDER);
    }

    @Test
    void kafka_connect_config_has_no_connector_setting_the_embedded_engine_lacks() {
        List<String> onlyInConnect = new ArrayList<>();
        connect.fieldNames().forEachRemaining(key -> {
            if (!embedded.containsKey(key) && !CONNECT_ONLY.matcher(key).matches()) {
                onlyInConnect.add(key);
            }
        });

        assertThat(onlyInConnect).as("settings to add to %s too", EMBEDDED).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"key", "value"})
    void kafka_connect_writes_debezium_json_with_schemas_which_apply_decodes(String side) {
        assertThat(connectValue(side + ".converter")).isEqualTo(JSON_CONVERTER);
        assertThat(connectValue(side + ".converter.schemas.enable")).isEqualTo("true");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
        // Decimals as PostgreSQL's digits, never through a double.
        "decimal.handling.mode,                  string",
        // A value Debezium cannot convert stops capture instead of becoming null.
        "event.converting.failure.handling.mode, fail",
        // Ships with PostgreSQL; decoderbufs needs a server plugin.
        "plugin.name,                            pgoutput",
        // Publishes only the captured tables, without superuser.
        "publication.autocreate.mode,            filtered",
        // Compaction can drop a deleted row only after a tombstone.
        "tombstones.on.delete,                   true",
        // varbit's leading zeros and the era of snapshot BC dates (ExactTypesConverter).
        "converters,                             metasync",
        "metasync.type,                          com.tradeul.metasync.capture.ExactTypesConverter",
    })
    void exactness_settings_are_the_same_in_both(String key, String value) {
        assertThat(embedded.getProperty(key)).as("%s in %s", key, EMBEDDED).isEqualTo(value);
        assertThat(connectValue(key)).as("%s in %s", key, KAFKA_CONNECT).isEqualTo(value);
    }

    private static Set<String> embeddedKeys() {
        return new TreeSet<>(embedded.stringPropertyNames());
    }

    private static String connectValue(String key) {
        JsonNode value = connect.get(key);
        assertThat(value).as("%s in %s", key, KAFKA_CONNECT).isNotNull();
        return value.asText();
    }
}
