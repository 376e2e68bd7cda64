package com.tradeul.metasync.it;

import static org.awaitility.Awaitility.await;

import com.tradeul.metasync.devtools.local.LocalPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The faults that take capture's position away, done to a real PostgreSQL as an operator or the
 * server itself would: the replication slot dropped, the slot invalidated by
 * {@code max_slot_wal_keep_size}, the cluster replaced by a dump restored into a fresh initdb.
 * For any IT (the fault matrix among them); each returns once the fault has happened.
 */
final class PostgresFaults {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private PostgresFaults() {}

    /**
     * Drops {@code slot} as a DBA would: the walsender using it is terminated first (an active slot
     * cannot be dropped), again if capture reconnected in between.
     */
    static void dropSlot(LocalPostgres postgres, String slot) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(20)).ignoreExceptions().until(() -> {
            try (Connection c = postgres.connect(); Statement s = c.createStatement()) {
                s.execute("SELECT pg_terminate_backend(active_pid) FROM pg_replication_slots WHERE slot_name = '" + slot
                        + "' AND active_pid IS NOT NULL");
                s.execute("SELECT pg_drop_replication_slot('" + slot + "')");
                return true;
            }
        });
    }

    /**
     * Invalidates {@code slot} the way PostgreSQL does: {@code max_slot_wal_keep_size} set tiny, WAL
     * written past it (segment switches) and a checkpoint, until {@code wal_status = 'lost'};
     * Debezium confirms its position only every {@code status.update.interval.ms} (10 s), so the
     * slot is behind meanwhile. The setting is put back before returning, so that the new slot
     * capture creates stays.
     */
    static void invalidateSlot(LocalPostgres postgres, String slot) throws SQLException {
        try (Connection c = postgres.connect(); Statement s = c.createStatement()) {
            s.execute("ALTER SYSTEM SET max_slot_wal_keep_size = '1MB'");
            s.execute("SELECT pg_reload_conf()");
            s.execute("CREATE TABLE IF NOT EXISTS wal_filler (n bigint)");
            try {
                await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> {
                    s.execute("INSERT INTO wal_filler SELECT generate_series(1, 1000)");
                    s.execute("SELECT pg_switch_wal()");
                    s.execute("INSERT INTO wal_filler VALUES (0)");
                    s.execute("SELECT pg_switch_wal()");
                    s.execute("CHECKPOINT");
                    return "lost".equals(walStatus(c, slot));
                });
            } finally {
                s.execute("ALTER SYSTEM RESET max_slot_wal_keep_size");
                s.execute("SELECT pg_reload_conf()");
            }
        }
    }

    static String walStatus(Connection c, String slot) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT wal_status FROM pg_replication_slots WHERE slot_name = ?")) {
            s.setString(1, slot);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /**
     * Moves {@code old}'s WAL position on by {@code segments} segments (16 MB each): a cluster that has
     * run for a while is far ahead of a fresh initdb, as in production.
     */
    static void ageWal(LocalPostgres old, int segments) throws SQLException {
        try (Connection c = old.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS wal_filler (n bigint)");
            for (int i = 0; i < segments; i++) {
                s.execute("INSERT INTO wal_filler VALUES (" + i + ")");
                s.execute("SELECT pg_switch_wal()");
            }
        }
    }

    /**
     * Replaces {@code old} by another cluster as an operator migrating would: a fresh initdb in
     * {@code dir} (a new system identifier, LSNs from the start again), {@code tables} copied with
     * pg_dump and restored with psql, the old server stopped and {@code address} (what metasync and
     * the application connect to) pointed at the new one. The old server's data stays in its directory.
     *
     * @return the new cluster, started; the caller closes it
     */
    static LocalPostgres replaceCluster(LocalPostgres old, TcpForwarder address, Path dir, List<String> tables) throws Exception {
        LocalPostgres fresh = LocalPostgres.builder(dir).fastUnsafe(true).start();
        Path dump = Files.createTempFile(dir.getParent(), "dump-", ".sql");
        List<String> pgDump = new ArrayList<>(List.of(bin("pg_dump"), "--no-owner", "--no-acl", "-h", old.host(),
                "-p", Integer.toString(old.port()), "-U", old.user(), "-f", dump.toString()));
        tables.forEach(t -> pgDump.addAll(List.of("-t", "public." + t)));
        pgDump.add("postgres");
        run(pgDump, old.password());
        run(List.of(bin("psql"), "-q", "-v", "ON_ERROR_STOP=1", "-h", fresh.host(), "-p", Integer.toString(fresh.port()),
                "-U", fresh.user(), "-d", "postgres", "-f", dump.toString()), fresh.password());
        old.stop();
        address.target(fresh.port());
        return fresh;
    }

    static String systemIdentifier(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT system_identifier::text FROM pg_control_system()")) {
            rs.next();
            return rs.getString(1);
        }
    }

    static long currentLsn(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT (pg_current_wal_lsn() - '0/0')::bigint")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String bin(String name) {
        try (var versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.map(v -> v.resolve("bin").resolve(name)).filter(Files::isExecutable).max(Path::compareTo)
                    .orElseThrow(() -> new IllegalStateException(name + " not found under /usr/lib/postgresql/*/bin")).toString();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void run(List<String> command, String password) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("PGPASSWORD", password);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
    }
}
