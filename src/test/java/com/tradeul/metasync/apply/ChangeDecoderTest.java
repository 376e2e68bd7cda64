package com.tradeul.metasync.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tradeul.metasync.capture.EnvelopeReader;
import com.tradeul.metasync.config.TableId;
import com.tradeul.metasync.config.TableSettings.TruncatePolicy;
import com.tradeul.metasync.normalize.JsonRenderer;
import com.tradeul.metasync.normalize.KeyTemplate;
import com.tradeul.metasync.normalize.SpecialNumberPolicy;
import com.tradeul.metasync.wire.ChangeEvent;
import com.tradeul.metasync.wire.ChangeEventCodec;
import com.tradeul.metasync.wire.Column;
import com.tradeul.metasync.wire.ColumnValue;
import com.tradeul.metasync.wire.Operation;
import com.tradeul.metasync.wire.SourcePosition;
import io.debezium.data.Envelope;
import io.debezium.data.SpecialValueDecimal;
import io.debezium.data.VariableScaleDecimal;
import io.debezium.jdbc.JdbcValueConverters.DecimalMode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.json.JsonConverter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Debezium's JSON envelope as a stock Kafka Connect worker writes it: envelopes are built as Connect
 * data with Debezium's own schema and value builders, serialized by Kafka Connect's JsonConverter
 * ({@code schemas.enable=true}) and decoded beside metasync's Avro records.
 */
class ChangeDecoderTest {

    private static final String TOPIC = "metasync.public.ticker_metadata";
    private static final TableId TABLE = new TableId("public", "ticker_metadata");
    private static final SourcePosition POSITION = new SourcePosition(987_654_321L, 4242L, 1_700_000_000_123_456L);
    private static final ChangeEventCodec CODEC = new ChangeEventCodec();
    private static final ChangeDecoder DECODER = new ChangeDecoder(CODEC);

    /** One numeric column as Debezium's PostgreSQL connector emits it in a decimal.handling.mode. */
    record NumericColumn(DecimalMode mode, Integer precision, Integer scale) {

        Schema schema() {
            SchemaBuilder builder = precision == null && mode == DecimalMode.PRECISE
                    ? VariableScaleDecimal.builder() : SpecialValueDecimal.builder(mode, precision == null ? 0 : precision, scale == null ? 0 : scale);
            builder.optional().parameter("__debezium.source.column.type", "NUMERIC");
            if (precision != null) {
                builder.parameter("__debezium.source.column.length", precision.toString())
                        .parameter("__debezium.source.column.scale", scale.toString());
            }
            return builder.build();
        }

        Object value(String postgresText) {
            SpecialValueDecimal decimal = switch (postgresText) {
                case "NaN" -> SpecialValueDecimal.NOT_A_NUMBER;
                case "Infinity" -> SpecialValueDecimal.POSITIVE_INF;
                case "-Infinity" -> SpecialValueDecimal.NEGATIVE_INF;
                default -> new SpecialValueDecimal(new BigDecimal(postgresText));
            };
            if (precision == null && mode == DecimalMode.PRECISE) {
                return VariableScaleDecimal.fromLogical(schema(), decimal);
            }
            return SpecialValueDecimal.fromLogical(decimal, mode, "ratio");
        }

        @Override
        public String toString() {
            return mode + (precision == null ? " numeric" : " numeric(" + precision + "," + scale + ")");
        }
    }

