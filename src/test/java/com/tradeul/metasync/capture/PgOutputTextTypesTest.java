package com.tradeul.metasync.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.debezium.connector.postgresql.PostgresType;
import io.debezium.connector.postgresql.TypeRegistry;
import io.debezium.connector.postgresql.connection.pgoutput.PgOutputReplicationMessage;
import java.sql.Types;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What Debezium 3.6.1's pgoutput decoder hands on for a streamed value, given the type
 * {@link PgOutputTextTypes} looks it up as: PostgreSQL's text for every type but arrays, where the
 * real type gives a Java value that loses it, or fails ({@link DebeziumStreamingParseTest}).
 */
class PgOutputTextTypesTest {

    static Stream<Arguments> carriedAsText() {
        return Stream.of(
                arguments(base("timestamp", 1114, Types.TIMESTAMP), "294247-01-10 04:00:25.2"),
                arguments(base("timestamp", 1114, Types.TIMESTAMP), "infinity"),
                arguments(base("timestamptz", 1184, Types.TIMESTAMP_WITH_TIMEZONE), "294247-01-10 04:00:25.2+00"),
                arguments(base("timetz", 1266, Types.TIME_WITH_TIMEZONE), "24:00:00+00"),
                arguments(base("timetz", 1266, Types.TIME_WITH_TIMEZONE), "12:34:56.789+05:30"),
                arguments(base("interval", 1186, Types.OTHER), "2147483648:00:00"),
                arguments(base("interval", 1186, Types.OTHER), "-178000000 years"),
                arguments(base("money", 790, Types.DOUBLE), "-$92,233,720,368,547,758.08"),
                arguments(base("date", 1082, Types.DATE), "infinity"),
                arguments(base("date", 1082, Types.DATE), "0001-01-01 BC"),
                arguments(base("numeric", 1700, Types.NUMERIC), "1.2345000000000000000000000000000000000000e-300"),
                arguments(base("bool", 16, Types.BIT), "t"),
                arguments(base("bytea", 17, Types.BINARY), "\\x00ff"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("carriedAsText")
    void the_decoder_hands_on_pgoutputs_text_for_the_copy(PostgresType type, String text) {
        PostgresType copy = PgOutputTextTypes.textCopy(type);

        assertThat(PgOutputTextTypes.isCarriedAsText(type)).isTrue();
        assertThat(PgOutputTextTypes.isCarriedAsText(copy)).as("a copy is not copied again").isFalse();
        assertThat(decoded(copy, text)).isEqualTo(text);
    }

    @Test
    void the_real_type_is_parsed_into_another_value() {
        assertThat(decoded(base("timestamp", 1114, Types.TIMESTAMP), "294247-01-10 04:00:25.2"))
                .isNotInstanceOf(String.class);
        assertThat(decoded(base("timetz", 1266, Types.TIME_WITH_TIMEZONE), "12:34:56.789+05:30"))
                .hasToString("07:04:56.789Z");
        assertThatThrownBy(() -> decoded(base("interval", 1186, Types.OTHER), "2147483648:00:00"))
                .as("pgjdbc's interval holds hours in an int").isInstanceOf(RuntimeException.class);
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
    void copies_enums_and_unknown_types_are_left_as_they_are() {
        // Arrays (elements resolved through a registry) and domains are shown streaming in TypeCorpusIT.
        PostgresType element = base("timestamp", 1114, Types.TIMESTAMP);
        assertThat(PgOutputTextTypes.isCarriedAsText(PgOutputTextTypes.textCopy(element))).as("a copy").isFalse();
        assertThat(PgOutputTextTypes.isCarriedAsText(PostgresType.UNKNOWN)).isFalse();
        PostgresType mood = new PostgresType.Builder(null, "mood", 16_500, Types.VARCHAR, TypeRegistry.NO_TYPE_MODIFIER, null)
                .enumValues(List.of("sad")).build();
        assertThat(PgOutputTextTypes.isCarriedAsText(mood)).isFalse();
    }

    private static Object decoded(PostgresType type, String text) {
        return PgOutputReplicationMessage.getValue("c", type, type.getName(), text, null, false, null);
    }

    private static PostgresType base(String name, int oid, int jdbcType) {
        return new PostgresType.Builder(null, name, oid, jdbcType, TypeRegistry.NO_TYPE_MODIFIER, null).build();
    }
}
