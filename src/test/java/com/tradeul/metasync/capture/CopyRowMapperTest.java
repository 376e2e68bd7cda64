package com.tradeul.metasync.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tradeul.metasync.config.TableId;
import com.tradeul.metasync.config.TableSettings.OnUnconvertible;
import com.tradeul.metasync.normalize.JsonRenderer;
import com.tradeul.metasync.normalize.SpecialNumberPolicy;
import com.tradeul.metasync.wire.ChangeEvent;
import com.tradeul.metasync.wire.ChangeEventCodec;
import com.tradeul.metasync.wire.Operation;
import com.tradeul.metasync.wire.SourcePosition;
import io.debezium.data.Envelope;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The copy reader's record for a row against the one Debezium's snapshot leads to for the same row:
 * the snapshot read Debezium emits (every column a {@link PgTextSchema} string of PostgreSQL's text,
 * as {@link ExactTypesConverter} and {@link SnapshotOverrides} make it), mapped by
 * {@link ChangeRecordMapper}. Kafka key and value must be the same bytes.
 */
class CopyRowMapperTest {

    private static final TableId TABLE = new TableId("public", "ticker_metadata");
    private static final String TOPIC = "metasync.public.ticker_metadata";
    private static final long LSN = 0x1_6B37_4D48L;
    private static final long BASE = 1_000L;
    private static final long TX = 777L;
    private static final long MICROS = 1_700_000_000_123_456L;
    private static final ChangeEventCodec CODEC = new ChangeEventCodec();
    private static final JsonRenderer RENDERER = new JsonRenderer(SpecialNumberPolicy.STRING);

    /** Table order; the key is (exchange, symbol), in key order, not table order. */
    private static final List<CapturedColumns.Column> COLUMNS = List.of(
            new CapturedColumns.Column("symbol", "text", "text"),
            new CapturedColumns.Column("price", "numeric", "numeric"),
            new CapturedColumns.Column("exchange", "varchar", "varchar"),
            new CapturedColumns.Column("listed", "date", "date"),
            new CapturedColumns.Column("updated", "timestamptz", "timestamptz"),
            new CapturedColumns.Column("tags", "_text", "_text"),
            new CapturedColumns.Column("meta", "jsonb", "jsonb"),
            new CapturedColumns.Column("ratio", "price_domain", "float8"));
    private static final List<String> KEY = List.of("exchange", "symbol");

    static Stream<Arguments> rows() {
        return Stream.of(
                Arguments.of((Object) new String[] {"AAPL", "123456789012345678.90", "NASDAQ", "2024-01-01", "2024-01-01 08:30:15.123456+00",
                        "{a,\"b c\",NULL,\"NULL\"}", "{\"x\": 1.50}", "1.1"}),
                Arguments.of((Object) new String[] {"BRK.B", "NaN", "NYSE", "0001-01-01 BC", "infinity", "{}", "null", "-Infinity"}),
                Arguments.of((Object) new String[] {"Z\"Q\\", null, "X", null, null, null, null, null}));
    }

    @ParameterizedTest
    @MethodSource("rows")
    void builds_the_record_debeziums_snapshot_leads_to(String[] text) {
        ChangeRecordMapper.Outgoing debezium = debeziumPath(OnUnconvertible.DELETE).map(debeziumSnapshotRead(text), BASE).orElseThrow();

        ChangeRecordMapper.Outgoing copy = copyMapper(OnUnconvertible.DELETE).map(text, new SourcePosition(LSN + BASE, TX, MICROS));

        assertThat(copy.topic()).isEqualTo(debezium.topic());
        assertThat(new String(copy.key(), StandardCharsets.UTF_8)).isEqualTo(new String(debezium.key(), StandardCharsets.UTF_8));
        assertThat(CODEC.decode(copy.value())).isEqualTo(CODEC.decode(debezium.value()));
        assertThat(copy.value()).isEqualTo(debezium.value());
        assertThat(copy.deadLetter()).isNull();
        ChangeEvent event = CODEC.decode(copy.value());
        assertThat(event.op()).isEqualTo(Operation.SNAPSHOT_READ);
        assertThat(event.source().lsn()).isEqualTo(LSN + BASE);
    }

