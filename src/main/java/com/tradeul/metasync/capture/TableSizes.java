package com.tradeul.metasync.capture;

import com.tradeul.metasync.clients.PostgresConnections;
import com.tradeul.metasync.config.TableId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Row counts for progress displays: PostgreSQL's estimate when it has one, else an exact count. */
public final class TableSizes {

    private TableSizes() {}

    /** Sum over the configured tables; 0 when PostgreSQL cannot be asked (progress then shows counts only). */
    public static long estimate(PostgresConnections postgres) {
        long total = 0;
        try (Connection connection = postgres.open("progress")) {
            for (TableId table : postgres.settings().tables()) {
                total += estimate(connection, table);
            }
            return total;
        } catch (RuntimeException | SQLException e) {
            return 0;
        }
    }

    private static long estimate(Connection connection, TableId table) throws SQLException {
        String name = PostgresPreflight.quoted(table);
        try (PreparedStatement s = connection.prepareStatement("SELECT reltuples::bigint FROM pg_class WHERE oid = to_regclass(?)")) {
            s.setString(1, name);
            try (ResultSet rs = s.executeQuery()) {
                if (rs.next() && rs.getLong(1) > 0) {
                    return rs.getLong(1); // never analyzed: -1 (PostgreSQL 14+) or 0
                }
            }
        }
        try (PreparedStatement s = connection.prepareStatement("SELECT count(*) FROM " + name); ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
