package com.tradeul.metasync.capture;

import com.tradeul.metasync.clients.PostgresConnections;
import com.tradeul.metasync.config.ConfigException;
import com.tradeul.metasync.config.MetasyncConfig;
import com.tradeul.metasync.config.PostgresSettings;
import com.tradeul.metasync.config.TableId;
import com.tradeul.metasync.normalize.KeyTemplate;
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
 * Checks, before capture starts, what would otherwise fail later and less clearly: credentials,
 * {@code wal_level}, what the user may do ({@link CaptureAccess}: replication slots, SELECT, the
 * publication), the slot, and that every table exists with a primary key that covers its key template. Each failure is a
 * {@link ConfigException} naming the fix: {@code UNFIT} for what PostgreSQL lacks or refuses, {@code SETTING} for a key
 * template that names a column outside the primary key (the template is what to change).
 */
public final class PostgresPreflight {

    private static final String PRIMARY_KEY_SQL = """
            SELECT a.attname FROM pg_index i
            JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
            WHERE i.indrelid = to_regclass(?) AND i.indisprimary
            ORDER BY array_position(i.indkey, a.attnum)""";

    private PostgresPreflight() {}

    /** @return the primary-key columns of each table, in key order */
    public static Map<TableId, List<String>> check(MetasyncConfig config, PostgresConnections postgres) {
        PostgresSettings pg = config.postgres();
        try (Connection connection = postgres.open("preflight")) {
            checkWalLevel(connection);
            CaptureAccess access = new CaptureAccess(connection, pg);
            access.replication().orThrow();
            access.slot().orThrow();
            Map<TableId, List<String>> keys = new LinkedHashMap<>();
            for (TableId table : pg.tables()) {
                access.readable(table).orThrow();
                List<String> key = primaryKey(connection, table, pg.database());
                KeyTemplate template = config.keyTemplates().get(table);
                if (template != null) {
                    checkTemplate(table, template, key);
                }
                checkCarriedColumns(connection, table, excludedColumns(config));
                keys.put(table, key);
            }
            access.publication(publicationMode(config)).orThrow();
            return keys;
        } catch (SQLException e) {
            throw failedCheck(pg, e);
        }
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
     * Array types Debezium 3.6.1 drops from every event with only a WARN: the column would be
     * missing from Redis without anyone noticing.
     */
    static final List<String> DROPPED_ARRAY_TYPES = List.of("money[]", "interval[]", "bit varying[]", "xml[]", "point[]");

    private static final String DROPPED_COLUMNS_SQL = """
            SELECT a.attname, format_type(a.atttypid, NULL) FROM pg_attribute a
            WHERE a.attrelid = to_regclass(?) AND a.attnum > 0 AND NOT a.attisdropped
              AND format_type(a.atttypid, NULL) = ANY (?)
            ORDER BY a.attnum""";

    /** Columns the user took out of capture with debezium.column.exclude.list (regular expressions on schema.table.column). */
    public static List<java.util.regex.Pattern> excludedColumns(MetasyncConfig config) {
        String list = config.capture().debeziumOverrides().getOrDefault("column.exclude.list", "");
        return java.util.Arrays.stream(list.split(",")).map(String::trim).filter(p -> !p.isEmpty())
                .map(java.util.regex.Pattern::compile).toList();
    }

    /** Refuses a column capture would silently drop, unless it was excluded on purpose. */
    public static void checkCarriedColumns(Connection connection, TableId table, List<java.util.regex.Pattern> excluded) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(DROPPED_COLUMNS_SQL)) {
            statement.setString(1, quoted(table));
            statement.setArray(2, connection.createArrayOf("text", DROPPED_ARRAY_TYPES.toArray()));
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    String column = table + "." + rs.getString(1);
                    if (excluded.stream().noneMatch(p -> p.matcher(column).matches())) {
                        throw ConfigException.unfit("column " + column + " is " + rs.getString(2) + ", which Debezium 3.6.1 drops from"
                                + " every change (only a WARN in its log), so Redis would silently lack it",
                                "change the column's type (e.g. numeric[], text[]), or leave it out on purpose with"
                                        + " debezium.column.exclude.list=" + column.replace(".", "\\."));
                    }
                }
            }
        }
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
