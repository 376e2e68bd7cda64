package com.tradeul.metasync.capture;

import com.tradeul.metasync.clients.PostgresConnections;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * What {@link SourceCheck} decides from, read from PostgreSQL: the cluster's system identifier and
 * capture's replication slot; and the one change it makes there, dropping that slot before a fresh
 * snapshot. Each call opens a connection of its own (with a socket timeout: the watchdog calls it
 * on a schedule). Thread safe.
 */
final class SourceProbe {

    private final PostgresConnections postgres;
    private final String slot;

    SourceProbe(PostgresConnections postgres) {
        this.postgres = postgres;
        this.slot = postgres.settings().slot();
    }

    /** @throws RuntimeException when PostgreSQL cannot be reached or read */
    SourceCheck.Observed observe() {
        try (Connection c = postgres.openForSampling("capture-check"); Statement s = c.createStatement()) {
            String system;
            try (ResultSet rs = s.executeQuery("SELECT system_identifier::text FROM pg_control_system()")) {
                rs.next();
                system = rs.getString(1);
            }
            return new SourceCheck.Observed(system, slot(c));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read PostgreSQL's system identifier and replication slot " + slot + ": "
                    + e.getMessage(), e);
        }
    }

    private SourceCheck.Slot slot(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT wal_status FROM pg_replication_slots WHERE slot_name = ?")) {
            s.setString(1, slot);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return SourceCheck.Slot.MISSING;
                }
                return "lost".equals(rs.getString(1)) ? SourceCheck.Slot.LOST : SourceCheck.Slot.PRESENT;
            }
        }
    }

    /** The current WAL position: every change capture read from this cluster is at or before it. */
    long currentLsn() {
        try (Connection c = postgres.openForSampling("capture-check"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT (pg_current_wal_lsn() - '0/0')::bigint")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read PostgreSQL's WAL position: " + e.getMessage(), e);
        }
    }

    /**
     * Drops capture's slot if it exists, ending the session that holds it (capture's own, retrying),
     * so that Debezium creates a new one with a snapshot that matches it exactly.
     *
     * @return whether a slot was dropped
     */
    boolean dropSlot() {
        for (int attempt = 1; ; attempt++) {
            try (Connection c = postgres.open("capture-check")) {
                try (PreparedStatement end = c.prepareStatement("SELECT pg_terminate_backend(active_pid) FROM pg_replication_slots"
                        + " WHERE slot_name = ? AND active_pid IS NOT NULL")) {
                    end.setString(1, slot);
                    end.execute();
                }
                try (PreparedStatement drop = c.prepareStatement("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots"
                        + " WHERE slot_name = ?"); ) {
                    drop.setString(1, slot);
                    try (ResultSet rs = drop.executeQuery()) {
                        return rs.next();
                    }
                }
            } catch (SQLException e) {
                if (attempt >= 10) {
                    throw new IllegalStateException("cannot drop replication slot " + slot + " before the fresh snapshot: "
                            + e.getMessage() + ". Fix: SELECT pg_drop_replication_slot('" + slot + "'); then restart metasync", e);
                }
                sleep(500); // the slot was taken again between the two statements: a walsender ending
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
