package com.tradeul.metasync.capture;

import com.tradeul.metasync.clients.PostgresConnections;
import com.tradeul.metasync.config.ConfigException;
import com.tradeul.metasync.config.MetasyncConfig;
import com.tradeul.metasync.config.PostgresSettings;
import com.tradeul.metasync.config.RowShapeRules;
import com.tradeul.metasync.config.TableId;
import com.tradeul.metasync.normalize.KeyTemplate;
import com.tradeul.metasync.normalize.RowShape;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks, before capture starts, what would otherwise fail later and less clearly: connector
 * settings that break the text path ({@link TextPathRules}), credentials, {@code wal_level}, what
 * the user may do ({@link CaptureAccess}: replication slots, SELECT, the publication), the slot,
 * that every table exists with a primary key that covers its key template, and that every
 * captured column's type can be carried ({@link ColumnCatalog}). Each failure is a
 * {@link ConfigException} naming the fix: {@code UNFIT} for what PostgreSQL lacks or refuses, {@code SETTING}
 * for a key template that names a column outside the primary key (the template is what to change).
 */
public final class PostgresPreflight {

    private static final String PRIMARY_KEY_SQL = """
            SELECT a.attname FROM pg_index i
            JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
            WHERE i.indrelid = to_regclass(?) AND i.indisprimary
            ORDER BY array_position(i.indkey, a.attnum)""";

    private PostgresPreflight() {}

    /** @return the columns capture carries, per table, and how each one's text reads */
    public static CapturedColumns check(MetasyncConfig config, PostgresConnections postgres) {
        PostgresSettings pg = config.postgres();
        Map<String, String> connector = ConnectorProperties.connector(config);
        TextPathRules.check(connector);
        ColumnFilter filter = ColumnFilter.of(connector);
        try (Connection connection = postgres.open("preflight")) {
            checkWalLevel(connection);
            CaptureAccess access = new CaptureAccess(connection, pg);
            access.replication().orThrow();
            access.slot().orThrow();
            ColumnCatalog catalog = new ColumnCatalog(connection);
            Map<TableId, List<CapturedColumns.Column>> columns = new LinkedHashMap<>();
            for (TableId table : pg.tables()) {
                access.readable(table).orThrow();
                List<String> key = primaryKey(connection, table, pg.database());
                KeyTemplate template = config.keyTemplates().get(table);
                if (template != null) {
                    checkTemplate(table, template, key);
                }
                columns.put(table, catalog.columns(table, filter));
            }
            access.publication(publicationMode(config)).orThrow();
            checkPublishedColumns(connection, pg.publication(), columns);
            return new CapturedColumns(columns);
        } catch (SQLException e) {
            throw failedCheck(pg, e);
        }
    }

    /** A carried column the publication's column list (PostgreSQL 15+) leaves out, for one table. */
    private static final String UNPUBLISHED_SQL = """
            SELECT a.attname FROM pg_publication p JOIN pg_publication_rel r ON r.prpubid = p.oid
            JOIN pg_attribute a ON a.attrelid = r.prrelid AND a.attnum > 0 AND NOT a.attisdropped
            WHERE p.pubname = ? AND r.prrelid = to_regclass(?) AND r.prattrs IS NOT NULL
              AND NOT a.attnum = ANY(r.prattrs::int2[])
            ORDER BY a.attnum""";