    @Test
    void a_value_that_cannot_be_carried_is_dead_lettered_as_on_debeziums_path() {
        String[] text = {"AAPL", "1.5", "NASDAQ", "2024-13-45", null, null, null, null};

        ChangeRecordMapper.Outgoing debezium = debeziumPath(OnUnconvertible.DELETE).map(debeziumSnapshotRead(text), BASE).orElseThrow();
        ChangeRecordMapper.Outgoing copy = copyMapper(OnUnconvertible.DELETE).map(text, new SourcePosition(LSN + BASE, TX, MICROS));

        assertThat(copy.value()).isEqualTo(debezium.value());
        assertThat(CODEC.decode(copy.value()).problem().column()).isEqualTo("listed");
        assertThat(copy.deadLetter()).isNotNull();
        assertThat(copy.deadLetter().why().getMessage()).isEqualTo(debezium.deadLetter().why().getMessage());
        assertThat(copy.deadLetter().why().text()).isEqualTo("2024-13-45");
        assertThat(copy.deadLetter().lsn()).isEqualTo(debezium.deadLetter().lsn());
    }

    @Test
    void a_value_that_cannot_be_carried_stops_under_the_stop_policy() {
        String[] text = {"AAPL", "1.5", "NASDAQ", "2024-13-45", null, null, null, null};

        assertThatThrownBy(() -> copyMapper(OnUnconvertible.STOP).map(text, new SourcePosition(LSN, TX, MICROS)))
                .isInstanceOf(UnconvertibleValueException.class).hasMessageContaining("on-unconvertible=stop")
                .hasMessageContaining("listed");
    }

    @Test
    void a_key_column_the_copy_does_not_carry_is_refused() {
        assertThatThrownBy(() -> new CopyRowMapper(TABLE, TOPIC, COLUMNS, List.of("id"), RENDERER, CODEC, OnUnconvertible.DELETE))
                .hasMessageContaining("primary-key column id");
    }

    private static CopyRowMapper copyMapper(OnUnconvertible policy) {
        return new CopyRowMapper(TABLE, TOPIC, COLUMNS, KEY, RENDERER, CODEC, policy);
    }

    private static ChangeRecordMapper debeziumPath(OnUnconvertible policy) {
        return new ChangeRecordMapper(CODEC, RENDERER, new EnvelopeReader(EnvelopeReader.DEFAULT_UNAVAILABLE_PLACEHOLDER), table -> policy);
    }

    /** A snapshot read as Debezium 3.6.1 emits it with metasync's converter and select overrides. */
    private static SourceRecord debeziumSnapshotRead(String[] text) {
        SchemaBuilder rowBuilder = SchemaBuilder.struct().name(TOPIC + ".Value").optional();
        COLUMNS.forEach(c -> rowBuilder.field(c.name(), PgTextSchema.builder(c.typeName(), c.readAs()).build()));
        Schema rowSchema = rowBuilder.build();
        Struct after = new Struct(rowSchema);
        for (int i = 0; i < COLUMNS.size(); i++) {
            after.put(COLUMNS.get(i).name(), text[i]);
        }
        SchemaBuilder keyBuilder = SchemaBuilder.struct().name(TOPIC + ".Key");
        KEY.forEach(k -> keyBuilder.field(k, rowSchema.field(k).schema()));
        Schema keySchema = keyBuilder.build();
        Struct key = new Struct(keySchema);
        KEY.forEach(k -> key.put(k, after.get(k)));
        Struct source = source();
        Envelope envelope = Envelope.defineSchema().withName(TOPIC + ".Envelope").withRecord(rowSchema).withSource(source.schema()).build();
        Struct value = envelope.read(after, source, Instant.ofEpochMilli(MICROS / 1000));
        return new SourceRecord(Map.of("server", "metasync"), Map.of("lsn", LSN, "txId", TX), TOPIC, keySchema, key, envelope.schema(), value);
    }

    private static Struct source() {
        Schema schema = SchemaBuilder.struct().name("io.debezium.connector.postgresql.Source")
                .field("version", Schema.STRING_SCHEMA).field("connector", Schema.STRING_SCHEMA).field("name", Schema.STRING_SCHEMA)
                .field("ts_ms", Schema.INT64_SCHEMA)
                .field("snapshot", SchemaBuilder.string().optional().name("io.debezium.data.Enum").version(1).build())
                .field("db", Schema.STRING_SCHEMA).field("ts_us", Schema.OPTIONAL_INT64_SCHEMA)
                .field("schema", Schema.STRING_SCHEMA).field("table", Schema.STRING_SCHEMA)
                .field("txId", Schema.OPTIONAL_INT64_SCHEMA).field("lsn", Schema.OPTIONAL_INT64_SCHEMA).build();
        return new Struct(schema).put("version", "3.6.1.Final").put("connector", "postgresql").put("name", "metasync")
                .put("ts_ms", MICROS / 1000).put("ts_us", MICROS).put("snapshot", "true").put("db", "postgres")
                .put("schema", TABLE.schema()).put("table", TABLE.table()).put("txId", TX).put("lsn", LSN);
    }
}
