package com.tradeul.metasync.it;

import com.tradeul.metasync.config.MetasyncConfig;
import com.tradeul.metasync.devtools.demo.SampleTickers;
import com.tradeul.metasync.devtools.local.Certificates;
import com.tradeul.metasync.devtools.local.LocalPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A PostgreSQL of a test class's own, configured as a managed one is: TLS only ({@code hostssl ...
 * scram-sha-256}, no plain or local line), its certificate from a CA made for the test, and
 * capture running as a non-superuser with REPLICATION LOGIN that owns its tables and may create
 * the publication (CREATE on the database), as an RDS administrator would grant. {@link #CERT_USER}
 * must also present a client certificate ({@code clientcert=verify-full}). Kafka and Redis are the
 * shared ones of {@link TestServices}. Start once per test class: a server start costs seconds.
 */
final class SecuredPostgres implements AutoCloseable {

    static final String APP_USER = "metasync_app";
    static final String CERT_USER = "metasync_cert";

    final TestServices services;
    final LocalPostgres server;
    final Certificates ca;
    /** A CA the server's certificate does not come from: trusting it alone must fail. */
    final Certificates otherCa;
    final Certificates.Issued clientCertificate;
    /** {@link #clientCertificate} as PKCS-12 under the entry name pgjdbc reads, {@code user}, with {@link #keyPassword}. */
    final Path userPkcs12;
    final String keyPassword = "key-" + UUID.randomUUID();
    /** Random per run, so that finding it anywhere in output can only mean a leak. */
    final String appPassword = "pg-" + UUID.randomUUID();
    final String certPassword = "pg-" + UUID.randomUUID();

    private SecuredPostgres(TestServices services, Path dir) throws SQLException {
        this.services = services;
        this.ca = Certificates.authority(dir.resolve("ca"), "postgres");
        this.otherCa = Certificates.authority(dir.resolve("other-ca"), "other");
        this.clientCertificate = ca.client(CERT_USER);
        this.userPkcs12 = dir.resolve("ca").resolve(CERT_USER + "-user.p12");
        exportAsUser(clientCertificate, userPkcs12, keyPassword);
        this.server = LocalPostgres.builder(dir.resolve("pg")).fastUnsafe(true)
                .tls(ca.server("postgres-server"), ca.caCertificate()).requireClientCertificate(CERT_USER).start();
        for (String user : new String[] {APP_USER, CERT_USER}) {
            server.createRole(user, user.equals(APP_USER) ? appPassword : certPassword, "LOGIN REPLICATION");
            sql("GRANT CREATE ON DATABASE postgres TO " + user);
        }
    }

    /** Certificates names a PKCS-12 entry after its subject; pgjdbc reads the one named "user" only. */
    private static void exportAsUser(Certificates.Issued issued, Path p12, String password) {
        try {
            Process openssl = new ProcessBuilder("openssl", "pkcs12", "-export", "-name", "user", "-in", issued.certificate().toString(),
                    "-inkey", issued.privateKey().toString(), "-passout", "pass:" + password, "-out", p12.toString())
                    .redirectErrorStream(true).start();
            String output = new String(openssl.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (openssl.waitFor() != 0) {
                throw new IllegalStateException("openssl pkcs12 failed: " + output);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static SecuredPostgres start(TestServices services) throws Exception {
        return new SecuredPostgres(services, Files.createTempDirectory(services.root, "secured-pg-"));
    }

    /** {@code public.<table>} with {@code rows} sample tickers, owned by {@code owner}, REPLICA IDENTITY FULL (doctor's advice). */
    void loadTickers(String table, int rows, String owner) throws SQLException {
        try (Connection connection = server.connect()) {
            SampleTickers.load(connection, table, rows);
        }
        sql("ALTER TABLE " + table + " REPLICA IDENTITY FULL");
        sql("ALTER TABLE " + table + " OWNER TO " + owner);
    }

    void sql(String statement) throws SQLException {
        try (Connection connection = server.connect(); Statement s = connection.createStatement()) {
            s.execute(statement);
        }
    }

    /** The shared pipeline settings of {@code table}, pointed at this server as {@link #APP_USER} with verify-full. */
    MetasyncConfig config(String table, Map<String, String> extra) {
        Map<String, String> settings = new LinkedHashMap<>(Map.of(
                "postgres.host", server.host(),
                "postgres.port", Integer.toString(server.port()),
                "postgres.user", APP_USER,
                "postgres.password", appPassword,
                "postgres.sslmode", "verify-full",
                "postgres.sslrootcert", ca.caCertificate().toString()));
        settings.putAll(extra);
        return services.isolated(table, settings);
    }

    /** As {@link #CERT_USER}, who must present {@link #clientCertificate}. */
    MetasyncConfig certConfig(String table, Map<String, String> extra) {
        Map<String, String> settings = new LinkedHashMap<>(Map.of("postgres.user", CERT_USER, "postgres.password", certPassword));
        settings.putAll(extra);
        return config(table, settings);
    }

    @Override
    public void close() {
        server.close();
    }
}
