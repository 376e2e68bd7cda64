package com.tradeul.metasync.clients;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** A connection from a Debezium connector's database.* settings, as Debezium makes its own. */
class PostgresConnectorConnectionTest {

    @ParameterizedTest(name = "{0}:{1}/{2} -> {3}")
    @CsvSource(delimiter = '|', value = {
            "postgres    | 5432 | postgres  | jdbc:postgresql://postgres:5432/postgres",
            "10.0.0.7    | 6543 | app       | jdbc:postgresql://10.0.0.7:6543/app",
            "::1         | 5432 | my db     | jdbc:postgresql://[::1]:5432/my+db"})
    void the_url_names_the_connectors_host_port_and_database(String host, String port, String database, String url) {
        assertThat(PostgresConnections.connectorUrl(Map.of("database.hostname", host, "database.port", port,
                "database.dbname", database))).isEqualTo(url);
    }

    @Test
    void port_5432_when_the_connector_leaves_it_out() {
        assertThat(PostgresConnections.connectorUrl(Map.of("database.hostname", "pg", "database.dbname", "d")))
                .isEqualTo("jdbc:postgresql://pg:5432/d");
    }

    @Test
    void every_other_database_setting_reaches_pgjdbc_without_its_prefix_and_nothing_else_does() {
        Properties properties = PostgresConnections.connectorProperties(Map.of(
                "database.hostname", "pg", "database.port", "5432", "database.dbname", "d",
                "database.user", "capture", "database.password", "s3cret", "database.sslmode", "verify-full",
                "database.sslrootcert", "/ca.pem", "database.options", "-c IntervalStyle=postgres",
                "database.socketTimeout", "30", "slot.name", "metasync"), "connect-catalog");

        assertThat(properties).containsOnly(Map.entry("user", "capture"), Map.entry("password", "s3cret"),
                Map.entry("sslmode", "verify-full"), Map.entry("sslrootcert", "/ca.pem"),
                Map.entry("options", "-c IntervalStyle=postgres"), Map.entry("socketTimeout", "30"),
                Map.entry("connectTimeout", "10"), Map.entry("ApplicationName", "metasync-connect-catalog"),
                Map.entry("binaryTransfer", "false"));
    }

    @Test
    void the_connectors_own_connect_timeout_wins() {
        assertThat(PostgresConnections.connectorProperties(Map.of("database.connectTimeout", "3"), "p"))
                .containsEntry("connectTimeout", "3");
    }
}
