package com.tradeul.metasync.capture;

import com.tradeul.metasync.config.ConfigException;
import com.tradeul.metasync.config.TableId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Reads from PostgreSQL, at start, the columns capture carries and the type each one's text reads
 * as ({@link TypeResolution}), and refuses a column that cannot be carried, naming it and the fix:
 * a type {@code normalize.PgText} has no rule for would otherwise dead-letter every row of its
 * table, and a generated column would vanish from streamed changes. Not thread safe: one per start-up check.
 */
final class ColumnCatalog {

    private static final String COLUMNS_SQL = """
            SELECT a.attname, a.atttypid::int, format_type(a.atttypid, a.atttypmod), a.attgenerated <> '' FROM pg_attribute a
            WHERE a.attrelid = to_regclass(?) AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum""";
    /** The column types and every type they are built on (domain bases, array elements). */
    private static final String TYPES_SQL = """
            WITH RECURSIVE reach(oid) AS (
              SELECT atttypid FROM pg_attribute WHERE attrelid = to_regclass(?) AND attnum > 0 AND NOT attisdropped
              UNION
              SELECT unnest(ARRAY[t.typbasetype, t.typelem]) FROM pg_type t JOIN reach r ON t.oid = r.oid)
            SELECT t.oid::int, t.typname, t.typtype, t.typcategory, t.typbasetype::int, t.typelem::int
            FROM pg_type t WHERE t.oid IN (SELECT oid FROM reach)""";

    /** The tables a connector's include and exclude lists choose from: ordinary and partitioned tables. */
    private static final String TABLES_SQL = """
            SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p') ORDER BY n.nspname, c.relname""";

    private final Connection connection;
    private final Map<Integer, TypeResolution.TypeFacts> types = new HashMap<>();
    /** The read-as of every type name met so far: Debezium names types without their schema. */
    private final Map<String, String> readAsByName = new HashMap<>();

    ColumnCatalog(Connection connection) {
        this.connection = connection;
    }

    /**
     * The carried columns of every table the connector captures, for a connector whose tables are
     * patterns (Kafka Connect's {@code table.include.list}) rather than metasync's list.
     *
     * @param captured which tables the connector captures, as Debezium decides it
     * @throws ConfigException for a carried column of a type capture cannot carry
     */
    CapturedColumns capturedBy(Predicate<TableId> captured, ColumnFilter filter) throws SQLException {
        List<TableId> tables = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(TABLES_SQL); ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                TableId table = new TableId(rs.getString(1), rs.getString(2));
                if (captured.test(table)) {
                    tables.add(table);
                }
            }
        }
        Map<TableId, List<CapturedColumns.Column>> columns = new LinkedHashMap<>();
        for (TableId table : tables) {
            columns.put(table, columns(table, filter));
        }
        return new CapturedColumns(columns);
    }

    /** @throws ConfigException for a carried column of a type capture cannot carry */
    List<CapturedColumns.Column> columns(TableId table, ColumnFilter filter) throws SQLException {
        loadTypes(table);
        List<CapturedColumns.Column> columns = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(COLUMNS_SQL)) {
            statement.setString(1, PostgresPreflight.quoted(table));
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    String qualified = table + "." + rs.getString(1);
                    if (filter.carried(qualified)) {
                        refuseGenerated(table, rs.getString(1), rs.getBoolean(4));
                        columns.add(column(table, rs.getString(1), rs.getInt(2), rs.getString(3)));
                    }
                }
            }
        }
        return columns;
    }

    /**
     * pgoutput leaves generated columns out of the changes it streams (the snapshot's SELECT reads
     * them): Debezium would carry the column at the snapshot and drop it from every later change of
     * the row, without a word.
     */
    private static void refuseGenerated(TableId table, String name, boolean generated) {
        if (generated) {
            String qualified = table + "." + name;
            throw ConfigException.unfit("column " + qualified + " is a generated column, which PostgreSQL's pgoutput leaves"
                    + " out of the changes it streams: Redis would hold it from the snapshot and lose it at the row's next"
                    + " change", "leave it out on purpose with debezium.column.exclude.list=" + ColumnFilter.exclusionOf(qualified)
                    + ", or make it a plain column kept up to date by a trigger");
        }
    }

    private CapturedColumns.Column column(TableId table, String name, int typeOid, String formatted) {
        String qualified = table + "." + name;
        String readAs = TypeResolution.readAs(typeOid, types::get);
        if (readAs == null) {
            throw ConfigException.unfit("column " + qualified + " is " + formatted + ", a type metasync cannot carry"
                    + " (normalize.PgText has no rule for its text)", "leave it out on purpose with"
                    + " debezium.column.exclude.list=" + ColumnFilter.exclusionOf(qualified) + ", or change its type (e.g."
                    + " ALTER TABLE " + table + " ALTER COLUMN " + name + " TYPE text)");
        }
        String typeName = types.get(typeOid).name();
        String earlier = readAsByName.putIfAbsent(typeName, readAs);
        if (earlier != null && !earlier.equals(readAs)) {
            throw ConfigException.unfit("column " + qualified + " is of a type named " + typeName + ", as is another captured"
                    + " column's type in another schema, and they read differently (" + earlier + ", " + readAs + "):"
                    + " Debezium names types without their schema", "rename one of the types");
        }
        if (!typeName.equals(readAs) && (typeName.contains(",") || typeName.contains(":"))) {
            throw ConfigException.unfit("column " + qualified + " is of type \"" + typeName + "\", whose name metasync cannot"
                    + " pass to its converter (it holds ',' or ':')", "rename the type");
        }
        return new CapturedColumns.Column(name, typeName, readAs);
    }

    private void loadTypes(TableId table) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(TYPES_SQL)) {
            statement.setString(1, PostgresPreflight.quoted(table));
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    types.put(rs.getInt(1), new TypeResolution.TypeFacts(rs.getInt(1), rs.getString(2),
                            rs.getString(3).charAt(0), rs.getString(4).charAt(0), rs.getInt(5), rs.getInt(6)));
                }
            }
        }
    }
}
