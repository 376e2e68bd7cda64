package com.tradeul.metasync.capture;

import com.tradeul.metasync.clients.PostgresConnections;
import com.tradeul.metasync.config.TableId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replication slot capture's copy snapshot creates, with the snapshot PostgreSQL exports at
 * the slot's consistent point: every table read under {@link #snapshotName} sees exactly the rows
 * committed before the first change the slot will stream. The export lives only while the
 * replication session that created it stays open and idle, so this holds it until closed. The
 * publication is made first, as Debezium makes it (pgoutput cannot decode a change committed before
 * its publication existed). Not thread safe, except {@link #close}.
 */
final class CopySnapshotSlot implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CopySnapshotSlot.class);

    private final Connection replication;
    private final String snapshotName;
    private final long consistentLsn;

    private CopySnapshotSlot(Connection replication, String snapshotName, long consistentLsn) {
        this.replication = replication;
        this.snapshotName = snapshotName;
        this.consistentLsn = consistentLsn;
    }

    /**
     * @param publicationMode Debezium's {@code publication.autocreate.mode}: filtered, all_tables or disabled
     * @throws IllegalStateException when PostgreSQL refuses, naming the slot
     */
    static CopySnapshotSlot create(PostgresConnections postgres, String slot, String plugin, String publication, String publicationMode,
                                   List<TableId> tables) {
        try {
            ensurePublication(postgres, publication, publicationMode, tables);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create publication " + publication + " for the copy snapshot: " + e.getMessage(), e);
        }
        Connection replication = postgres.openReplication("capture-snapshot-slot");
        try (Statement s = replication.createStatement();
             ResultSet rs = s.executeQuery("CREATE_REPLICATION_SLOT \"" + slot.replace("\"", "\"\"") + "\" LOGICAL " + plugin
                     + " EXPORT_SNAPSHOT")) {
            rs.next();
            String snapshot = rs.getString("snapshot_name");
            long lsn = Lsns.parse(rs.getString("consistent_point"));
            LOG.info("replication slot {} created at {} with exported snapshot {}: the copy snapshot reads under it",
                    slot, rs.getString("consistent_point"), snapshot);
            return new CopySnapshotSlot(replication, snapshot, lsn);
        } catch (SQLException | RuntimeException e) {
            closeQuietly(replication);
            throw new IllegalStateException("cannot create replication slot " + slot + " for the copy snapshot: " + e.getMessage(), e);
        }
    }

    private static void ensurePublication(PostgresConnections postgres, String publication, String mode, List<TableId> tables)
            throws SQLException {
        if (mode.equals("disabled")) {
            return; // the operator's own: Debezium checks it
        }
        String list = tables.stream().map(t -> "\"" + t.schema() + "\".\"" + t.table() + "\"").collect(Collectors.joining(", "));
        try (Connection c = postgres.open("capture-snapshot-publication"); Statement s = c.createStatement()) {
            Set<String> published = published(c, publication);
            if (published == null) {
                String create = mode.equals("all_tables") ? "CREATE PUBLICATION " + publication + " FOR ALL TABLES"
                        : "CREATE PUBLICATION " + publication + " FOR TABLE " + list;
                LOG.info("creating publication before the slot: {}", create);
                s.execute(create);
            } else if (mode.equals("filtered") && !published.equals(tables.stream().map(TableId::toString).collect(Collectors.toSet()))) {
                String alter = "ALTER PUBLICATION " + publication + " SET TABLE " + list;
                LOG.info("updating publication before the slot: {}", alter);
                s.execute(alter);
            }
        }
    }

    /** The tables the publication holds as schema.table; null when there is no such publication. */
    private static Set<String> published(Connection c, String publication) throws SQLException {
        try (PreparedStatement exists = c.prepareStatement("SELECT puballtables FROM pg_publication WHERE pubname = ?")) {
            exists.setString(1, publication);
            try (ResultSet rs = exists.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
            }
        }
        Set<String> tables = new HashSet<>();
        try (PreparedStatement list = c.prepareStatement("SELECT schemaname, tablename FROM pg_publication_tables WHERE pubname = ?")) {
            list.setString(1, publication);
            try (ResultSet rs = list.executeQuery()) {
                while (rs.next()) {
                    tables.add(rs.getString(1) + "." + rs.getString(2));
                }
            }
        }
        return tables;
    }

    String snapshotName() {
        return snapshotName;
    }

    /** The slot's consistent point: the position of every row the snapshot reads. */
    long consistentLsn() {
        return consistentLsn;
    }

    /** Ends the export (the slot stays, for Debezium to stream from). Safe to call from another thread to cancel. */
    @Override
    public void close() {
        closeQuietly(replication);
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            LOG.debug("closing the snapshot's replication connection: {}", e.toString());
        }
    }

    /** PostgreSQL's {@code X/Y} LSN text as the number Debezium's offsets hold. Pure. */
    static final class Lsns {
        private Lsns() {}

        static long parse(String text) {
            int slash = text.indexOf('/');
            if (slash <= 0) {
                throw new IllegalArgumentException("'" + text + "' is not an LSN (X/Y)");
            }
            return (Long.parseLong(text.substring(0, slash), 16) << 32) | Long.parseLong(text.substring(slash + 1), 16);
        }
    }
}
