package com.tradeul.metasync.clients;

import com.tradeul.metasync.config.ConfigException;
import com.tradeul.metasync.config.PostgresSettings;
import java.sql.Connection;
import java.sql.DriverManager;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;

/**
 * The one place metasync opens JDBC connections to PostgreSQL (start-up checks, verify, repair,
 * doctor, the slot monitor, table sizes). Capture's own connections are Debezium's, configured from
 * the same settings through the connector file, TLS included, and with a socket timeout
 * ({@code postgres.capture-socket-timeout-seconds}) so that one that hangs makes Debezium reconnect.
 * On a Kafka Connect worker, where there are no metasync settings, {@link #openFromConnector} connects
 * from the connector's own {@code database.*} settings instead. Thread safe; each connection is the
 * caller's to close.
 */
public final class PostgresConnections {

    private final PostgresSettings settings;

    public PostgresConnections(PostgresSettings settings) {
        this.settings = settings;
    }

    public PostgresSettings settings() {
        return settings;
    }

    /**
     * @param purpose shown to the DBA as the session's application_name ({@code metasync-<purpose>})
     * @throws ConfigException naming the fix when PostgreSQL refuses or cannot be reached
     */
    public Connection open(String purpose) {
        return open(purpose, settings.connectTimeoutSeconds(), 0);
    }

    /**
     * For threads that sample on a schedule: a socket timeout, so a hung PostgreSQL delays one
     * sample instead of stopping every later one.
     */
    public Connection openForSampling(String purpose) {
        return open(purpose, Math.min(5, settings.connectTimeoutSeconds()), 10);
    }

    /**
     * For capture's copy snapshot ({@code capture.snapshot.reader=copy}): a session with
     * {@code options} (the connector's {@code database.options}, the session pins PostgreSQL's text
     * depends on), as Debezium's own snapshot session has them.
     */
    public Connection openForSnapshot(String purpose, String options) {
        Properties properties = properties(purpose, settings.connectTimeoutSeconds(), 0);
        putIfSet(properties, "options", options);
        return connect(properties);
    }

    /**
     * A replication connection ({@code replication=database}, simple queries only), for the
     * replication slot capture's copy snapshot creates with an exported snapshot.
     */
    public Connection openReplication(String purpose) {
        Properties properties = properties(purpose, settings.connectTimeoutSeconds(), 0);
        properties.setProperty("replication", "database");
        properties.setProperty("preferQueryMode", "simple");
        properties.setProperty("assumeMinServerVersion", "10");
        return connect(properties);
    }

    private Connection open(String purpose, int connectTimeoutSeconds, int socketTimeoutSeconds) {
        return connect(properties(purpose, connectTimeoutSeconds, socketTimeoutSeconds));
    }

    private Connection connect(Properties properties) {
        try {
            return DriverManager.getConnection(settings.jdbcUrl(), properties);
        } catch (SQLException e) {
            throw PostgresProblems.of(e, settings);
        }
    }

    private Properties properties(String purpose, int connectTimeoutSeconds, int socketTimeoutSeconds) {
        Properties properties = tlsProperties(settings);
        properties.setProperty("user", settings.user());
        putIfSet(properties, "password", settings.password());
        properties.setProperty("connectTimeout", Integer.toString(connectTimeoutSeconds));
        properties.setProperty("socketTimeout", Integer.toString(socketTimeoutSeconds));
        properties.setProperty("ApplicationName", "metasync-" + purpose);
        // Text results only: pgjdbc switches a statement to binary after 5 executions, and binary
        // time '24:00:00' (or infinities) then fails to convert even through getString.
        properties.setProperty("binaryTransfer", "false");
        return properties;
    }

    /**
     * A connection made from a Debezium connector's settings, as Debezium makes its own:
     * {@code database.hostname}, {@code database.port} (5432), {@code database.dbname}, and every
     * other {@code database.*} setting handed to pgjdbc without its prefix (user, password, sslmode,
     * sslrootcert, options with the session pins, socketTimeout...), so that TLS and the session are
     * the connector's. For capture's task on Kafka Connect, which reads the catalog before Debezium starts.
     *
     * @param connector the connector's settings, secrets already resolved by the worker
     * @throws SQLException as pgjdbc reports it ({@link #kindOf} tells a lost connection from a refusal)
     */
    public static Connection openFromConnector(Map<String, String> connector, String purpose) throws SQLException {
        return DriverManager.getConnection(connectorUrl(connector), connectorProperties(connector, purpose));
    }

    /** {@code jdbc:postgresql://host:port/dbname} from the connector's settings. Pure. */
    static String connectorUrl(Map<String, String> connector) {
        String host = connector.getOrDefault("database.hostname", "localhost").trim();
        String port = connector.getOrDefault("database.port", "5432").trim();
        String database = connector.getOrDefault("database.dbname", "postgres").trim();
        return "jdbc:postgresql://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + "/"
                + URLEncoder.encode(database, StandardCharsets.UTF_8);
    }

    /** pgjdbc's properties from the connector's {@code database.*} settings, as Debezium passes them. Pure. */
    static Properties connectorProperties(Map<String, String> connector, String purpose) {
        Properties properties = new Properties();
        properties.setProperty("connectTimeout", "10");
        connector.forEach((key, value) -> {
            if (key.startsWith("database.") && value != null) {
                String name = key.substring("database.".length());
                if (!name.equals("hostname") && !name.equals("port") && !name.equals("dbname")) {
                    properties.setProperty(name, value);
                }
            }
        });
        properties.setProperty("ApplicationName", "metasync-" + purpose);
        properties.setProperty("binaryTransfer", "false"); // as open(): text results only
        return properties;
    }

    /**
     * What a statement that failed on an open connection means: the connection lost (SQLSTATE class
     * 08) or PostgreSQL shutting down (57P01-57P03) is {@code UNREACHABLE}; anything else PostgreSQL
     * refused is {@code UNFIT}.
     */
    public static ConfigException.Kind kindOf(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        return state.startsWith("08") || state.matches("57P0[1-3]") ? ConfigException.Kind.UNREACHABLE : ConfigException.Kind.UNFIT;
    }

    /**
     * pgjdbc's TLS properties from the postgres.ssl* settings, the ones capture's connector gets too
     * (database.ssl* in connectors/debezium-postgres.properties). An empty setting is left out, so
     * pgjdbc's own default applies, as it does for capture.
     */
    static Properties tlsProperties(PostgresSettings settings) {
        Properties properties = new Properties();
        properties.setProperty("sslmode", settings.sslMode());
        putIfSet(properties, "sslrootcert", settings.sslRootCert());
        putIfSet(properties, "sslcert", settings.sslCert());
        putIfSet(properties, "sslkey", settings.sslKey());
        putIfSet(properties, "sslpassword", settings.sslPassword());
        return properties;
    }

    private static void putIfSet(Properties properties, String name, String value) {
        if (!value.isEmpty()) {
            properties.setProperty(name, value);
        }
    }

    @Override
    public String toString() {
        return settings.toString();
    }
}
