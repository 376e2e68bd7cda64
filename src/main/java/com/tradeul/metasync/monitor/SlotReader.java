package com.tradeul.metasync.monitor;

import com.tradeul.metasync.clients.PostgresConnections;
import com.tradeul.metasync.config.MetasyncConfig;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Reads metasync's replication slot from {@code pg_replication_slots}. */
public final class SlotReader {

    private static final String QUERY = "SELECT active, wal_status, plugin,"
            + " COALESCE(pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn), 0)::bigint, database"
            + " FROM pg_replication_slots WHERE slot_name = ?";

    private final PostgresConnections postgres;

    public SlotReader(PostgresConnections postgres) {
        this.postgres = postgres;
    }

    public SlotStatus read() throws SQLException {
        try (Connection c = postgres.openForSampling("monitor")) {
            return read(c, postgres.settings().slot());
        }
    }

    public static SlotStatus read(Connection connection, String slot) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement(QUERY)) {
            s.setString(1, slot);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return SlotStatus.missing(slot);
                }
                return new SlotStatus(slot, true, rs.getBoolean(1), rs.getString(2), rs.getLong(4), rs.getString(3), rs.getString(5));
            }
        }
    }
}
