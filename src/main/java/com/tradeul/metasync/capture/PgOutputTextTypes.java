package com.tradeul.metasync.capture;

import io.debezium.connector.postgresql.PostgresType;
import io.debezium.connector.postgresql.TypeRegistry;
import io.debezium.connector.postgresql.connection.PostgresConnection;
import io.debezium.jdbc.JdbcConfiguration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The type registry Debezium 3.6.1's pgoutput decoder reads each streamed column's type from, made
 * so that it hands a converter pgoutput's own text of {@code timestamp}, {@code timestamptz} and
 * {@code timetz} instead of the Java value it would parse that text into. Parsed, two values come
 * out as another one: timestamp {@code 294247-01-10 04:00:25.2} as Debezium's stand-in for
 * {@code infinity}, timetz {@code 24:00:00+00} as {@code 00:00:00+00} ({@code DebeziumStreamingParseTest}).
 *
 * <p>The decoder looks a value's type up by name ({@link #get(String, String)}) and, in
 * {@code ReplicationMessageColumnValueResolver}, returns {@code value.asString()} for an enum type
 * before it looks at the type's name. For these three types that lookup gets a copy that differs
 * from the real type only in having an (empty) list of enum labels: same name, OID, JDBC type and
 * type info, so the table Debezium builds from a relation message (by OID, {@link #get(int)},
 * untouched), its check for a changed column type (by OID), and every converter's view of the
 * column stay as they are. Arrays already arrive as their text, and domains over these types keep
 * Debezium's parse (README, "What capture cannot carry").
 *
 * <p>Only the decoder of the replication connection uses this registry; snapshot and schema code use
 * Debezium's own. Thread safe as {@link TypeRegistry} is; the copies are made once per type.
 */
final class PgOutputTextTypes extends TypeRegistry {

    /** timestamp, timestamptz and timetz: built-in OIDs, which a user's type of the same name cannot have. */
    static final Set<Integer> TEXT_TYPE_OIDS = Set.of(1114, 1184, 1266);

    private final Map<Integer, PostgresType> asText = new ConcurrentHashMap<>();

    private PgOutputTextTypes(PostgresConnection connection) {
        super(connection);
    }

    /** Primed from the database on a connection of its own, as Debezium primes its shared registry. */
    static PgOutputTextTypes of(JdbcConfiguration config) {
        try (PostgresConnection connection = new PostgresConnection(config, PostgresConnection.CONNECTION_GENERAL)) {
            return new PgOutputTextTypes(connection);
        }
    }

    @Override
    public PostgresType get(String schemaName, String typeName) {
        PostgresType type = super.get(schemaName, typeName);
        if (!isCarriedAsText(type)) {
            return type;
        }
        return asText.computeIfAbsent(type.getOid(), oid -> textCopy(type));
    }

    /**
     * {@code type} with an empty list of enum labels. The builder asks a registry only for a parent
     * or element type, which a base type has neither of, so none is given.
     */
    static PostgresType textCopy(PostgresType type) {
        return new PostgresType.Builder(null, type.getName(), type.getOid(), type.getJdbcId(), NO_TYPE_MODIFIER,
                type.getTypeInfo()).enumValues(List.of()).build();
    }

    /** One of the three base types (a base type's typmod is always -1, so none is lost in the copy). */
    static boolean isCarriedAsText(PostgresType type) {
        return TEXT_TYPE_OIDS.contains(type.getOid()) && !type.isEnumType();
    }
}
