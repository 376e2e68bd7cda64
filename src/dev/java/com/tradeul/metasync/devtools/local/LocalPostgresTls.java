package com.tradeul.metasync.devtools.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Properties;

/**
 * Puts a {@link LocalPostgresConfig.Tls} set-up in a data directory: the server's certificate, key
 * and CA, owned by the server's user (PostgreSQL refuses a key others may read), and a pg_hba.conf
 * that admits TLS with SCRAM only. Stateless.
 */
final class LocalPostgresTls {

    private LocalPostgresTls() {
    }

    /** Rewritten at every start, so the files always match the configuration. */
    static void install(Path dataDir, LocalPostgresConfig.Tls tls, OsUser osUser) {
        try {
            copy(tls.certificate(), dataDir.resolve(LocalPostgresConfig.Tls.CERTIFICATE_FILE), "rw-r--r--", osUser);
            copy(tls.privateKey(), dataDir.resolve(LocalPostgresConfig.Tls.KEY_FILE), "rw-------", osUser);
            copy(tls.caCertificate(), dataDir.resolve(LocalPostgresConfig.Tls.CA_FILE), "rw-r--r--", osUser);
            Path hba = dataDir.resolve("pg_hba.conf");
            Files.writeString(hba, tls.hba(), StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(hba, PosixFilePermissions.fromString("rw-------"));
            osUser.own(hba);
        } catch (IOException e) {
            throw new IllegalStateException("Could not install the TLS files in " + dataDir + ": " + e.getMessage(), e);
        }
    }

    /** What the superuser's own connections need to verify the server: the same checks a production client makes. */
    static Properties clientProperties(LocalPostgresConfig.Tls tls) {
        Properties properties = new Properties();
        properties.setProperty("sslmode", "verify-full");
        properties.setProperty("sslrootcert", tls.caCertificate().toString());
        return properties;
    }

    private static void copy(Path from, Path to, String mode, OsUser osUser) throws IOException {
        Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(to, PosixFilePermissions.fromString(mode));
        osUser.own(to);
    }
}
