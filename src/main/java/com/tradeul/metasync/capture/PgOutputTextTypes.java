package com.tradeul.metasync.capture;

import io.debezium.connector.postgresql.PostgresType;
import io.debezium.connector.postgresql.TypeRegistry;
import io.debezium.connector.postgresql.connection.PostgresConnection;
import io.debezium.jdbc.JdbcConfiguration;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The type registry Debezium 3.6.1's pgoutput decoder reads each streamed column's type from, made
 * so that it hands a converter pgoutput's own text of every value instead of the Java value it
 * would parse that text into. Parsed, values come out as other values or stop capture: timestamp
 * {@code 294247-01-10 04:00:25.2} as Debezium's stand-in for {@code infinity}, timetz
 * {@code 24:00:00+00} as {@code 00:00:00+00} and every timetz at UTC, an interval of more than
 * 2147483647 hours as an overflow that fails the change, money through a double
 * ({@code DebeziumStreamingParseTest}); the same for domains over these types.
 *
 * <p>{@code ReplicationMessageColumnValueResolver} resolves a domain by its parent type, an array
 * by its text ({@code PgArray}), and returns {@code value.asString()} for an enum type before it
 * looks at the type's name. So every type here that is not an array (nor a domain over one) is a
 * copy that differs from the real type only in having an (empty) list of enum labels, and a
 * domain's copy has its parent's copy as parent: same name, OID, JDBC type, type info and type
 * modifier, so the table Debezium builds from a relation message (root type's OID and JDBC type,
 * length and scale), its check for a changed column type (by OID and root OID), and every
 * converter's view of the column stay as they are. The text is what the snapshot reads too
 * ({@link SnapshotOverrides}): both are PostgreSQL's output functions under the same session
 * settings.
 *
 * <p>Only the decoder of the replication connection uses this registry; snapshot and schema code use
 * Debezium's own. Thread safe as {@link TypeRegistry} is; the copies are made once per type.
 */
final class PgOutputTextTypes extends TypeRegistry {

    private static final String DOMAIN_MODIFIERS = "SELECT oid, typtypmod FROM pg_catalog.pg_type WHERE typtype = 'd'";

    /**
     * Null while {@link TypeRegistry}'s constructor primes the registry (it calls {@link #get(int)}
     * to resolve parents): the types it registers are Debezium's own, the copies come after.
     */
    private final Map<Integer, PostgresType> asText;
    private final Map<Integer, Integer> domainModifiers;

    private PgOutputTextTypes(PostgresConnection connection, Map<Integer, Integer> domainModifiers) {
        super(connection);
        this.domainModifiers = Map.copyOf(domainModifiers);
        this.asText = new ConcurrentHashMap<>();
    }

    /** Primed from the database on a connection of its own, as Debezium primes its shared registry. */
    static PgOutputTextTypes of(JdbcConfiguration config) {
        try (PostgresConnection connection = new PostgresConnection(config, PostgresConnection.CONNECTION_GENERAL)) {
            Map<Integer, Integer> modifiers = new HashMap<>();
            connection.query(DOMAIN_MODIFIERS, rs -> {
                while (rs.next()) {
                    modifiers.put(rs.getInt(1), rs.getInt(2));
                }
            });
            return new PgOutputTextTypes(connection, modifiers);
        } catch (SQLException e) {
            throw new IllegalStateException("capture could not read the domains' type modifiers from pg_type: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public PostgresType get(int oid) {
        return asText(super.get(oid));
    }

    @Override
    public PostgresType get(String schemaName, String typeName) {
        return asText(super.get(schemaName, typeName));
    }

    private PostgresType asText(PostgresType type) {
        if (asText == null || !isCarriedAsText(type)) {
            return type;
        }
        PostgresType copy = asText.get(type.getOid());
        if (copy == null) {
            // Not computeIfAbsent: a domain's copy asks for its parent's copy while it is built.
            copy = type.isRootType() ? textCopy(type) : domainCopy(type);
            PostgresType raced = asText.putIfAbsent(type.getOid(), copy);
            copy = raced == null ? copy : raced;
        }
        return copy;
    }

    /**
     * {@code type} with an empty list of enum labels. A base type's typmod in pg_type is always -1,
     * and the builder asks a registry only for a parent or element type, which it has neither of.
     */
    static PostgresType textCopy(PostgresType type) {
        return new PostgresType.Builder(null, type.getName(), type.getOid(), type.getJdbcId(), NO_TYPE_MODIFIER,
                type.getTypeInfo()).enumValues(List.of()).build();
    }

    /** A domain with its own typmod (as Debezium reads it from pg_type) and its parent's copy as parent. */
    private PostgresType domainCopy(PostgresType domain) {
        int modifier = domainModifiers.getOrDefault(domain.getOid(), NO_TYPE_MODIFIER);
        return new PostgresType.Builder(this, domain.getName(), domain.getOid(), domain.getJdbcId(), modifier,
                domain.getTypeInfo()).parentType(domain.getParentType().getOid()).enumValues(List.of()).build();
    }

    /**
     * Every type but arrays and domains over arrays (which arrive as their text already) and enums
     * (already handed on as text, and how a copy is told from the type it copies).
     */
    static boolean isCarriedAsText(PostgresType type) {
        return !type.isEnumType() && !type.getRootType().isArrayType() && type != PostgresType.UNKNOWN;
    }
}
