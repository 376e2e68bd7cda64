package com.tradeul.metasync.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.tradeul.metasync.clients.KafkaClients;
import com.tradeul.metasync.config.ConfigException;
import com.tradeul.metasync.config.ConfigLoader;
import com.tradeul.metasync.config.MetasyncConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConnectorPropertiesTest {

    private static final Map<String, String> SETTINGS = Map.of(
            "postgres.host", "db.internal",
            "postgres.port", "5433",
            "postgres.password", "pa$$w\\rd${x}",
            "kafka.topic-prefix", "metasync",
            "postgres.tables", "public.ticker_metadata,public.other",
            "postgres.sslrootcert", "",
            "postgres.sslkey", "");

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "${postgres.host}                          | db.internal",
        "${postgres.host}:${postgres.port}         | db.internal:5433",
        "jdbc://${postgres.host}/x?p=${postgres.port} | jdbc://db.internal/x?p=5433",
        "${kafka.topic-prefix}.heartbeat           | metasync.heartbeat",
        "${postgres.tables}                        | public.ticker_metadata,public.other",
        // A password holds $ and \, which a regex replacement would take as group references.
        "${postgres.password}                      | pa$$w\\rd${x}",
        "pgoutput                                  | pgoutput",
        "''                                        | ''",
    })
    void fills_placeholders_from_metasync_settings(String template, String resolved) {
        Map<String, String> result = ConnectorProperties.resolve(Map.of("connector.key", template), SETTINGS);

        assertThat(result).containsExactly(Map.entry("connector.key", resolved));
    }

    /** pgjdbc waits forever for an answer by default: capture's connections get a socket timeout, so a hung one reconnects. */
    @Test
    void capture_connections_get_a_socket_timeout_from_the_settings() {
        MetasyncConfig defaults = ConfigLoader.load(Optional.empty(), Map.of(), Map.of());
        MetasyncConfig set = ConfigLoader.load(Optional.empty(), Map.of(), Map.of("postgres.capture-socket-timeout-seconds", "12"));

        assertThat(ConnectorProperties.connector(defaults)).containsEntry("database.socketTimeout", "30");
        assertThat(ConnectorProperties.connector(set)).containsEntry("database.socketTimeout", "12");
    }

    /** Debezium's Kafka offset store builds its clients from the engine's own properties, unprefixed. */
    @Test
    void the_kafka_offset_store_gets_the_brokers_and_every_client_property_unprefixed() {
        MetasyncConfig config = ConfigLoader.load(Optional.empty(), Map.of("METASYNC_KAFKA_CLIENT_SASL_JAAS_CONFIG", "jaas"), Map.of(
                "kafka.bootstrap-servers", "broker:9093", "kafka.client.security.protocol", "SASL_SSL",
                "kafka.client.ssl.truststore.location", "/etc/metasync/ca.p12"));

        Properties engine = ConnectorProperties.forEngine(config, KafkaClients.of(config.kafka()), CapturedColumns.NONE);

        assertThat(engine).contains(
                Map.entry("offset.storage", "com.tradeul.metasync.capture.AdminClosingKafkaOffsetStore"),
                Map.entry("offset.storage.topic", "metasync.capture-offsets"),
                Map.entry("bootstrap.servers", "broker:9093"),
                Map.entry("security.protocol", "SASL_SSL"),
                Map.entry("sasl.jaas.config", "jaas"),
                Map.entry("ssl.truststore.location", "/etc/metasync/ca.p12"));
        assertThat(engine.stringPropertyNames()).noneMatch(name -> name.startsWith("kafka.client."));
    }

    @Test
    void the_engine_reads_the_snapshot_as_text_and_tells_the_converter_the_user_defined_types() {
        MetasyncConfig config = ConfigLoader.load(Optional.empty(), Map.of(), Map.of("kafka.bootstrap-servers", "broker:9093",
                "postgres.tables", "public.t", "debezium.unavailable.value.placeholder", "__gone__"));
        CapturedColumns columns = new CapturedColumns(Map.of(com.tradeul.metasync.config.TableId.parse("public.t"), java.util.List.of(
                new CapturedColumns.Column("id", "int4", "int4"), new CapturedColumns.Column("p", "price", "numeric"),
                new CapturedColumns.Column("ps", "_price", "_numeric"), new CapturedColumns.Column("m", "mood", "text"))));

        Properties engine = ConnectorProperties.forEngine(config, KafkaClients.of(config.kafka()), columns);

        assertThat(engine).contains(
                Map.entry("snapshot.select.statement.overrides", "public.t"),
                Map.entry("metasync.types", "_price:_numeric,mood:text,price:numeric"),
                Map.entry("metasync.unavailable.value.placeholder", "__gone__"),
                Map.entry("include.unknown.datatypes", "true"),
                Map.entry("database.options", ConnectorProperties.SESSION_PINS));
        assertThat(engine.getProperty("snapshot.select.statement.overrides.public.t")).startsWith("SELECT CASE WHEN num_nulls(\"id\")");
    }

    @Test
    void the_engine_runs_the_connector_that_stops_on_failures_no_retry_can_pass_unless_another_connector_is_set() {
        MetasyncConfig debeziums = ConfigLoader.load(Optional.empty(), Map.of(), Map.of("kafka.bootstrap-servers", "broker:9093"));
        MetasyncConfig own = ConfigLoader.load(Optional.empty(), Map.of(), Map.of("kafka.bootstrap-servers", "broker:9093",
                "debezium.connector.class", "com.example.OwnConnector"));

        assertThat(ConnectorProperties.connector(debeziums)).containsEntry("connector.class", ConnectorProperties.DEBEZIUM_CONNECTOR);
        assertThat(ConnectorProperties.forEngine(debeziums, KafkaClients.of(debeziums.kafka()), CapturedColumns.NONE))
                .containsEntry("connector.class", StoppingPostgresConnector.class.getName());
        assertThat(ConnectorProperties.forEngine(own, KafkaClients.of(own.kafka()), CapturedColumns.NONE))
                .containsEntry("connector.class", "com.example.OwnConnector");
    }

    @ParameterizedTest(name = "own options [{0}]")
    @CsvSource(delimiter = '|', value = {
        "''                                        | -c IntervalStyle=postgres -c extra_float_digits=1 -c bytea_output=hex -c lc_monetary=C",
        "-c statement_timeout=0                    | -c statement_timeout=0 -c IntervalStyle=postgres -c extra_float_digits=1 -c bytea_output=hex -c lc_monetary=C",
        // A user's own value of a pinned setting comes first, so the pin (later) wins.
        "-c extra_float_digits=0 -c lc_monetary=C  | -c extra_float_digits=0 -c IntervalStyle=postgres -c extra_float_digits=1 -c bytea_output=hex -c lc_monetary=C",
    })
    void the_session_pins_come_after_the_users_own_options(String own, String merged) {
        assertThat(ConnectorProperties.withSessionPins(own)).isEqualTo(merged);
    }

    @Test
    void keeps_every_key_in_order() {
        Map<String, String> template = new LinkedHashMap<>();
        template.put("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
        template.put("database.hostname", "${postgres.host}");
        template.put("database.port", "${postgres.port}");

        assertThat(ConnectorProperties.resolve(template, SETTINGS)).containsExactly(
                Map.entry("connector.class", "io.debezium.connector.postgresql.PostgresConnector"),
                Map.entry("database.hostname", "db.internal"),
                Map.entry("database.port", "5433"));
    }

    @Test
    void a_key_whose_placeholders_stand_for_empty_settings_is_left_out_so_the_connector_default_applies() {
        Map<String, String> template = new LinkedHashMap<>();
        template.put("database.sslrootcert", "${postgres.sslrootcert}");
        template.put("database.sslkey", "${postgres.sslrootcert}${postgres.sslkey}");
        template.put("database.hostname", "${postgres.host}");
        template.put("column.exclude.list", "");

        assertThat(ConnectorProperties.resolve(template, SETTINGS)).containsExactly(
                Map.entry("database.hostname", "db.internal"),
                Map.entry("column.exclude.list", ""));
    }

    @Test
    void unknown_placeholder_names_the_connector_key_and_the_setting() {
        Map<String, String> template = Map.of("database.hostname", "${postgres.hots}");

        ConfigException error = catchThrowableOfType(ConfigException.class,
                () -> ConnectorProperties.resolve(template, SETTINGS));

        assertThat(error).isNotNull();
        assertThat(error.oneLine()).contains("'database.hostname'", "'postgres.hots'", "Fix:");
    }
}
