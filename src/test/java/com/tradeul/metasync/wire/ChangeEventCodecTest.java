package com.tradeul.metasync.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ChangeEventCodecTest {

    private final ChangeEventCodec codec = new ChangeEventCodec();

    static Stream<ColumnValue> everyKind() {
        BigDecimal hugeNegativeScale = new BigDecimal(new BigInteger("-1" + "9".repeat(60)), -40);
        return Stream.of(
                ColumnValue.Null.INSTANCE,
                new ColumnValue.Bool(false),
                new ColumnValue.Int(Long.MIN_VALUE),
                new ColumnValue.Float(Double.NaN),
                new ColumnValue.Float(-0.0),
                new ColumnValue.Text("naïve \u0000 text"),
                new ColumnValue.Bytes(new byte[] {0, (byte) 0xff, 0, 42}),
                new ColumnValue.Decimal(new BigDecimal("-123.4500")),
                new ColumnValue.Decimal(new BigDecimal("-0.00")),
                new ColumnValue.Decimal(hugeNegativeScale),
                ColumnValue.SpecialNumber.NEGATIVE_INFINITY,
                new ColumnValue.Date(-719_528),
                new ColumnValue.Time(86_400_000_000L),
                new ColumnValue.Timestamp(-1, false),
                new ColumnValue.Timestamp(1_704_105_015_123_456L, true),
                new ColumnValue.Uuid("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"),
                new ColumnValue.Json("{\"price\": 1.50}"),
                ColumnValue.TemporalInfinity.POSITIVE_INFINITY,
                ColumnValue.TemporalInfinity.NEGATIVE_INFINITY,
                new ColumnValue.Interval(Integer.MIN_VALUE, -1, Long.MAX_VALUE),
                new ColumnValue.TimeTz(86_400_000_000L, -57_540),
                new ColumnValue.Point(Double.NaN, -0.0),
                new ColumnValue.Array(List.of(ColumnValue.TemporalInfinity.NEGATIVE_INFINITY, new ColumnValue.Interval(1, 2, 3),
                        new ColumnValue.TimeTz(0, 0), new ColumnValue.Point(1.5, Double.POSITIVE_INFINITY))),
                new ColumnValue.Array(List.of(
                        new ColumnValue.Array(List.of(new ColumnValue.Int(1), ColumnValue.Null.INSTANCE)),
                        new ColumnValue.Bytes(new byte[] {0}),
                        ColumnValue.SpecialNumber.NAN,
                        new ColumnValue.Decimal(new BigDecimal("1E+30")))));
    }

    @ParameterizedTest
    @MethodSource("everyKind")
    void each_value_kind_round_trips_exactly(ColumnValue value) {
        ChangeEvent event = update(List.of(new Column("v", value)));

        assertThat(codec.decode(codec.encode(event))).isEqualTo(event);
    }

    @Test
    void event_with_every_kind_round_trips_exactly() {
        List<ColumnValue> values = everyKind().toList();
        List<Column> row = IntStream.range(0, values.size()).mapToObj(i -> new Column("c" + i, values.get(i))).toList();
        ChangeEvent event = update(row);

        ChangeEvent decoded = codec.decode(codec.encode(event));

        assertThat(decoded).isEqualTo(event);
        assertThat(((ColumnValue.Decimal) decoded.row().get(9).value()).value().scale()).isEqualTo(-40);
    }

    @Test
    void delete_without_row_round_trips() {
        ChangeEvent delete = new ChangeEvent("public.ticker_metadata", Operation.DELETE, new SourcePosition(7, null, 8),
                List.of(new Column("symbol", new ColumnValue.Text("AAPL"))), null, List.of());

        assertThat(codec.decode(codec.encode(delete))).isEqualTo(delete);
    }

    @Test
    void record_written_by_schema_v1_decodes_with_defaults_for_new_fields() throws Exception {
        Schema v1 = ChangeEventCodec.loadSchema("/avro-history/ChangeEvent-v1.avsc");
        byte[] bytes = toBytes(new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v1).encode(v1Insert(v1)));

        ChangeEvent decoded = codec.decode(bytes);

        assertThat(decoded).isEqualTo(new ChangeEvent("public.ticker_metadata", Operation.INSERT,
                new SourcePosition(1234, null, 5678),
                List.of(new Column("symbol", new ColumnValue.Text("AAPL"))),
                List.of(new Column("symbol", new ColumnValue.Text("AAPL")),
                        new Column("price", new ColumnValue.Decimal(new BigDecimal("-123.4500")))),
                List.of()));
        assertThat(decoded.source().txId()).isNull();
        assertThat(decoded.unchangedColumns()).isEmpty();
    }

    @Test
    void record_written_by_schema_v2_decodes_with_the_current_code() throws Exception {
        Schema v2 = ChangeEventCodec.loadSchema("/avro-history/ChangeEvent-v2.avsc");
        assertThat(SchemaNormalization.parsingFingerprint64(v2))
                .isNotEqualTo(SchemaNormalization.parsingFingerprint64(com.tradeul.metasync.wire.avro.ChangeEvent.getClassSchema()));
        Schema columnSchema = v2.getField("key").schema().getElementType();
        Schema valueUnion = columnSchema.getField("value").schema();
        Schema arraySchema = branch(valueUnion, "ArrayValue");
        GenericRecord timestamp = new GenericRecordBuilder(branch(valueUnion, "TimestampValue"))
                .set("epochMicros", -1L).set("withTimeZone", false).build();
        GenericRecord array = new GenericRecordBuilder(arraySchema)
                .set("items", List.of(timestamp, new GenericData.EnumSymbol(branch(valueUnion, "SpecialNumeric"), "NAN"))).build();
        GenericRecord symbol = column(columnSchema, "symbol", "AAPL");
        GenericRecord event = new GenericRecordBuilder(v2)
                .set("table", "public.ticker_metadata")
                .set("op", new GenericData.EnumSymbol(v2.getField("op").schema(), "UPDATE"))
                .set("source", new GenericRecordBuilder(v2.getField("source").schema())
                        .set("lsn", 1L).set("txId", 2L).set("commitTimeMicros", 3L).build())
                .set("key", List.of(symbol))
                .set("row", List.of(symbol, column(columnSchema, "history", array)))
                .set("unchangedColumns", List.of("notes"))
                .build();
        byte[] bytes = toBytes(new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v2).encode(event));

        ChangeEvent decoded = codec.decode(bytes);

        assertThat(decoded).isEqualTo(new ChangeEvent("public.ticker_metadata", Operation.UPDATE, new SourcePosition(1, 2L, 3),
                List.of(new Column("symbol", new ColumnValue.Text("AAPL"))),
                List.of(new Column("symbol", new ColumnValue.Text("AAPL")), new Column("history", new ColumnValue.Array(List.of(
                        new ColumnValue.Timestamp(-1, false), ColumnValue.SpecialNumber.NAN)))),
                List.of("notes")));
    }

    @Test
    void record_written_by_schema_v3_decodes_without_a_problem() throws Exception {
        Schema v3 = ChangeEventCodec.loadSchema("/avro-history/ChangeEvent-v3.avsc");
        assertThat(v3.getField("problem")).isNull();
        Schema columnSchema = v3.getField("key").schema().getElementType();
        GenericRecord symbol = column(columnSchema, "symbol", "AAPL");
        GenericRecord event = new GenericRecordBuilder(v3)
                .set("table", "public.ticker_metadata")
                .set("op", new GenericData.EnumSymbol(v3.getField("op").schema(), "INSERT"))
                .set("source", new GenericRecordBuilder(v3.getField("source").schema())
                        .set("lsn", 7L).set("txId", null).set("commitTimeMicros", 8L).build())
                .set("key", List.of(symbol))
                .set("row", List.of(symbol))
                .build();

        ChangeEvent decoded = codec.decode(toBytes(new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v3).encode(event)));

        assertThat(decoded.problem()).isNull();
        assertThat(decoded.row()).containsExactly(new Column("symbol", new ColumnValue.Text("AAPL")));
    }

    @Test
    void a_row_that_could_not_be_carried_keeps_its_key_position_and_problem() {
        ChangeEvent change = new ChangeEvent("public.quotes", Operation.UPDATE, new SourcePosition(42, 3L, 9),
                List.of(new Column("id", new ColumnValue.Int(1))), List.of(new Column("id", new ColumnValue.Int(1))), List.of("big"));

        ChangeEvent unconvertible = change.unconvertible(new Unconvertible("shape", "type box is not one metasync carries", "(1,1),(0,0)"));

        assertThat(codec.decode(codec.encode(unconvertible))).isEqualTo(unconvertible);
        assertThat(unconvertible.row()).isNull();
        assertThat(unconvertible.unchangedColumns()).isEmpty();
        assertThat(unconvertible.key()).isEqualTo(change.key());
    }

    private static Schema branch(Schema union, String name) {
        return union.getTypes().stream().filter(s -> name.equals(s.getName())).findFirst().orElseThrow();
    }

    @Test
    void unknown_schema_fingerprint_is_undecodable() {
        byte[] bytes = codec.encode(update(List.of(new Column("v", new ColumnValue.Int(1)))));
        bytes[2] ^= 0x5a; // bytes 2..9 are the writer schema's fingerprint

        assertThatThrownBy(() -> codec.decode(bytes))
                .isInstanceOf(UndecodableRecordException.class)
                .hasMessageContaining("unknown ChangeEvent schema version");
    }

    static Stream<byte[]> garbage() {
        Random random = new Random(20240101);
        byte[] header = Arrays.copyOf(new ChangeEventCodec().encode(update(List.of())), 10);
        Stream<byte[]> fixed = Stream.of(new byte[0], new byte[] {(byte) 0xc3}, "not avro at all".getBytes(),
                Arrays.copyOf(header, 6), header,
                withBody(header, 0x01), // table length -1
                withBody(header, 0x80, 0x80, 0x80, 0x80, 0x10)); // table length 2^31: Avro's UnsupportedOperationException
        // 7-bit bytes keep every varint length small: garbage that fails the same way whatever the heap size.
        Stream<byte[]> randomBodies = IntStream.range(0, 200).mapToObj(i -> {
            byte[] bytes = Arrays.copyOf(header, 10 + random.nextInt(64));
            for (int b = 10; b < bytes.length; b++) {
                bytes[b] = (byte) random.nextInt(128);
            }
            return bytes;
        });
        Stream<byte[]> randomWhole = IntStream.range(0, 50).mapToObj(i -> {
            byte[] bytes = new byte[random.nextInt(64)];
            random.nextBytes(bytes);
            return bytes;
        });
        return Stream.of(fixed, randomBodies, randomWhole).flatMap(s -> s);
    }

    private static byte[] withBody(byte[] header, int... body) {
        byte[] bytes = Arrays.copyOf(header, header.length + body.length);
        for (int i = 0; i < body.length; i++) {
            bytes[header.length + i] = (byte) body[i];
        }
        return bytes;
    }

    @ParameterizedTest
    @MethodSource("garbage")
    void garbage_is_undecodable(byte[] garbage) {
        assertThatThrownBy(() -> codec.decode(garbage)).isInstanceOf(UndecodableRecordException.class);
    }

    @Test
    void truncated_record_is_undecodable() {
        byte[] whole = codec.encode(update(everyKind().map(v -> new Column("v", v)).toList()));

        for (int length = 0; length < whole.length; length++) {
            byte[] truncated = Arrays.copyOf(whole, length);
            assertThatThrownBy(() -> codec.decode(truncated)).as("first %d bytes", length)
                    .isInstanceOf(UndecodableRecordException.class);
        }
    }

    private static ChangeEvent update(List<Column> row) {
        return new ChangeEvent("public.ticker_metadata", Operation.UPDATE, new SourcePosition(42L, 7L, 1_704_105_015_000_000L),
                List.of(new Column("symbol", new ColumnValue.Text("AAPL"))), row, List.of("description"));
    }

    private static GenericRecord v1Insert(Schema v1) {
        Schema sourceSchema = v1.getField("source").schema();
        Schema columnSchema = v1.getField("key").schema().getElementType();
        Schema decimalSchema = columnSchema.getField("value").schema().getTypes().stream()
                .filter(s -> s.getName().equals("DecimalValue")).findFirst().orElseThrow();
        GenericRecord symbol = column(columnSchema, "symbol", "AAPL");
        GenericRecord price = column(columnSchema, "price", new GenericRecordBuilder(decimalSchema)
                .set("unscaled", ByteBuffer.wrap(BigInteger.valueOf(-1_234_500).toByteArray()))
                .set("scale", 4)
                .build());
        return new GenericRecordBuilder(v1)
                .set("table", "public.ticker_metadata")
                .set("op", new GenericData.EnumSymbol(v1.getField("op").schema(), "INSERT"))
                .set("source", new GenericRecordBuilder(sourceSchema).set("lsn", 1234L).set("commitTimeMicros", 5678L).build())
                .set("key", List.of(symbol))
                .set("row", List.of(symbol, price))
                .build();
    }

    private static GenericRecord column(Schema columnSchema, String name, Object value) {
        return new GenericRecordBuilder(columnSchema).set("name", name).set("value", value).build();
    }

    private static byte[] toBytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }
}
