package com.tradeul.metasync.monitor;

import com.tradeul.metasync.config.PostgresSettings;
import com.tradeul.metasync.config.MetasyncConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Properties;

/** Reads metasync's replication slot from {@code pg_replication_slots}. */
public final class SlotReader {

    private static final String QUERY = "SELECT active, wal_status, plugin,"
            + " COALESCE(pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn), 0)::bigint"
            + " FROM pg_replication_slots WHERE slot_name = ?";

    private final PostgresSettings postgres;

    public SlotReader(PostgresSettings postgres) {
        this.postgres = postgres;
    }

    public SlotStatus read() throws SQLException {
        // Not PostgresPreflight.connect: the sampling thread needs a socket timeout, so a hung
        // PostgreSQL delays one sample instead of stopping every later one.
        Properties props = new Properties();
        props.setProperty("user", postgres.user());
        props.setProperty("password", postgres.password());
        props.setProperty("connectTimeout", "5");
        props.setProperty("socketTimeout", "10");
        props.setProperty("ApplicationName", "metasync-monitor");
        try (Connection c = DriverManager.getConnection(postgres.jdbcUrl(), props)) {
            return read(c, postgres.slot());
        }
    }

    public static SlotStatus read(Connection connection, String slot) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement(QUERY)) {
            s.setString(1, slot);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return SlotStatus.missing(slot);
                }
                return new SlotStatus(slot, true, rs.getBoolean(1), rs.getString(2), rs.getLong(4), rs.getString(3));
            }
        }
    }
}
