package com.tradeul.metasync.config;

import static org.apache.kafka.common.config.ConfigDef.Importance.HIGH;
import static org.apache.kafka.common.config.ConfigDef.Importance.LOW;
import static org.apache.kafka.common.config.ConfigDef.Importance.MEDIUM;
import static org.apache.kafka.common.config.ConfigDef.Type.INT;
import static org.apache.kafka.common.config.ConfigDef.Type.LIST;
import static org.apache.kafka.common.config.ConfigDef.Type.PASSWORD;
import static org.apache.kafka.common.config.ConfigDef.Type.STRING;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;

/** Where the tables are and who metasync is there: every PostgreSQL connection is made from these. */
public final class PostgresSettings extends SettingsGroup {

    public static final String HOST = "postgres.host";
    public static final String PORT = "postgres.port";
    public static final String DATABASE = "postgres.database";
    public static final String USER = "postgres.user";
    public static final String PASSWORD_SETTING = "postgres.password";
    public static final String TABLES = "postgres.tables";
    public static final String SLOT = "postgres.slot";
    public static final String PUBLICATION = "postgres.publication";
    public static final String CONNECT_TIMEOUT_SECONDS = "postgres.connect-timeout-seconds";

    private static final String IDENTIFIER = "[a-z_][a-z0-9_]{0,62}";

    public static final Definition DEFINITION = new Definition("PostgreSQL", new ConfigDef()
            .define(HOST, STRING, "localhost", Expect.text("a host name or address"), HIGH, "PostgreSQL host.")
            .define(PORT, INT, 5432, Expect.between(1, 65535, "a port number 1-65535"), HIGH, "PostgreSQL port.")
            .define(DATABASE, STRING, "postgres", Expect.text("a database name"), HIGH, "Database holding the tables.")
            .define(USER, STRING, "postgres", Expect.text("a user name"), HIGH,
                    "User with the REPLICATION attribute (or superuser) and SELECT on the tables.")
            .define(PASSWORD_SETTING, PASSWORD, "", Expect.any("any text"), HIGH,
                    "Password of postgres.user. Prefer the environment variable METASYNC_POSTGRES_PASSWORD.")
            .define(TABLES, LIST, "public.ticker_metadata",
                    Expect.listOf(TableId::parse, "a comma-separated list of schema.table, e.g. public.ticker_metadata"), HIGH,
                    "Comma-separated schema.table list to copy into Redis; each needs a primary key.")
            .define(SLOT, STRING, "metasync", identifier(), MEDIUM, "Logical replication slot name (created when missing).")
            .define(PUBLICATION, STRING, "metasync", identifier(), MEDIUM,
                    "Publication name (created for postgres.tables when missing).")
            .define(CONNECT_TIMEOUT_SECONDS, INT, 10, Expect.between(1, 300, "seconds from 1 to 300"), LOW,
                    "How long metasync waits for a connection of its own to PostgreSQL (start-up checks, verify, repair, doctor) "
                            + "before it reports PostgreSQL unreachable; the slot monitor waits at most 5 s."));

    PostgresSettings(Map<String, Object> values) {
        super(values);
    }

    private static Expect identifier() {
        return Expect.parsedBy(value -> {
            if (!value.matches(IDENTIFIER)) {
                throw new IllegalArgumentException(value);
            }
        }, "lower-case letters, digits and _ (a PostgreSQL identifier)");
    }

    public String host() {
        return string(HOST);
    }

    public int port() {
        return integer(PORT);
    }

    public String database() {
        return string(DATABASE);
    }

    public String user() {
        return string(USER);
    }

    /** The secret itself: hand it only to the driver, never to a log line. */
    public String password() {
        return secret(PASSWORD_SETTING);
    }

    public List<TableId> tables() {
        return list(TABLES).stream().filter(t -> !t.isBlank()).map(TableId::parse).toList();
    }

    public String slot() {
        return string(SLOT);
    }

    public String publication() {
        return string(PUBLICATION);
    }

    public int connectTimeoutSeconds() {
        return integer(CONNECT_TIMEOUT_SECONDS);
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + host() + ":" + port() + "/" + database();
    }

    /** {@code user@host:port/database}: no secret, fit for logs. */
    @Override
    public String toString() {
        return user() + "@" + host() + ":" + port() + "/" + database();
    }
}
