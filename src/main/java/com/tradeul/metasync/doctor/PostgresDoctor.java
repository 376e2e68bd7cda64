package com.tradeul.metasync.doctor;

import static com.tradeul.metasync.doctor.DoctorRules.PG;

import com.tradeul.metasync.capture.AccessVerdict;
import com.tradeul.metasync.capture.CaptureAccess;
import com.tradeul.metasync.capture.ColumnFilter;
import com.tradeul.metasync.capture.ConnectorProperties;
import com.tradeul.metasync.capture.PostgresPreflight;
import com.tradeul.metasync.clients.PostgresConnections;
import com.tradeul.metasync.config.ConfigException;
import com.tradeul.metasync.config.MetasyncConfig;
import com.tradeul.metasync.config.PostgresSettings;
import com.tradeul.metasync.config.TableId;
import com.tradeul.metasync.monitor.SlotReader;
import com.tradeul.metasync.monitor.SlotStatus;
import com.tradeul.metasync.normalize.KeyTemplate;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Reads what capture needs from PostgreSQL and judges it ({@link DoctorRules}, and capture's own start-up checks). */
final class PostgresDoctor {

    private final MetasyncConfig config;
    private final PostgresConnections postgres;

    PostgresDoctor(MetasyncConfig config, PostgresConnections postgres) {
        this.config = config;
        this.postgres = postgres;
    }

    List<Check> run() {
        List<Check> checks = new ArrayList<>();
        PostgresSettings pg = config.postgres();
        Connection connection;
        try {
            connection = postgres.open("doctor");
        } catch (ConfigException e) {
            checks.add(Check.fail(PG, "connection to " + pg, e.problem(), e.fix()));
            return checks;
        }
        try (connection) {
            checks.add(Check.pass(PG, "connection to " + pg, "connected"));
            checks.add(asCheck("wal_level", "logical", () -> PostgresPreflight.checkWalLevel(connection)));
            CaptureAccess access = new CaptureAccess(connection, pg);
            // Before the slot counts: the check's temporary slot is gone by then.
            checks.add(check("replication privilege of " + pg.user(), access.replication()));
            SlotStatus slot = SlotReader.read(connection, pg.slot());
            checks.add(DoctorRules.slotCapacity("max_replication_slots", count(connection, "SELECT count(*) FROM pg_replication_slots"),
                    setting(connection, "max_replication_slots"), slot.exists()));
            checks.add(DoctorRules.slotCapacity("max_wal_senders", count(connection, "SELECT count(*) FROM pg_stat_replication"),
                    setting(connection, "max_wal_senders"), slot.active()));
            checks.add(DoctorRules.walKeepSize(show(connection, "max_slot_wal_keep_size")));
            for (TableId table : pg.tables()) {
                checks.add(check("SELECT on " + table, access.readable(table)));
                checks.addAll(tableChecks(connection, table));
            }
            checks.add(check("publication " + pg.publication(), access.publication(PostgresPreflight.publicationMode(config))));
            checks.add(DoctorRules.slot(slot, config.monitor().slotWalThresholdBytes(), pg.database()));
        } catch (SQLException e) {
            checks.add(Check.fail(PG, "queries", "a check query failed: " + e.getMessage(), "check postgres.user's privileges"));
        }
        return checks;
    }

    private List<Check> tableChecks(Connection connection, TableId table) throws SQLException {
        List<Check> checks = new ArrayList<>();
        List<String> key;
        try {
            key = PostgresPreflight.primaryKey(connection, table, config.postgres().database());
            checks.add(Check.pass(PG, "primary key of " + table, String.join(", ", key)));
        } catch (ConfigException e) {
            checks.add(Check.fail(PG, "primary key of " + table, e.problem(), e.fix()));
            return checks;
        }
        KeyTemplate template = config.keyTemplates().get(table);
        if (template != null) {
            checks.add(asCheck("key template of " + table, template.toString(), () -> PostgresPreflight.checkTemplate(table, template, key)));
        }
        checks.add(asCheck("columns of " + table, "every column type is carried by capture",
                () -> PostgresPreflight.checkCarriedColumns(connection, table,
                        ColumnFilter.of(ConnectorProperties.connector(config)))));
        if (!config.rowShape(table).equals(com.tradeul.metasync.normalize.RowShape.DEFAULT)) {
            checks.add(asCheck("column settings of " + table, "every column named exists and is written as set",
                    () -> PostgresPreflight.checkRowShape(connection, config, table, key)));
        }
        char identity = 'd';
        try (PreparedStatement s = connection.prepareStatement("SELECT relreplident FROM pg_class WHERE oid = to_regclass(?)")) {
            s.setString(1, PostgresPreflight.quoted(table));
            try (ResultSet rs = s.executeQuery()) {
                if (rs.next()) {
                    identity = rs.getString(1).charAt(0);
                }
            }
        }
        List<String> toastable = new ArrayList<>();
        try (PreparedStatement s = connection.prepareStatement("SELECT attname FROM pg_attribute WHERE attrelid = to_regclass(?)"
                + " AND attnum > 0 AND NOT attisdropped AND attstorage IN ('x', 'e') ORDER BY attnum")) {
            s.setString(1, PostgresPreflight.quoted(table));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    toastable.add(rs.getString(1));
                }
            }
        }
        checks.add(DoctorRules.replicaIdentity(table.toString(), identity, toastable));
        return checks;
    }

    /** One of capture's access verdicts as a doctor item. */
    static Check check(String item, AccessVerdict verdict) {
        return switch (verdict.kind()) {
            case ALLOWED -> Check.pass(PG, item, verdict.detail());
            case UNSURE -> Check.warn(PG, item, verdict.detail(), verdict.fix());
            case DENIED -> Check.fail(PG, item, verdict.detail(), verdict.fix());
        };
    }

    private interface StartCheck {
        void run() throws SQLException;
    }

    /** One of capture's own start-up checks as a doctor item: its ConfigException is the FAIL and its fix. */
    private static Check asCheck(String item, String passDetail, StartCheck check) throws SQLException {
        try {
            check.run();
            return Check.pass(PG, item, passDetail);
        } catch (ConfigException e) {
            return Check.fail(PG, item, e.problem(), e.fix());
        }
    }

    private static int count(Connection connection, String sql) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static int setting(Connection connection, String name) throws SQLException {
        return Integer.parseInt(show(connection, name));
    }

    private static String show(Connection connection, String name) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SHOW " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