    /**
     * Refuses a publication that publishes only some columns of a captured table (PostgreSQL 15's
     * column lists) when a carried column is left out: pgoutput would not stream it, the snapshot
     * would read it, and Debezium (whose filtered mode compares only the tables of a publication,
     * and so keeps the list) would drop it from every change without a word.
     */
    static void checkPublishedColumns(Connection connection, String publication,
                                      Map<TableId, List<CapturedColumns.Column>> columns) throws SQLException {
        if (connection.getMetaData().getDatabaseMajorVersion() < 15) {
            return; // no column lists before PostgreSQL 15
        }
        for (Map.Entry<TableId, List<CapturedColumns.Column>> table : columns.entrySet()) {
            List<String> carried = table.getValue().stream().map(CapturedColumns.Column::name).toList();
            try (PreparedStatement statement = connection.prepareStatement(UNPUBLISHED_SQL)) {
                statement.setString(1, publication);
                statement.setString(2, quoted(table.getKey()));
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        if (carried.contains(rs.getString(1))) {
                            String qualified = table.getKey() + "." + rs.getString(1);
                            throw ConfigException.unfit("publication " + publication + " publishes only some columns of table "
                                    + table.getKey() + " and leaves out column " + qualified + ", so pgoutput would not stream"
                                    + " it: Redis would hold it from the snapshot and lose it at the row's next change",
                                    "publish the whole table (ALTER PUBLICATION " + publication + " DROP TABLE " + table.getKey()
                                            + "; ALTER PUBLICATION " + publication + " ADD TABLE " + table.getKey() + "), or leave"
                                            + " the column out on purpose with debezium.column.exclude.list="
                                            + ColumnFilter.exclusionOf(qualified));
                        }
                    }
                }
            }
        }
    }

    private static final String COLUMN_NAMES_SQL = """
            SELECT attname FROM pg_attribute WHERE attrelid = to_regclass(?) AND attnum > 0 AND NOT attisdropped ORDER BY attnum""";

    /**
     * Refuses, before data moves, the column selections, renames and per-column settings that do not
     * fit their table's columns ({@link RowShapeRules}). Reads PostgreSQL only for tables that have
     * such settings, so an apply-only process without them needs no PostgreSQL.
     */
    public static void checkRowShapes(MetasyncConfig config, PostgresConnections postgres) {
        List<TableId> shaped = config.postgres().tables().stream()
                .filter(t -> !config.rowShape(t).equals(RowShape.DEFAULT)).toList();
        if (shaped.isEmpty()) {
            return;
        }
        try (Connection connection = postgres.open("preflight")) {
            for (TableId table : shaped) {
                checkRowShape(connection, config, table, primaryKey(connection, table, config.postgres().database()));
            }
        } catch (SQLException e) {
            throw failedCheck(config.postgres(), e);
        }
    }

    /** {@link #checkRowShapes} for one table whose primary key is known; for {@code doctor} too. */
    public static void checkRowShape(Connection connection, MetasyncConfig config, TableId table, List<String> key) throws SQLException {
        ColumnFilter filter = ColumnFilter.of(ConnectorProperties.connector(config));
        List<String> columns = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(COLUMN_NAMES_SQL)) {
            statement.setString(1, quoted(table));
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    if (filter.carried(table + "." + rs.getString(1))) {
                        columns.add(rs.getString(1));
                    }
                }
            }
        }
        KeyTemplate template = config.keyTemplates().get(table);
        RowShapeRules.check(config.tableSettings(table), columns, template == null ? key : template.placeholders());
    }

    /** Debezium's publication.autocreate.mode as capture will run it (its default is all_tables). */
    public static String publicationMode(MetasyncConfig config) {
        return ConnectorProperties.connector(config).getOrDefault("publication.autocreate.mode", "all_tables")
                .trim().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * The primary-key columns of each table, checking only that the tables exist with keys (what
     * reading them needs, not streaming): for verify and other commands that do not capture.
     */
    public static Map<TableId, List<String>> primaryKeys(PostgresConnections postgres) {
        PostgresSettings pg = postgres.settings();
        try (Connection connection = postgres.open("preflight")) {
            Map<TableId, List<String>> keys = new LinkedHashMap<>();
            for (TableId table : pg.tables()) {
                keys.put(table, primaryKey(connection, table, pg.database()));
            }
            return keys;
        } catch (SQLException e) {
            throw failedCheck(pg, e);
        }
    }

    private static ConfigException failedCheck(PostgresSettings pg, SQLException e) {
        return new ConfigException(PostgresConnections.kindOf(e), "PostgreSQL at " + pg + " failed a start-up check: " + e.getMessage(),
                "check the postgres.* settings", e);
    }

    public static void checkWalLevel(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SHOW wal_level")) {
            rs.next();
            String level = rs.getString(1);
            if (!"logical".equals(level)) {
                throw ConfigException.unfit("PostgreSQL wal_level is '" + level + "' but change capture needs 'logical'",
                        "run ALTER SYSTEM SET wal_level = logical; then restart PostgreSQL");
            }
        }
    }

    public static List<String> primaryKey(Connection connection, TableId table, String database) throws SQLException {
        try (PreparedStatement exists = connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            exists.setString(1, quoted(table));
            try (ResultSet rs = exists.executeQuery()) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    throw ConfigException.unfit("table " + table + " does not exist in database '" + database + "'",
                            "create it, or correct postgres.tables");
                }
            }
        }
        List<String> columns = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(PRIMARY_KEY_SQL)) {
            statement.setString(1, quoted(table));
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    columns.add(rs.getString(1));
                }
            }
        }
        if (columns.isEmpty()) {
            throw ConfigException.unfit("table " + table + " has no primary key, so its rows have no Redis key",
                    "add one (ALTER TABLE " + table + " ADD PRIMARY KEY (...)) or remove the table from postgres.tables");
        }
        return List.copyOf(columns);
    }

    /**
     * Refuses a column capture cannot carry (a type without a text rule), unless the connector
     * leaves it out; for {@code doctor}, which checks one table at a time.
     */
    public static void checkCarriedColumns(Connection connection, TableId table, ColumnFilter filter) throws SQLException {
        new ColumnCatalog(connection).columns(table, filter);
    }

    public static void checkTemplate(TableId table, KeyTemplate template, List<String> key) {
        for (String placeholder : template.placeholders()) {
            if (!key.contains(placeholder)) {
                throw new ConfigException("key template '" + template + "' of table " + table + " names column '"
                        + placeholder + "', which is not in its primary key " + key,
                        "set tables." + table + ".key-template using only primary-key columns, e.g. {" + key.get(0) + "}");
            }
        }
    }

    public static String quoted(TableId table) {
        return "\"" + table.schema() + "\".\"" + table.table() + "\"";
    }
}
