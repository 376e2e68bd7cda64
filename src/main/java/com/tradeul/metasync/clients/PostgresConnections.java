package com.tradeul.metasync.clients;

import com.tradeul.metasync.config.ConfigException;
import com.tradeul.metasync.config.PostgresSettings;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * The one place metasync opens JDBC connections to PostgreSQL (start-up checks, verify, repair,
 * doctor, the slot monitor, table sizes). Capture's own connection is Debezium's, configured from
 * the same settings through the connector file. Thread safe; each connection is the caller's to close.
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

    private Connection open(String purpose, int connectTimeoutSeconds, int socketTimeoutSeconds) {
        Properties properties = new Properties();
        properties.setProperty("user", settings.user());
        properties.setProperty("password", settings.password());
        properties.setProperty("connectTimeout", Integer.toString(connectTimeoutSeconds));
        properties.setProperty("socketTimeout", Integer.toString(socketTimeoutSeconds));
        properties.setProperty("ApplicationName", "metasync-" + purpose);
        // Text results only: pgjdbc switches a statement to binary after 5 executions, and binary
        // time '24:00:00' (or infinities) then fails to convert even through getString.
        properties.setProperty("binaryTransfer", "false");
        try {
            return DriverManager.getConnection(settings.jdbcUrl(), properties);
        } catch (SQLException e) {
            throw problem(e);
        }
    }

    private ConfigException problem(SQLException e) {
        String where = settings.host() + ":" + settings.port();
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (state.equals("28P01") || state.equals("28000")) {
            return new ConfigException("PostgreSQL at " + where + " refused the password of user '" + settings.user() + "'",
                    "set postgres.password (or METASYNC_POSTGRES_PASSWORD) to that user's password");
        }
        if (state.equals("3D000")) {
            return new ConfigException("PostgreSQL at " + where + " has no database '" + settings.database() + "'",
                    "set postgres.database to the database that holds the tables");
        }
        return new ConfigException("couldn't connect to PostgreSQL at " + where + " (" + e.getMessage() + ")",
                "start PostgreSQL, or set postgres.host and postgres.port to where it listens");
    }

    @Override
    public String toString() {
        return settings.toString();
    }
}
