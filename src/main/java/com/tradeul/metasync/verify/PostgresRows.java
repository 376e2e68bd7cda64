package com.tradeul.metasync.verify;

import com.tradeul.metasync.clients.PostgresConnections;
import com.tradeul.metasync.config.TableId;
import com.tradeul.metasync.wire.Column;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a table's rows as {@link Column} lists: all of them through a server-side cursor (memory
 * flat in table size) inside one REPEATABLE READ snapshot, or just the rows of given keys. Each
 * column is read as PostgreSQL's text of its value ({@link RowSql}) and parsed by its catalog type
 * ({@link ColumnTypes}), so verify renders exactly what capture renders from the same text.
 */
final class PostgresRows implements AutoCloseable {

    /**
     * One row: its primary-key columns, the columns that could be read, and the ones that could not
     * (column → why), which are WRONG whatever Redis holds.
     */
    record Row(List<Column> key, List<Column> columns, Map<String, String> unreadable) {}

    interface RowHandler {
        void row(Row row) throws Exception;
    }

    /**
     * The session the texts must come from for PgText to read them (its Javadoc), pinned here so a
     * server's or role's defaults cannot change them: ISO dates, the postgres interval style,
     * floats' shortest exact digits, hex bytea, money as {@code $1,234.56}, and UTC, in which range
     * texts show {@code +00} as capture's do.
     */
    static final String SESSION = "SET DateStyle = 'ISO, MDY'; SET IntervalStyle = 'postgres'; SET extra_float_digits = 3;"
            + " SET bytea_output = 'hex'; SET lc_monetary = 'C'; SET TimeZone = 'UTC'";

    private static final String ATTRIBUTES = "SELECT attname, atttypid FROM pg_attribute"
            + " WHERE attrelid = ?::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum";
    /** The columns' types and every type they are built on (a domain's base, an array's element). */
    private static final String TYPES = "WITH RECURSIVE types AS ("
            + " SELECT t.oid, t.typname, t.typtype, t.typcategory, t.typbasetype, t.typelem FROM pg_type t"
            + " WHERE t.oid IN (SELECT atttypid FROM pg_attribute WHERE attrelid = ?::regclass AND attnum > 0)"
            + " UNION SELECT t.oid, t.typname, t.typtype, t.typcategory, t.typbasetype, t.typelem"
            + " FROM pg_type t JOIN types s ON t.oid IN (s.typbasetype, s.typelem))"
            + " SELECT oid, typname, typtype, typcategory, typbasetype, typelem FROM types";

    private final Connection connection;
    private final TableId table;
    private final List<String> keyColumns;
    private final Map<String, String> keyTypes;
    private final String select;
    private final RowReader reader;
    private final int columnCount;

    PostgresRows(PostgresConnections postgres, TableId table, List<String> keyColumns) throws SQLException {
        this.connection = postgres.open("verify");
        this.table = table;
        this.keyColumns = List.copyOf(keyColumns);
        try {
            try (Statement statement = connection.createStatement()) {
                statement.execute(SESSION);
            }
            connection.setAutoCommit(false);
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            this.keyTypes = columnTypes(connection, table);
            Map<String, Long> attributes = attributes();
            ColumnTypes types = new ColumnTypes(types(), DomainRendering.CAPTURE);
            List<String> names = List.copyOf(attributes.keySet());
            this.columnCount = names.size();
            this.select = RowSql.select(table, names);
            this.reader = new RowReader(names, attributes.values().stream().map(types::parserType).toList(), keyColumns);
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    /** Streams every row (or a random sample of about {@code sample} rows) to the handler. */
    void forEach(Integer sample, RowHandler handler) throws Exception {
        String sql = sample == null ? select : RowSql.sample(select, samplePercent(sample), sample);
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setFetchSize(1000);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    handler.row(row(rs));
                }
            }
        }
    }

    /** Rows for the given key values (as key-template text), current as of a new snapshot. */
    List<Row> byKeys(Collection<Map<String, String>> keys) throws SQLException {
        connection.commit(); // leave the verify snapshot: re-checks must see the current rows
        List<Row> rows = new ArrayList<>();
        if (keys.isEmpty()) {
            return rows;
        }
        try (PreparedStatement statement = connection.prepareStatement(RowSql.byKeys(select, keyColumns, keyTypes, keys.size()))) {
            int index = 1;
            for (Map<String, String> key : keys) {
                for (String column : keyColumns) {
                    statement.setString(index++, key.get(column));
                }
            }
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    rows.add(row(rs));
                }
            }
        }
        connection.commit();
        return rows;
    }

    long estimatedRows() throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT greatest(reltuples, 0)::bigint FROM pg_class WHERE oid = ?::regclass")) {
            statement.setString(1, RowSql.table(table));
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    private Row row(ResultSet rs) throws SQLException {
        // A text-format result (PostgresConnections turns binary transfer off): getString is the server's text untouched.
        String[] texts = new String[columnCount];
        for (int i = 0; i < texts.length; i++) {
            texts[i] = rs.getString(i + 1);
        }
        return reader.read(texts);
    }

    private int samplePercent(int sample) throws SQLException {
        long estimate = Math.max(1, estimatedRows());
        return (int) Math.min(100, Math.max(1, Math.ceil(300.0 * sample / estimate)));
    }

    /** Column name → its type's oid, in table order. */
    private Map<String, Long> attributes() throws SQLException {
        Map<String, Long> attributes = new LinkedHashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(ATTRIBUTES)) {
            statement.setString(1, RowSql.table(table));
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    attributes.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return attributes;
    }

    private List<ColumnTypes.PgType> types() throws SQLException {
        List<ColumnTypes.PgType> types = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(TYPES)) {
            statement.setString(1, RowSql.table(table));
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    types.add(new ColumnTypes.PgType(rs.getLong(1), rs.getString(2), rs.getString(3).charAt(0),
                            rs.getString(4).charAt(0), rs.getLong(5), rs.getLong(6)));
                }
            }
        }
        return types;
    }

    /** Column name → its SQL type as PostgreSQL spells it (numeric(20,2), text, ...), for casts. */
    static Map<String, String> columnTypes(Connection connection, TableId table) throws SQLException {
        Map<String, String> types = new LinkedHashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute"
                        + " WHERE attrelid = ?::regclass AND attnum > 0 AND NOT attisdropped")) {
            statement.setString(1, RowSql.table(table));
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    types.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return types;
    }

    @Override
    public void close() throws SQLException {
        connection.rollback();
        connection.close();
    }
}
