package com.tradeul.metasync.verify;

import com.tradeul.metasync.clients.PostgresConnections;
import com.tradeul.metasync.config.MetasyncConfig;
import com.tradeul.metasync.config.TableId;
import com.tradeul.metasync.wire.Column;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a table's rows as {@link Column} lists: all of them through a server-side cursor (memory
 * flat in table size) inside one REPEATABLE READ snapshot, or just the rows of given keys.
 */
final class PostgresRows implements AutoCloseable {

    /** One row: its primary-key columns and all its columns. */
    record Row(List<Column> key, List<Column> columns) {}

    interface RowHandler {
        void row(Row row) throws Exception;
    }

    private final Connection connection;
    private final TableId table;
    private final List<String> keyColumns;
    private final Map<String, String> keyTypes;
    /** Columns of a domain type: capture gets them from Debezium as text (it names the domain, not the base type). */
    private final java.util.Set<String> domainColumns;

    PostgresRows(PostgresConnections postgres, TableId table, List<String> keyColumns) throws SQLException {
        this.connection = postgres.open("verify");
        this.table = table;
        this.keyColumns = List.copyOf(keyColumns);
        connection.setAutoCommit(false);
        connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        this.keyTypes = keyTypes();
        this.domainColumns = domainColumns();
    }

    /** Streams every row (or a random sample of about {@code sample} rows) to the handler. */
    void forEach(Integer sample, RowHandler handler) throws Exception {
        String sql = "SELECT * FROM " + quoted();
        if (sample != null) {
            sql += " TABLESAMPLE BERNOULLI (" + samplePercent(sample) + ") LIMIT " + sample;
        }
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
        StringBuilder sql = new StringBuilder("SELECT * FROM ").append(quoted()).append(" WHERE (")
                .append(String.join(", ", keyColumns.stream().map(c -> "\"" + c + "\"").toList())).append(") IN (");
        String tuple = "(" + String.join(", ", keyColumns.stream().map(c -> "?::" + keyTypes.get(c)).toList()) + ")";
        sql.append(String.join(", ", java.util.Collections.nCopies(keys.size(), tuple))).append(')');
        try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
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
            statement.setString(1, quoted());
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    private Row row(ResultSet rs) throws SQLException {
        ResultSetMetaData meta = rs.getMetaData();
        List<Column> columns = new ArrayList<>(meta.getColumnCount());
        Map<String, Column> byName = new LinkedHashMap<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            String name = meta.getColumnName(i);
            Column column = new Column(name, domainColumns.contains(name)
                    ? JdbcValues.domain(rs.getString(i)) : JdbcValues.read(rs, i, meta.getColumnTypeName(i)));
            columns.add(column);
            byName.put(column.name(), column);
        }
        return new Row(keyColumns.stream().map(byName::get).toList(), columns);
    }

    private int samplePercent(int sample) throws SQLException {
        long estimate = Math.max(1, estimatedRows());
        return (int) Math.min(100, Math.max(1, Math.ceil(300.0 * sample / estimate)));
    }

    private Map<String, String> keyTypes() throws SQLException {
        Map<String, String> types = columnTypes(connection, table);
        connection.commit();
        return types;
    }

    private java.util.Set<String> domainColumns() throws SQLException {
        java.util.Set<String> columns = new java.util.HashSet<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT a.attname FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid"
                        + " WHERE a.attrelid = ?::regclass AND a.attnum > 0 AND NOT a.attisdropped AND t.typtype = 'd'")) {
            statement.setString(1, quoted());
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    columns.add(rs.getString(1));
                }
            }
        }
        connection.commit();
        return columns;
    }

    /** Column name → its SQL type as PostgreSQL spells it (numeric(20,2), text, ...), for casts. */
    static Map<String, String> columnTypes(Connection connection, TableId table) throws SQLException {
        Map<String, String> types = new LinkedHashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute"
                        + " WHERE attrelid = ?::regclass AND attnum > 0 AND NOT attisdropped")) {
            statement.setString(1, "\"" + table.schema() + "\".\"" + table.table() + "\"");
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    types.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return types;
    }

    private String quoted() {
        return "\"" + table.schema() + "\".\"" + table.table() + "\"";
    }

    @Override
    public void close() throws SQLException {
        connection.rollback();
        connection.close();
    }
}
