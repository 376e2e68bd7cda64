package com.tradeul.metasync.devtools.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server from the distribution's binaries, with its data under a given directory,
 * listening on 127.0.0.1 only. Local connections are trusted; TCP connections need the password.
 * With {@link LocalPostgresConfig.Tls}, TCP with TLS and SCRAM is the only way in.
 *
 * <p>An existing data directory is reused as is (the password then stays what it was at initdb);
 * the settings are rewritten at every start. Methods are synchronized, so it is thread-safe.
 */
public final class LocalPostgres implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalPostgres.class);
    private static final String HOST = "127.0.0.1";
    private static final String SUPERUSER = "postgres";
    private static final String FIX = "apt-get install -y postgresql (or run ./dev install)";
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(90);
    private static final String SETTINGS_FILE = "metasync.conf";
    /** Unix socket paths are limited to 107 bytes; keep room for "/.s.PGSQL.NNNNN". */
    private static final int MAX_SOCKET_DIR_LENGTH = 90;

    private final LocalPostgresConfig config;
    private final Path dataDir;
    private final Path socketDir;
    private final Path logFile;
    private final OsUser osUser;
    private final Thread shutdownHook = new Thread(this::stopQuietly, "local-postgres-shutdown");
    private boolean running;
    private boolean closed;

    LocalPostgres(LocalPostgresConfig config) {
        this.config = config;
        this.dataDir = config.dir().resolve("data");
        this.socketDir = config.dir().resolve("run");
        this.logFile = socketDir.resolve("postgres.log");
        this.osUser = OsUser.switchingFromRootTo(SUPERUSER, FIX);
        Commands.requireExecutable(config.binDir().resolve("pg_ctl"),
                FIX + ", or point binDir at PostgreSQL's bin directory");
    }

    /** Settings with defaults: newest installed PostgreSQL, free port, wal_level=logical. */
    public static LocalPostgresConfig.Builder builder(Path dir) {
        return new LocalPostgresConfig.Builder(dir);
    }

    /** Initializes the data directory if it is new, then starts the server and waits until it accepts connections. */
    public synchronized LocalPostgres start() {
        if (closed) {
            throw new IllegalStateException("LocalPostgres in " + config.dir() + " is closed; build a new one.");
        }
        if (running) {
            return this;
        }
        long began = System.nanoTime();
        prepareDirectories();
        if (!Files.exists(dataDir.resolve("PG_VERSION"))) {
            initdb();
        }
        writeSettings();
        if (config.tls() != null) {
            LocalPostgresTls.install(dataDir, config.tls(), osUser);
        }
        startServer();
        running = true;
        ShutdownHooks.add(shutdownHook);
        LOG.info("PostgreSQL started on {}:{} with wal_level={}{} in {} ms (data {})", HOST, config.port(), config.walLevel(),
                config.tls() == null ? "" : ", TLS only", (System.nanoTime() - began) / 1_000_000, dataDir);
        return this;
    }

    /** Stops the server (fast mode: active sessions are rolled back), keeping its data. */
    public synchronized void stop() {
        if (!running) {
            return;
        }
        pgCtl(List.of("-m", "fast", "-w", "stop"));
        running = false;
        ShutdownHooks.remove(shutdownHook);
        LOG.info("PostgreSQL on port {} stopped", config.port());
    }

    /** Stops and starts again on the same port and data directory. */
    public synchronized void restart() {
        stop();
        start();
    }

    @Override
    public synchronized void close() {
        stop();
        closed = true;
    }

    public String host() {
        return HOST;
    }

    public int port() {
        return config.port();
    }

    public String user() {
        return SUPERUSER;
    }

    public String password() {
        return config.password();
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + HOST + ":" + config.port() + "/" + database;
    }

    /**
     * A new connection to the {@code postgres} database as the superuser, over TCP with the password
     * (and with TLS, verifying the server's certificate and name).
     */
    public Connection connect() throws SQLException {
        Properties properties = config.tls() == null ? new Properties() : LocalPostgresTls.clientProperties(config.tls());
        properties.setProperty("user", SUPERUSER);
        properties.setProperty("password", config.password());
        return DriverManager.getConnection(jdbcUrl("postgres"), properties);
    }

    /**
     * Creates a role with a password (hashed with SCRAM by the server), e.g. a non-superuser for
     * capture: {@code createRole("app", password, "LOGIN REPLICATION")}.
     */
    public void createRole(String name, String password, String attributes) throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE ROLE \"" + name.replace("\"", "\"\"") + "\" " + attributes
                    + " PASSWORD '" + password.replace("'", "''") + "'");
        }
        LOG.info("Created role {} ({}) on port {}", name, attributes, config.port());
    }

    public void createDatabase(String name) throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE \"" + name.replace("\"", "\"\"") + "\"");
        }
        LOG.info("Created database {} on port {}", name, config.port());
    }

    private void prepareDirectories() {
        if (socketDir.toAbsolutePath().toString().length() > MAX_SOCKET_DIR_LENGTH) {
            throw new IllegalStateException("Directory " + config.dir() + " is too long for a Unix socket path."
                    + " Fix: use a directory path under " + MAX_SOCKET_DIR_LENGTH + " characters.");
        }
        try {
            Files.createDirectories(config.dir());
            osUser.makeTraversable(config.dir());
            osUser.createOwnedDirectory(dataDir);
            osUser.createOwnedDirectory(socketDir);
        } catch (IOException e) {
            throw new IllegalStateException("Could not prepare " + config.dir() + ": " + e.getMessage()
                    + ". Fix: make the directory writable, or choose another one.", e);
        }
    }

    private void initdb() {
        Path pwFile = socketDir.resolve("initdb.pw");
        try {
            Files.deleteIfExists(pwFile);
            Files.createFile(pwFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(pwFile, config.password() + "\n", StandardCharsets.UTF_8);
            osUser.own(pwFile);
            List<String> command = new ArrayList<>(List.of(bin("initdb"), "-D", dataDir.toString(),
                    "-U", SUPERUSER, "--pwfile=" + pwFile, "--auth-local=trust", "--auth-host=scram-sha-256",
                    "-E", "UTF8", "--locale=C"));
            if (config.fastUnsafe()) {
                command.add("--no-sync");
            }
            Commands.run(config.dir(), COMMAND_TIMEOUT, osUser.command(command));
            Files.writeString(dataDir.resolve("postgresql.conf"), "\ninclude '" + SETTINGS_FILE + "'\n",
                    StandardOpenOption.APPEND);
            LOG.info("Initialized PostgreSQL data directory {}", dataDir);
        } catch (IOException e) {
            throw new IllegalStateException("Could not initialize " + dataDir + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(pwFile);
        }
    }

    private void writeSettings() {
        Path file = dataDir.resolve(SETTINGS_FILE);
        try {
            Files.writeString(file, LocalPostgresConfig.settings(config, socketDir), StandardCharsets.UTF_8);
            osUser.own(file);
        } catch (IOException e) {
            throw new IllegalStateException("Could not write " + file + ": " + e.getMessage(), e);
        }
    }

    private void startServer() {
        try {
            pgCtl(List.of("-w", "-t", "60", "-l", logFile.toString(), "start"));
        } catch (IllegalStateException e) {
            throw new IllegalStateException("PostgreSQL did not start on port " + config.port() + ": "
                    + e.getMessage() + "\nServer log " + logFile + ":\n" + Commands.tailOf(logFile), e);
        }
    }

    private void pgCtl(List<String> args) {
        List<String> command = new ArrayList<>(List.of(bin("pg_ctl"), "-D", dataDir.toString()));
        command.addAll(args);
        Commands.run(config.dir(), COMMAND_TIMEOUT, osUser.command(command));
    }

    private String bin(String name) {
        return Commands.requireExecutable(config.binDir().resolve(name), FIX).toString();
    }

    private void stopQuietly() {
        try {
            synchronized (this) {
                if (running) {
                    pgCtl(List.of("-m", "fast", "-w", "stop"));
                    running = false;
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not stop PostgreSQL on port {} at JVM exit: {}", config.port(), e.getMessage());
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("Could not delete {}: {}", file, e.getMessage());
        }
    }
}