    static Stream<Arguments> numerics() {
        NumericColumn precise202 = new NumericColumn(DecimalMode.PRECISE, 20, 2);
        NumericColumn preciseUnscaled = new NumericColumn(DecimalMode.PRECISE, null, null);
        NumericColumn string202 = new NumericColumn(DecimalMode.STRING, 20, 2);
        NumericColumn stringUnscaled = new NumericColumn(DecimalMode.STRING, null, null);
        NumericColumn doubleUnscaled = new NumericColumn(DecimalMode.DOUBLE, null, null);
        return Stream.of(
                Arguments.of(precise202, "123456789012345678.90", decimalValue("123456789012345678.90")),
                Arguments.of(precise202, "-0.00", decimalValue("0.00")),
                Arguments.of(preciseUnscaled, "-123.4500", decimalValue("-123.4500")),
                Arguments.of(preciseUnscaled, "0.000000000123", decimalValue("0.000000000123")),
                Arguments.of(preciseUnscaled, "9999999999999999999999999999.99999999", decimalValue("9999999999999999999999999999.99999999")),
                Arguments.of(string202, "123456789012345678.90", decimalValue("123456789012345678.90")),
                Arguments.of(stringUnscaled, "-123.4500", decimalValue("-123.4500")),
                Arguments.of(stringUnscaled, "0.000000000123", decimalValue("0.000000000123")),
                Arguments.of(stringUnscaled, "NaN", ColumnValue.SpecialNumber.NAN),
                Arguments.of(stringUnscaled, "Infinity", ColumnValue.SpecialNumber.POSITIVE_INFINITY),
                Arguments.of(stringUnscaled, "-Infinity", ColumnValue.SpecialNumber.NEGATIVE_INFINITY),
                // double mode is lossy before metasync sees it: the double is all there is to keep.
                Arguments.of(doubleUnscaled, "123456789012345678.90", new ColumnValue.Float(1.2345678901234568E17)),
                Arguments.of(doubleUnscaled, "-123.4500", new ColumnValue.Float(-123.45)),
                Arguments.of(doubleUnscaled, "0.000000000123", new ColumnValue.Float(1.23E-10)),
                // JsonConverter writes a NaN double as "NaN" and reads it back as 0.0 unless the decoder restores it.
                Arguments.of(doubleUnscaled, "NaN", new ColumnValue.Float(Double.NaN)),
                Arguments.of(doubleUnscaled, "-Infinity", new ColumnValue.Float(Double.NEGATIVE_INFINITY)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("numerics")
    void numeric_from_a_debezium_json_envelope_decodes_exactly(NumericColumn column, String postgresText, ColumnValue expected) {
        Schema row = rowSchema(SchemaBuilder.struct().field("price", column.schema()));
        Struct after = new Struct(row).put("symbol", "AAPL").put("price", column.value(postgresText));

        ChangeDecoder.Decoded decoded = DECODER.decode(json(envelope(row).create(after, source(), Instant.EPOCH), key("AAPL")));

        assertThat(decoded.event().row()).containsExactly(
                new Column("symbol", new ColumnValue.Text("AAPL")), new Column("price", expected));
        if (expected instanceof ColumnValue.Decimal d) {
            BigDecimal actual = ((ColumnValue.Decimal) decoded.event().row().get(1).value()).value();
            assertThat(actual.toPlainString()).isEqualTo(d.value().toPlainString());
            assertThat(actual.scale()).isEqualTo(d.value().scale());
        }
    }

    @Test
    void envelope_gives_operation_table_source_position_and_key() {
        Schema row = rowSchema(SchemaBuilder.struct());
        Struct before = new Struct(row).put("symbol", "AAPL");
        Struct after = new Struct(row).put("symbol", "AAPL");

        ChangeEvent update = DECODER.decode(json(envelope(row).update(before, after, source(), Instant.EPOCH), key("AAPL"))).event();
        ChangeEvent delete = DECODER.decode(json(envelope(row).delete(before, source(), Instant.EPOCH), key("AAPL"))).event();

        assertThat(update).isEqualTo(new ChangeEvent("public.ticker_metadata", Operation.UPDATE, POSITION,
                List.of(new Column("symbol", new ColumnValue.Text("AAPL"))), List.of(new Column("symbol", new ColumnValue.Text("AAPL"))), List.of()));
        assertThat(delete.op()).isEqualTo(Operation.DELETE);
        assertThat(delete.row()).isNull();
    }

    static Stream<Arguments> floats() {
        Schema doubles = SchemaBuilder.array(Schema.OPTIONAL_FLOAT64_SCHEMA).optional().build();
        return Stream.of(
                Arguments.of(Schema.OPTIONAL_FLOAT64_SCHEMA, Double.NaN, new ColumnValue.Float(Double.NaN)),
                Arguments.of(Schema.OPTIONAL_FLOAT64_SCHEMA, Double.POSITIVE_INFINITY, new ColumnValue.Float(Double.POSITIVE_INFINITY)),
                Arguments.of(Schema.OPTIONAL_FLOAT32_SCHEMA, Float.NEGATIVE_INFINITY, new ColumnValue.Float(Double.NEGATIVE_INFINITY)),
                Arguments.of(Schema.OPTIONAL_FLOAT64_SCHEMA, -0.0, new ColumnValue.Float(-0.0)),
                Arguments.of(Schema.OPTIONAL_FLOAT32_SCHEMA, -0.0f, new ColumnValue.Float(-0.0)),
                Arguments.of(Schema.OPTIONAL_FLOAT64_SCHEMA, 0.1, new ColumnValue.Float(0.1)),
                Arguments.of(Schema.OPTIONAL_FLOAT64_SCHEMA, 1e300, new ColumnValue.Float(1e300)),
                Arguments.of(doubles, Arrays.asList(-0.0), new ColumnValue.Array(List.of(new ColumnValue.Float(-0.0)))),
                Arguments.of(doubles, Arrays.asList(0.1, Double.POSITIVE_INFINITY, Double.NaN, 0.0, null), new ColumnValue.Array(List.of(
                        new ColumnValue.Float(0.1), new ColumnValue.Float(Double.POSITIVE_INFINITY), new ColumnValue.Float(Double.NaN),
                        new ColumnValue.Float(0.0), ColumnValue.Null.INSTANCE))),
                Arguments.of(Schema.OPTIONAL_STRING_SCHEMA, "NaN", new ColumnValue.Text("NaN")));
    }

    /** JsonConverter alone reads "NaN"/"Infinity" of a float as 0.0 and -0.0 as 0.0. */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("floats")
    void float_nan_infinities_and_negative_zero_survive_json_converter(Schema schema, Object value, ColumnValue expected) {
        Schema row = rowSchema(SchemaBuilder.struct().field("score", schema));
        Struct after = new Struct(row).put("symbol", "AAPL").put("score", value);

        ChangeEvent event = DECODER.decode(json(envelope(row).create(after, source(), Instant.EPOCH), key("AAPL"))).event();

        assertThat(event.row()).containsExactly(new Column("symbol", new ColumnValue.Text("AAPL")), new Column("score", expected));
    }

    @Test
    void unchanged_toast_placeholder_is_listed_not_written_with_the_configured_placeholder() {
        ChangeDecoder custom = new ChangeDecoder(CODEC, new JsonRenderer(SpecialNumberPolicy.STRING), "__toast__");
        Schema row = rowSchema(SchemaBuilder.struct().field("notes", Schema.OPTIONAL_STRING_SCHEMA));
        Struct after = new Struct(row).put("symbol", "AAPL").put("notes", "__toast__");

        ChangeEvent event = custom.decode(json(envelope(row).update(after, after, source(), Instant.EPOCH), key("AAPL"))).event();

        assertThat(event.row()).containsExactly(new Column("symbol", new ColumnValue.Text("AAPL")));
        assertThat(event.unchangedColumns()).containsExactly("notes");
    }

    static Stream<Arguments> keys() {
        Schema lot = SpecialValueDecimal.builder(DecimalMode.PRECISE, 10, 2).build();
        Schema composite = SchemaBuilder.struct().name(TOPIC + ".Key").field("exchange", Schema.STRING_SCHEMA)
                .field("id", Schema.INT64_SCHEMA).field("lot", lot).build();
        Struct compositeKey = new Struct(composite).put("exchange", "NYSE").put("id", 42L).put("lot", new BigDecimal("1.50"));
        return Stream.of(
                Arguments.of(key("AAPL"), Map.of("symbol", "AAPL")),
                Arguments.of(key("Café \"Ü\" 🚀"), Map.of("symbol", "Café \"Ü\" 🚀")),
                Arguments.of(compositeKey, Map.of("exchange", "NYSE", "id", "42", "lot", "1.50")));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("keys")
    void key_parts_and_redis_writes_equal_those_of_the_avro_path(Struct key, Map<String, String> expectedParts) {
        Schema row = rowSchema(SchemaBuilder.struct().field("price", new NumericColumn(DecimalMode.STRING, 20, 2).schema()));
        Struct envelope = envelope(row).create(new Struct(row).put("symbol", "X").put("price", "123456789012345678.90"), source(), Instant.EPOCH);
        IncomingRecord fromConnect = json(envelope, key);
        IncomingRecord fromCapture = avroAsCaptureWritesIt(envelope, key);

        ChangeDecoder.Decoded connect = DECODER.decode(fromConnect);
        ChangeDecoder.Decoded avro = DECODER.decode(fromCapture);

        assertThat(connect.keyParts()).isEqualTo(expectedParts).isEqualTo(avro.keyParts());
        assertThat(connect.event()).isEqualTo(avro.event());
        String template = "metadata:ticker:" + String.join(":", expectedParts.keySet().stream().sorted().map(p -> "{" + p + "}").toList());
        BatchPlanner planner = new BatchPlanner(Map.of(TOPIC, TABLE), DECODER, new JsonRenderer(SpecialNumberPolicy.STRING),
                new RedisKeys(Map.of(TABLE, KeyTemplate.parse(template))), t -> TruncatePolicy.DELETE);
        RedisWrite.Upsert connectWrite = (RedisWrite.Upsert) planner.decide(fromConnect);
        RedisWrite.Upsert avroWrite = (RedisWrite.Upsert) planner.decide(fromCapture);
        assertThat(connectWrite.key()).isEqualTo(avroWrite.key()).startsWith("metadata:ticker:");
        assertThat(new String(connectWrite.json(), StandardCharsets.UTF_8))
                .isEqualTo(new String(avroWrite.json(), StandardCharsets.UTF_8))
                .isEqualTo("{\"symbol\":\"X\",\"price\":123456789012345678.90}");
    }

    static Stream<Arguments> tombstones() {
        return Stream.of(
                Arguments.of("Debezium JSON key", json(null, key("AAPL")).key()),
                Arguments.of("metasync JSON key", utf8("{\"symbol\":\"AAPL\"}")),
                Arguments.of("metasync JSON key that has a 'schema' member", utf8("{\"schema\":\"AAPL\"}")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tombstones")
    void tombstone_deletes_with_either_key_format(String kind, byte[] key) {
        ChangeDecoder.Decoded decoded = DECODER.decode(new IncomingRecord(TOPIC, 0, 7, key, null));
        assertThat(decoded.event()).isNull();
        assertThat(decoded.keyParts()).hasSize(1).containsValue("AAPL");
    }

    @Test
    void truncate_from_kafka_connect_has_no_key_and_no_key_parts() {
        Schema row = rowSchema(SchemaBuilder.struct());
        ChangeDecoder.Decoded decoded = DECODER.decode(json(envelope(row).truncate(source(), Instant.EPOCH), null));
        assertThat(decoded.keyParts()).isEmpty();
        assertThat(decoded.event().op()).isEqualTo(Operation.TRUNCATE);

        Struct after = new Struct(row).put("symbol", "AAPL");
        assertThatThrownBy(() -> DECODER.decode(json(envelope(row).create(after, source(), Instant.EPOCH), null)))
                .hasMessageContaining("no key but is a INSERT");
    }

    static Stream<Arguments> poison() {
        Schema heartbeat = SchemaBuilder.struct().name("io.debezium.connector.common.Heartbeat").field("ts_ms", Schema.INT64_SCHEMA).build();
        Schema row = rowSchema(SchemaBuilder.struct());
        Schema sourceWithoutLsn = SchemaBuilder.struct().name("io.debezium.connector.postgresql.Source")
                .field("schema", Schema.STRING_SCHEMA).field("table", Schema.STRING_SCHEMA).field("ts_ms", Schema.INT64_SCHEMA).build();
        Schema noLsnEnvelope = Envelope.defineSchema().withName(TOPIC + ".Envelope").withRecord(row).withSource(sourceWithoutLsn).build().schema();
        Struct noLsn = new Struct(noLsnEnvelope).put("op", "c").put("after", new Struct(row).put("symbol", "A"))
                .put("source", new Struct(sourceWithoutLsn).put("schema", "public").put("table", "t").put("ts_ms", 1L));
        return Stream.of(
                Arguments.of("bytes", new byte[] {1, 2, 3}, "not a metasync Avro ChangeEvent nor a Debezium JSON envelope: value starts with 01 02 03"),
                Arguments.of("empty", new byte[0], "not a metasync Avro ChangeEvent nor a Debezium JSON envelope"),
                Arguments.of("JSON string", utf8("\"AAPL\""), "not a metasync Avro ChangeEvent nor a Debezium JSON envelope"),
                Arguments.of("broken JSON", utf8("{\"schema\": {"), "not a metasync Avro ChangeEvent nor a Debezium JSON envelope: value is JSON but"),
                Arguments.of("schemaless JSON", utf8("{\"symbol\":\"AAPL\"}"), "not a metasync Avro ChangeEvent nor a Debezium JSON envelope: value is JSON but"),
                Arguments.of("heartbeat", json(new Struct(heartbeat).put("ts_ms", 1L), key("A")).value(), "is not a row change"),
                Arguments.of("envelope without lsn", json(noLsn, key("A")).value(), "lsn is not a valid field name"),
                Arguments.of("corrupt Avro", new byte[] {(byte) 0xC3, 0x01, 9, 9, 9}, "UndecodableRecordException"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("poison")
    void anything_else_is_poison_with_the_reason(String kind, byte[] value, String reason) {
        IncomingRecord record = new IncomingRecord(TOPIC, 0, 3, utf8("{\"symbol\":\"A\"}"), value);
        BatchPlan plan = new BatchPlanner(Map.of(TOPIC, TABLE), DECODER, new JsonRenderer(SpecialNumberPolicy.STRING),
                new RedisKeys(Map.of(TABLE, KeyTemplate.parse("t:{symbol}"))), t -> TruncatePolicy.DELETE).plan(List.of(record));
        assertThat(plan.writes()).isEmpty();
        assertThat(plan.poison()).singleElement().satisfies(p -> assertThat(p.reason()).contains(reason));
    }

    @Test
    void json_value_after_whitespace_is_detected_and_a_record_without_key_and_json_is_refused() {
        Schema row = rowSchema(SchemaBuilder.struct());
        IncomingRecord record = json(envelope(row).read(new Struct(row).put("symbol", "A"), source(), Instant.EPOCH), key("A"));
        byte[] padded = utf8(" \r\n\t" + new String(record.value(), StandardCharsets.UTF_8));
        assertThat(DECODER.decode(new IncomingRecord(TOPIC, 0, 0, record.key(), padded)).event().op()).isEqualTo(Operation.SNAPSHOT_READ);
        assertThatThrownBy(() -> DECODER.decode(new IncomingRecord(TOPIC, 0, 0, null, new byte[] {1})))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no key");
    }

    // --- Debezium-shaped Connect data --------------------------------------------------------------

    private static ColumnValue decimalValue(String text) {
        return new ColumnValue.Decimal(new BigDecimal(text));
    }

    private static Schema rowSchema(SchemaBuilder columns) {
        SchemaBuilder row = SchemaBuilder.struct().name(TOPIC + ".Value").optional().field("symbol", symbolSchema());
        columns.fields().forEach(f -> row.field(f.name(), f.schema()));
        return row.build();
    }

    private static Schema symbolSchema() {
        return SchemaBuilder.string().parameter("__debezium.source.column.type", "TEXT").build();
    }

    private static Struct key(String symbol) {
        Schema schema = SchemaBuilder.struct().name(TOPIC + ".Key").field("symbol", symbolSchema()).build();
        return new Struct(schema).put("symbol", symbol);
    }

    private static Envelope envelope(Schema row) {
        return Envelope.defineSchema().withName(TOPIC + ".Envelope").withRecord(row).withSource(source().schema()).build();
    }

    /** The source block of Debezium's PostgreSQL connector. */
    private static Struct source() {
        Schema schema = SchemaBuilder.struct().name("io.debezium.connector.postgresql.Source")
                .field("version", Schema.STRING_SCHEMA).field("connector", Schema.STRING_SCHEMA).field("name", Schema.STRING_SCHEMA)
                .field("ts_ms", Schema.INT64_SCHEMA)
                .field("snapshot", SchemaBuilder.string().optional().name("io.debezium.data.Enum").version(1)
                        .parameter("allowed", "true,first,first_in_data_collection,last_in_data_collection,last,false,incremental").build())
                .field("db", Schema.STRING_SCHEMA).field("sequence", Schema.OPTIONAL_STRING_SCHEMA)
                .field("ts_us", Schema.OPTIONAL_INT64_SCHEMA).field("ts_ns", Schema.OPTIONAL_INT64_SCHEMA)
                .field("schema", Schema.STRING_SCHEMA).field("table", Schema.STRING_SCHEMA)
                .field("txId", Schema.OPTIONAL_INT64_SCHEMA).field("lsn", Schema.OPTIONAL_INT64_SCHEMA)
                .field("xmin", Schema.OPTIONAL_INT64_SCHEMA).build();
        return new Struct(schema).put("version", "3.6.1.Final").put("connector", "postgresql").put("name", "metasync")
                .put("ts_ms", POSITION.commitTimeMicros() / 1000).put("snapshot", "false").put("db", "postgres")
                .put("sequence", "[null,\"987654321\"]").put("ts_us", POSITION.commitTimeMicros())
                .put("ts_ns", POSITION.commitTimeMicros() * 1000).put("schema", "public").put("table", "ticker_metadata")
                .put("txId", POSITION.txId()).put("lsn", POSITION.lsn());
    }

    /** The record a Kafka Connect worker writes: JsonConverter with schemas.enable=true for key and value. */
    private static IncomingRecord json(Struct value, Struct key) {
        return new IncomingRecord(TOPIC, 0, 0, serialize(key, true), serialize(value, false));
    }

    private static byte[] serialize(Struct struct, boolean isKey) {
        JsonConverter converter = new JsonConverter();
        converter.configure(Map.of("schemas.enable", "true"), isKey);
        return struct == null ? null : converter.fromConnectData(TOPIC, struct.schema(), struct);
    }

    /** The record metasync's capture writes for the same Debezium record (as capture.ChangeRecordMapper does). */
    private static IncomingRecord avroAsCaptureWritesIt(Struct envelope, Struct key) {
        EnvelopeReader reader = new EnvelopeReader(EnvelopeReader.DEFAULT_UNAVAILABLE_PLACEHOLDER);
        byte[] kafkaKey = new JsonRenderer(SpecialNumberPolicy.STRING).renderKey(reader.columns(key, new ArrayList<>()));
        return new IncomingRecord(TOPIC, 0, 0, kafkaKey, CODEC.encode(reader.read(envelope, key)));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
