package com.tradeul.metasync.devtools.local;

import com.tradeul.metasync.embedded.FreePorts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Settings of a {@link LocalPostgres}. The port is fixed when built, so restarts keep it.
 *
 * @param dir        directory holding {@code data/} and {@code run/} (socket and server log)
 * @param binDir     directory with {@code initdb} and {@code pg_ctl}
 * @param port       TCP port on 127.0.0.1
 * @param password   password of the {@code postgres} superuser, set at initdb
 * @param walLevel   {@code logical} or {@code replica}
 * @param fastUnsafe {@code fsync=off}: faster, loses data on a crash. Not {@code synchronous_commit=off}:
 *     logical decoding sends only flushed WAL, so with it every change waited for the WAL writer
 *     (wal_writer_delay, 200 ms): the bench measured p50 ~200 ms from commit to Redis
 * @param tls        null: TCP with a password, no TLS; else TLS only, as production runs ({@link Tls})
 */
public record LocalPostgresConfig(Path dir, Path binDir, int port, String password, String walLevel,
                                  boolean fastUnsafe, Tls tls) {

    /**
     * A server that accepts TCP connections over TLS only, each authenticated with SCRAM
     * ({@code hostssl ... scram-sha-256}, replication included, and no {@code host} or {@code local}
     * line), as a managed PostgreSQL does.
     *
     * @param certificate   server certificate (PEM), valid for 127.0.0.1
     * @param privateKey    its key (PEM); the server gets a copy it owns with mode 0600, as it requires
     * @param caCertificate the CA that signed it, and whose client certificates the server accepts (ssl_ca_file)
     * @param clientCertificateUsers users who must also present a client certificate whose CN is their
     *     name ({@code clientcert=verify-full})
     */
    public record Tls(Path certificate, Path privateKey, Path caCertificate, List<String> clientCertificateUsers) {

        static final String CERTIFICATE_FILE = "server.crt";
        static final String KEY_FILE = "server.key";
        static final String CA_FILE = "root.crt";

        public Tls {
            Objects.requireNonNull(certificate, "certificate");
            Objects.requireNonNull(privateKey, "privateKey");
            Objects.requireNonNull(caCertificate, "caCertificate");
            clientCertificateUsers = List.copyOf(clientCertificateUsers);
        }

        /** pg_hba.conf: the users with client certificates first, since the first matching line decides. */
        String hba() {
            StringBuilder text = new StringBuilder("# Written by LocalPostgres: TLS only, SCRAM passwords; nothing else may connect.\n");
            for (String user : clientCertificateUsers) {
                for (String database : List.of("all", "replication")) {
                    text.append("hostssl ").append(database).append(" \"").append(user)
                            .append("\" 127.0.0.1/32 scram-sha-256 clientcert=verify-full\n");
                }
            }
            text.append("hostssl all all 127.0.0.1/32 scram-sha-256\n");
            text.append("hostssl replication all 127.0.0.1/32 scram-sha-256\n");
            return text.toString();
        }
    }

    static final Path DEBIAN_ROOT = Path.of("/usr/lib/postgresql");
    private static final Set<String> WAL_LEVELS = Set.of("replica", "logical");

    public LocalPostgresConfig {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(binDir, "binDir");
        if (password == null || password.isEmpty() || password.contains("\n")) {
            throw new IllegalArgumentException("password must be a non-empty single line");
        }
        if (!WAL_LEVELS.contains(walLevel)) {
            throw new IllegalArgumentException("walLevel must be one of " + WAL_LEVELS + ", was " + walLevel);
        }
    }

    /** The same settings without TLS. */
    public LocalPostgresConfig(Path dir, Path binDir, int port, String password, String walLevel, boolean fastUnsafe) {
        this(dir, binDir, port, password, walLevel, fastUnsafe, null);
    }

    /** Masks the password, so that logging a config never leaks it. */
    @Override
    public String toString() {
        return "LocalPostgresConfig[dir=" + dir + ", binDir=" + binDir + ", port=" + port + ", password=***, walLevel="
                + walLevel + ", fastUnsafe=" + fastUnsafe + ", tls=" + (tls != null) + "]";
    }

    /** The lines of the settings file that postgresql.conf includes. */
    static String settings(LocalPostgresConfig config, Path socketDir) {
        String text = "port = " + config.port() + "\n"
                + "listen_addresses = '127.0.0.1'\n"
                + "unix_socket_directories = '" + socketDir.toAbsolutePath().toString().replace("'", "''") + "'\n"
                + "wal_level = " + config.walLevel() + "\n"
                + "max_replication_slots = 100\n"
                + "max_wal_senders = 100\n"
                // A forgotten slot cannot fill the disk (metasync doctor warns when this is unlimited).
                + "max_slot_wal_keep_size = 4GB\n"
                + "max_connections = 200\n";
        if (config.tls() != null) {
            text += "ssl = on\n"
                    + "ssl_cert_file = '" + Tls.CERTIFICATE_FILE + "'\n"
                    + "ssl_key_file = '" + Tls.KEY_FILE + "'\n"
                    + "ssl_ca_file = '" + Tls.CA_FILE + "'\n"
                    + "password_encryption = 'scram-sha-256'\n";
        }
        return config.fastUnsafe() ? text + "fsync = off\n" : text;
    }

    /** The newest {@code /usr/lib/postgresql/N/bin} that holds {@code initdb}, as Debian installs it. */
    static Optional<Path> newestDebianBinDir(Path root) {
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.filter(v -> v.getFileName().toString().matches("\\d+"))
                    .map(v -> v.resolve("bin"))
                    .filter(bin -> Files.isExecutable(bin.resolve("initdb")))
                    .max(Comparator.comparingInt(bin -> Integer.parseInt(bin.getParent().getFileName().toString())));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Not thread-safe; build once, then share the started {@link LocalPostgres}. */
    public static final class Builder {
        private final Path dir;
        private Path binDir;
        private int port;
        private String password = "postgres";
        private String walLevel = "logical";
        private boolean fastUnsafe;
        private Certificates.Issued serverCertificate;
        private Path caCertificate;
        private final List<String> clientCertificateUsers = new ArrayList<>();

        Builder(Path dir) {
            this.dir = Objects.requireNonNull(dir, "dir");
        }

        /** Default: the newest {@code /usr/lib/postgresql/N/bin}. */
        public Builder binDir(Path binDir) {
            this.binDir = binDir;
            return this;
        }

        /** Default 0: a free port. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder password(String password) {
            this.password = password;
            return this;
        }

        public Builder walLevel(String walLevel) {
            this.walLevel = walLevel;
            return this;
        }

        public Builder fastUnsafe(boolean fastUnsafe) {
            this.fastUnsafe = fastUnsafe;
            return this;
        }

        /** TLS only, with this server certificate (from {@link Certificates#server}) and the CA that signed it. */
        public Builder tls(Certificates.Issued serverCertificate, Path caCertificate) {
            this.serverCertificate = serverCertificate;
            this.caCertificate = caCertificate;
            return this;
        }

        /** With {@link #tls}: {@code user} must also present a client certificate whose CN is its name. */
        public Builder requireClientCertificate(String user) {
            clientCertificateUsers.add(user);
            return this;
        }

        /** A stopped server; call {@link LocalPostgres#start()}. */
        public LocalPostgres build() {
            Path bin = binDir != null ? binDir : newestDebianBinDir(DEBIAN_ROOT).orElseThrow(() ->
                    new IllegalStateException("PostgreSQL server binaries not found under " + DEBIAN_ROOT
                            + "/*/bin. Fix: apt-get install -y postgresql (or run ./dev install)"));
            if (serverCertificate == null && !clientCertificateUsers.isEmpty()) {
                throw new IllegalStateException("requireClientCertificate needs tls(...) too");
            }
            Tls tls = serverCertificate == null ? null
                    : new Tls(serverCertificate.certificate(), serverCertificate.privateKey(), caCertificate, clientCertificateUsers);
            return new LocalPostgres(new LocalPostgresConfig(dir.toAbsolutePath(), bin, FreePorts.pickOrCheck(port),
                    password, walLevel, fastUnsafe, tls));
        }

        /** Shorthand for {@code build().start()}. */
        public LocalPostgres start() {
            return build().start();
        }
    }
}
