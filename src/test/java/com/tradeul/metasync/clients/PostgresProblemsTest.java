package com.tradeul.metasync.clients;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradeul.metasync.config.ConfigException;
import com.tradeul.metasync.config.ConfigLoader;
import com.tradeul.metasync.config.PostgresSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PostgresProblemsTest {

    private static final String PASSWORD = "s3cret-pw";

    @TempDir
    static Path dir;

    @ParameterizedTest(name = "{0} {1} ({2})")
    @CsvSource(delimiter = '|', value = {
        // SQLSTATE | pgjdbc's or PostgreSQL's message | postgres.sslmode | the problem says | the fix says | its kind
        "28P01 | FATAL: password authentication failed for user \"app\" | verify-full"
                + " | PostgreSQL at db.internal:5432 refused the password of user 'app' | set postgres.password | UNREACHABLE",
        "28000 | FATAL: no pg_hba.conf entry for host \"127.0.0.1\", user \"app\", database \"db\", no encryption | disable"
                + " | accepts user 'app' only over TLS, and postgres.sslmode is 'disable' | set postgres.sslmode=verify-full and postgres.sslrootcert | UNREACHABLE",
        "28000 | FATAL: no pg_hba.conf entry for host \"127.0.0.1\", user \"app\", database \"db\", SSL encryption | verify-full"
                + " | has no pg_hba.conf entry that lets user 'app' connect from here to database 'db' | add a hostssl line | UNREACHABLE",
        "28000 | FATAL: connection requires a valid client certificate | verify-full"
                + " | requires a client certificate from user 'app' | set postgres.sslcert and postgres.sslkey to a certificate with CN=app | UNREACHABLE",
        "28000 | FATAL: certificate authentication failed for user \"app\" | verify-full"
                + " | refused the client certificate postgres.sslcert for user 'app' | whose CN is the user name, app | UNREACHABLE",
        "28000 | FATAL: role \"app\" does not exist | verify-full | refused user 'app' | set postgres.user | UNREACHABLE",
        "3D000 | FATAL: database \"db\" does not exist | verify-full | has no database 'db' | set postgres.database | UNREACHABLE",
        "08004 | The server requested SCRAM-based authentication, but no password was provided. | prefer"
                + " | asks user 'app' for a password, but postgres.password is empty | postgres.password-file | UNREACHABLE",
        "08004 | The server does not support SSL. | require | does not offer TLS, but postgres.sslmode is 'require' | turn on ssl | UNREACHABLE",
        "08006 | SSL error: PKIX path building failed: unable to find valid certification path to requested target | verify-full"
                + " | presented a server certificate that postgres.sslrootcert (| set postgres.sslrootcert to the CA certificate | UNREACHABLE",
        "08006 | Could not open SSL root certificate file /root/.postgresql/root.crt. | verify-ca"
                + " | postgres.sslmode is 'verify-ca' but no CA certificate | set postgres.sslrootcert | SETTING",
        "08006 | The hostname db.internal could not be verified by hostnameverifier PgjdbcHostnameVerifier. | verify-full"
                + " | the certificate of PostgreSQL at db.internal:5432 is not for host 'db.internal' | postgres.sslmode=verify-ca | UNREACHABLE",
        "08006 | Could not read SSL key file /keys/client.pk8. | verify-full"
                + " | metasync cannot use its client certificate | PKCS-8 DER (.pk8) or PKCS-12 (.p12) | SETTING",
        "08006 | SSL error: Received fatal alert: handshake_failure | require | TLS with PostgreSQL at db.internal:5432 failed"
                + " | check postgres.sslmode | UNREACHABLE",
        "08001 | Connection to db.internal:5432 refused. | prefer | couldn't connect to PostgreSQL at db.internal:5432"
                + " | start PostgreSQL, or set postgres.host and postgres.port | UNREACHABLE",
    })
    void each_refusal_names_the_setting_that_fixes_it(String state, String message, String sslMode, String problem, String fix,
            ConfigException.Kind kind) throws IOException {
        ConfigException error = PostgresProblems.of(new SQLException(message, state), settings(sslMode));

        assertThat(error.kind()).isEqualTo(kind);
        assertThat(error.problem()).contains(problem);
        assertThat(error.fix()).contains(fix);
        assertThat(error.oneLine()).doesNotContain(PASSWORD).doesNotContain("\n");
    }

    @Test
    void a_pkcs12_key_without_pgjdbcs_user_entry_is_named_with_the_export_command() throws IOException {
        Path p12 = Files.writeString(dir.resolve("client.p12"), "0\u0082binary");
        PostgresSettings settings = ConfigLoader.load(Optional.empty(), Map.of(), Map.of("postgres.user", "app",
                "postgres.sslkey", p12.toString())).postgres();

        ConfigException error = PostgresProblems.of(new SQLException("FATAL: connection requires a valid client certificate",
                "28000"), settings);

        assertThat(error.problem()).contains("pgjdbc found none in postgres.sslkey (" + p12 + "): it reads only the PKCS-12"
                + " entry named 'user'");
        assertThat(error.fix()).startsWith("export the key under that name: openssl pkcs12 -export -name user");
        assertThat(error.kind()).as("a file of metasync's that cannot be used").isEqualTo(ConfigException.Kind.SETTING);
    }

    @ParameterizedTest(name = "SQLSTATE {0} -> {1}")
    @CsvSource(nullValues = "-", value = {
        "08006, UNREACHABLE", // the connection broke
        "08003, UNREACHABLE",
        "57P01, UNREACHABLE", // PostgreSQL shutting down
        "57P03, UNREACHABLE",
        "42501, UNFIT",       // insufficient privilege
        "42P01, UNFIT",
        "57014, UNFIT",       // a statement cancelled by statement_timeout: PostgreSQL answered
        "-,     UNFIT",
    })
    void a_check_that_fails_on_an_open_connection_is_unreachable_only_when_the_connection_went(String state, ConfigException.Kind kind) {
        assertThat(PostgresConnections.kindOf(new SQLException("failed", state))).isEqualTo(kind);
    }

    private static PostgresSettings settings(String sslMode) throws IOException {
        Path ca = dir.resolve("ca.pem");
        if (!Files.exists(ca)) {
            Files.writeString(ca, "-----BEGIN CERTIFICATE-----\n");
        }
        return ConfigLoader.load(Optional.empty(), Map.of(), Map.of(
                "postgres.host", "db.internal", "postgres.user", "app", "postgres.database", "db",
                "postgres.password", PASSWORD, "postgres.sslmode", sslMode, "postgres.sslrootcert", ca.toString())).postgres();
    }
}
