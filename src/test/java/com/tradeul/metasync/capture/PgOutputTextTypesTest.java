package com.tradeul.metasync.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.debezium.connector.postgresql.PostgresType;
import io.debezium.connector.postgresql.TypeRegistry;
import io.debezium.connector.postgresql.connection.pgoutput.PgOutputReplicationMessage;
import java.sql.Types;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What Debezium 3.6.1's pgoutput decoder hands on for a streamed value, given the type
 * {@link PgOutputTextTypes} looks it up as: PostgreSQL's text for timestamp, timestamptz and timetz,
 * where the real type gives the Java value that loses it ({@link DebeziumStreamingParseTest}).
 */
class PgOutputTextTypesTest {

    static Stream<Arguments> carriedAsText() {
        return Stream.of(
                arguments(base("timestamp", 1114, Types.TIMESTAMP), "294247-01-10 04:00:25.2"),
                arguments(base("timestamp", 1114, Types.TIMESTAMP), "infinity"),
                arguments(base("timestamptz", 1184, Types.TIMESTAMP_WITH_TIMEZONE), "294247-01-10 04:00:25.2+00"),
                arguments(base("timetz", 1266, Types.TIME_WITH_TIMEZONE), "24:00:00+00"),
                arguments(base("timetz", 1266, Types.TIME_WITH_TIMEZONE), "00:00:00+00"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("carriedAsText")
    void the_decoder_hands_on_pgoutputs_text_for_the_copy(PostgresType type, String text) {
        PostgresType copy = PgOutputTextTypes.textCopy(type);

        assertThat(PgOutputTextTypes.isCarriedAsText(type)).isTrue();
        assertThat(PgOutputTextTypes.isCarriedAsText(copy)).as("a copy is not copied again").isFalse();
        assertThat(decoded(copy, text)).isEqualTo(text);
        assertThat(decoded(type, text)).as("the real type is parsed").isNotInstanceOf(String.class);
    }

    @Test
    void the_copy_is_the_same_type_to_debeziums_schema_code() {
        PostgresType type = base("timestamp", 1114, Types.TIMESTAMP);
        PostgresType copy = PgOutputTextTypes.textCopy(type);

        // A changed column type is detected by OID (PostgresChangeRecordEmitter), tables are built
        // from the root type's OID and JDBC type and the type's name (PgOutputMessageDecoder).
        assertThat(copy).isEqualTo(type);
        assertThat(copy.getRootType().getOid()).isEqualTo(1114);
        assertThat(copy.getRootType().getJdbcId()).isEqualTo(Types.TIMESTAMP);
        assertThat(copy.getName()).isEqualTo("timestamp");
        assertThat(copy.isArrayType()).isFalse();
    }

    @Test
    void other_types_and_arrays_are_left_to_debezium() {
        assertThat(PgOutputTextTypes.isCarriedAsText(base("date", 1082, Types.DATE))).isFalse();
        assertThat(PgOutputTextTypes.isCarriedAsText(base("time", 1083, Types.TIME))).isFalse();
        assertThat(PgOutputTextTypes.isCarriedAsText(base("_timestamp", 1115, Types.ARRAY))).isFalse();
        assertThat(PgOutputTextTypes.isCarriedAsText(base("timestamp", 16_500, Types.OTHER)))
                .as("a user's type named timestamp").isFalse();
    }

    private static Object decoded(PostgresType type, String text) {
        return PgOutputReplicationMessage.getValue("c", type, type.getName(), text, null, false, null);
    }

    private static PostgresType base(String name, int oid, int jdbcType) {
        return new PostgresType.Builder(null, name, oid, jdbcType, TypeRegistry.NO_TYPE_MODIFIER, null).build();
    }
}
