package com.tradeul.metasync.capture;

import com.tradeul.metasync.capture.CaptureAccessRules.Publication;
import com.tradeul.metasync.capture.CaptureAccessRules.Role;
import com.tradeul.metasync.capture.CaptureAccessRules.SlotTrial;
import com.tradeul.metasync.config.PostgresSettings;
import com.tradeul.metasync.config.TableId;
import com.tradeul.metasync.monitor.SlotReader;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads, over one connection as {@code postgres.user}, what that user may do for capture, and has
 * {@link CaptureAccessRules} judge it: for the start-up check and for doctor. The replication
 * privilege is tried, not inferred: a temporary logical slot with pgoutput is created and dropped.
 * Not thread safe (one connection).
 */
public final class CaptureAccess {

    private static final String ROLE_SQL = "SELECT rolsuper, rolreplication, ARRAY(SELECT g.rolname::text FROM pg_roles g"
            + " WHERE g.rolname = ANY (?) AND pg_has_role(current_user, g.oid, 'MEMBER') ORDER BY 1)"
            + " FROM pg_roles WHERE rolname = current_user";
    private static final String PUBLICATION_SQL = "SELECT pubinsert, pubupdate, pubdelete, pubtruncate, puballtables,"
            + " pg_has_role(pubowner, 'USAGE') FROM pg_publication WHERE pubname = ?";

    private final Connection connection;
    private final PostgresSettings settings;

    public CaptureAccess(Connection connection, PostgresSettings settings) {
        this.connection = connection;
        this.settings = settings;
    }

    public AccessVerdict replication() throws SQLException {
        return CaptureAccessRules.replication(settings.user(), trySlot(), role());
    }

    public AccessVerdict slot() throws SQLException {
        return CaptureAccessRules.slot(SlotReader.read(connection, settings.slot()), settings.database());
    }

    public AccessVerdict readable(TableId table) throws SQLException {
        // True for a schema or table that does not exist: the primary-key check reports that.
        boolean usage = bool("SELECT COALESCE((SELECT has_schema_privilege(oid, 'USAGE') FROM pg_namespace WHERE nspname = ?), true)",
                table.schema());
        boolean select = !usage || bool("SELECT COALESCE(has_table_privilege(to_regclass(?), 'SELECT'), true)",
                PostgresPreflight.quoted(table));
        return CaptureAccessRules.readable(settings.user(), table, usage, select);
    }

    /** @param mode Debezium's publication.autocreate.mode in force */
    public AccessVerdict publication(String mode) throws SQLException {
        return CaptureAccessRules.publication(settings.publication(), settings.user(), settings.database(), mode,
                settings.tables(), readPublication());
    }

    /**
     * Creating a logical slot waits until the transactions open at that moment end, so a long one
     * could hold the check: statement_timeout bounds the wait, and a timeout is "not tried".
     */
    private SlotTrial trySlot() throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("SET statement_timeout = '" + settings.connectTimeoutSeconds() + "s'");
            try {
                return createAndDropTemporarySlot(s);
            } catch (SQLException e) {
                return trialFailure(e);
            } finally {
                s.execute("RESET statement_timeout");
            }
        }
    }

    private static SlotTrial createAndDropTemporarySlot(Statement s) throws SQLException {
        String name;
        try (ResultSet rs = s.executeQuery("SELECT slot_name FROM pg_create_logical_replication_slot("
                + "'metasync_check_' || pg_backend_pid(), 'pgoutput', true)")) {
            rs.next();
            name = rs.getString(1);
        }
        try {
            s.execute("SELECT pg_drop_replication_slot('" + name + "')");
        } catch (SQLException e) {
            // A temporary slot goes with the session anyway, when the check's connection closes.
        }
        return new SlotTrial(SlotTrial.Outcome.CREATED, "");
    }

    private SlotTrial trialFailure(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String message = e.getMessage() == null ? state : e.getMessage().replaceFirst("^ERROR: ", "");
        return switch (state) {
            case "42501" -> new SlotTrial(SlotTrial.Outcome.DENIED, message);
            case "57014" -> new SlotTrial(SlotTrial.Outcome.NOT_TRIED, "creating it waited more than "
                    + settings.connectTimeoutSeconds() + " s for transactions open at the time");
            case "53400" -> new SlotTrial(SlotTrial.Outcome.NOT_TRIED, "no replication slot is free to try one");
            default -> new SlotTrial(SlotTrial.Outcome.NOT_TRIED, message);
        };
    }

    private Role role() throws SQLException {
        try (PreparedStatement s = connection.prepareStatement(ROLE_SQL)) {
            s.setArray(1, connection.createArrayOf("text", CaptureAccessRules.PROVIDER_REPLICATION_ROLES.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return new Role(false, false, List.of());
                }
                Array roles = rs.getArray(3);
                return new Role(rs.getBoolean(1), rs.getBoolean(2), List.of((String[]) roles.getArray()));
            }
        }
    }

    private Publication readPublication() throws SQLException {
        List<TableId> tables = settings.tables();
        List<TableId> notOwned = notOwned(tables);
        boolean mayCreate = bool("SELECT has_database_privilege(current_database(), 'CREATE')", null);
        try (PreparedStatement s = connection.prepareStatement(PUBLICATION_SQL)) {
            s.setString(1, settings.publication());
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return new Publication(false, false, false, List.of(), tables, List.of(), mayCreate, notOwned);
                }
                List<String> missingOperations = new ArrayList<>();
                String[] operations = {"insert", "update", "delete", "truncate"};
                for (int i = 0; i < operations.length; i++) {
                    if (!rs.getBoolean(i + 1)) {
                        missingOperations.add(operations[i]);
                    }
                }
                List<TableId> published = publishedTables();
                return new Publication(true, rs.getBoolean(5), rs.getBoolean(6), missingOperations,
                        tables.stream().filter(t -> !published.contains(t)).toList(),
                        published.stream().filter(t -> !tables.contains(t)).toList(), mayCreate, notOwned);
            }
        }
    }

    /** Ownership as PostgreSQL checks it: the owner's privileges, through membership too (superusers have all). */
    private List<TableId> notOwned(List<TableId> tables) throws SQLException {
        List<TableId> notOwned = new ArrayList<>();
        for (TableId table : tables) {
            if (!bool("SELECT COALESCE((SELECT pg_has_role(relowner, 'USAGE') FROM pg_class WHERE oid = to_regclass(?)), true)",
                    PostgresPreflight.quoted(table))) {
                notOwned.add(table);
            }
        }
        return notOwned;
    }

    private List<TableId> publishedTables() throws SQLException {
        List<TableId> published = new ArrayList<>();
        try (PreparedStatement s = connection.prepareStatement(
                "SELECT schemaname, tablename FROM pg_publication_tables WHERE pubname = ?")) {
            s.setString(1, settings.publication());
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    published.add(new TableId(rs.getString(1), rs.getString(2)));
                }
            }
        }
        return published;
    }

    /** @param parameter the query's one parameter, or null when it has none */
    private boolean bool(String sql, String parameter) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement(sql)) {
            if (parameter != null) {
                s.setString(1, parameter);
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }
}
