package com.tradeul.metasync.config;

import static org.apache.kafka.common.config.ConfigDef.Importance.HIGH;
import static org.apache.kafka.common.config.ConfigDef.Importance.LOW;
import static org.apache.kafka.common.config.ConfigDef.Importance.MEDIUM;
import static org.apache.kafka.common.config.ConfigDef.Type.INT;
import static org.apache.kafka.common.config.ConfigDef.Type.LIST;
import static org.apache.kafka.common.config.ConfigDef.Type.PASSWORD;
import static org.apache.kafka.common.config.ConfigDef.Type.STRING;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
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
    public static final String CAPTURE_SOCKET_TIMEOUT_SECONDS = "postgres.capture-socket-timeout-seconds";
    public static final String SSLMODE = "postgres.sslmode";
    public static final String SSLROOTCERT = "postgres.sslrootcert";
    public static final String SSLCERT = "postgres.sslcert";
    public static final String SSLKEY = "postgres.sslkey";
    public static final String SSLPASSWORD = "postgres.sslpassword";

    /** pgjdbc's (and libpq's) sslmode values, weakest first. */
    public static final List<String> SSL_MODES = List.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");

    private static final String IDENTIFIER = "[a-z_][a-z0-9_]{0,62}";

    public static final Definition DEFINITION = new Definition("PostgreSQL", new ConfigDef()
            .define(HOST, STRING, "localhost", Expect.text("a host name or address"), HIGH, "PostgreSQL host.")
            .define(PORT, INT, 5432, Expect.between(1, 65535, "a port number 1-65535"), HIGH, "PostgreSQL port.")
            .define(DATABASE, STRING, "postgres", Expect.text("a database name"), HIGH, "Database holding the tables.")
            .define(USER, STRING, "postgres", Expect.text("a user name"), HIGH,
                    "User that may create or use the replication slot (the REPLICATION attribute, or a provider's role such as"
                            + " rds_replication; superuser is not needed) and may SELECT the tables (what to grant: README, \"Production\").")
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
                            + "before it reports PostgreSQL unreachable; the slot monitor waits at most 5 s.")
            .define(CAPTURE_SOCKET_TIMEOUT_SECONDS, INT, 30, Expect.between(5, 3600, "seconds from 5 to 3600"), LOW,
                    "How long capture's connections to PostgreSQL (Debezium's: snapshot, heartbeat, the replication connection's"
                            + " checks; pgjdbc socketTimeout) wait for an answer before capture reconnects. Without it a connection"
                            + " that hangs without closing (a network dropping packets without a reset) stops capture for good;"
                            + " with it capture notices within this plus Debezium's 10 s status interval. Longer than PostgreSQL's"
                            + " slowest answer to capture: creating the slot waits for transactions already running.")
            .define(SSLMODE, STRING, "prefer", Expect.oneOf(SSL_MODES.toArray(String[]::new)), HIGH,
                    "TLS to PostgreSQL, for every connection metasync opens and for capture's: disable; allow or prefer (TLS when"
                            + " the server offers it, certificate not checked; prefer is pgjdbc's default); require (TLS, certificate not"
                            + " checked); verify-ca (TLS, the certificate is signed by postgres.sslrootcert); verify-full (verify-ca, and"
                            + " the certificate names postgres.host). Use verify-full in production.")
            .define(SSLROOTCERT, STRING, "", Expect.parsedBy(PostgresSettings::readableFileOrEmpty,
                    "a readable file, or empty"), MEDIUM,
                    "CA certificate(s), PEM, that PostgreSQL's server certificate must be signed by (verify-ca, verify-full), e.g."
                            + " Amazon RDS's global-bundle.pem. Empty: pgjdbc's default, ~/.postgresql/root.crt.")
            .define(SSLCERT, STRING, "", Expect.parsedBy(PostgresSettings::readableFileOrEmpty, "a readable file, or empty"), MEDIUM,
                    "Client certificate, PEM, for a server that asks for one (pg_hba.conf cert, or clientcert=verify-full); its"
                            + " CN is postgres.user. Empty: none (pgjdbc still tries ~/.postgresql/postgresql.crt).")
            .define(SSLKEY, STRING, "", Expect.parsedBy(PostgresSettings::clientKeyOrEmpty,
                    "a PKCS-8 DER (.pk8) or PKCS-12 (.p12, .pfx) key file, or empty"), MEDIUM,
                    "Private key of postgres.sslcert as pgjdbc reads it: PKCS-8 DER (openssl pkcs8 -topk8 -outform DER -in client.key"
                            + " -out client.pk8 -nocrypt) or PKCS-12 (.p12/.pfx: pgjdbc reads its entry named 'user' only, key and"
                            + " certificate: openssl pkcs12 -export -name user ...). A PEM key is refused.")
            .define(SSLPASSWORD, PASSWORD, "", Expect.any("any text"), MEDIUM,
                    "Password of an encrypted postgres.sslkey (a PKCS-12 file, or encrypted PKCS-8). Empty: the key is not encrypted."));

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

    private static void readableFileOrEmpty(String path) {
        if (!path.isEmpty() && !(Files.isRegularFile(Path.of(path)) && Files.isReadable(Path.of(path)))) {
            throw new IllegalArgumentException(path + " is not a readable file");
        }
    }

    /** pgjdbc reads a client key as PKCS-8 DER or PKCS-12 only: a PEM key would fail at the first connection, less clearly. */
    private static void clientKeyOrEmpty(String path) {
        readableFileOrEmpty(path);
        if (path.isEmpty()) {
            return;
        }
        byte[] start = new byte[10];
        try (var in = Files.newInputStream(Path.of(path))) {
            int read = in.readNBytes(start, 0, start.length);
            if (new String(start, 0, read, StandardCharsets.US_ASCII).startsWith("-----BEGIN")) {
                throw new IllegalArgumentException(path + " is a PEM key, which pgjdbc cannot read; convert it with openssl pkcs8"
                        + " -topk8 -inform PEM -outform DER -in " + path + " -out client.pk8 -nocrypt");
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(path + " cannot be read: " + e.getMessage());
        }
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

    public int captureSocketTimeoutSeconds() {
        return integer(CAPTURE_SOCKET_TIMEOUT_SECONDS);
    }

    public int connectTimeoutSeconds() {
        return integer(CONNECT_TIMEOUT_SECONDS);
    }

    /** One of {@link #SSL_MODES}, lower case. */
    public String sslMode() {
        return string(SSLMODE).toLowerCase(Locale.ROOT);
    }

    /** A file path, or empty for pgjdbc's default. */
    public String sslRootCert() {
        return string(SSLROOTCERT);
    }

    public String sslCert() {
        return string(SSLCERT);
    }

    public String sslKey() {
        return string(SSLKEY);
    }

    /** The secret itself, or empty: hand it only to the driver. */
    public String sslPassword() {
        return secret(SSLPASSWORD);
    }

    /** Whether the server's certificate is checked against a CA (verify-ca, verify-full). */
    public boolean verifiesServer() {
        return sslMode().startsWith("verify-");
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
