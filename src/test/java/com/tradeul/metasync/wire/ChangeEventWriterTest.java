package com.tradeul.metasync.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The writer's bytes against Avro's own encoding of the same event, {@link ReferenceEncoding}. */
class ChangeEventWriterTest {

    private final ChangeEventCodec codec = new ChangeEventCodec();

    static ChangeEvent event(List<Column> row) {
        return new ChangeEvent("public.quotes", Operation.UPDATE, new SourcePosition(Long.MAX_VALUE, 7L, -1),
                List.of(new Column("symbol", new ColumnValue.Text("AAPL"))), row, List.of());
    }

    private void assertSameBytes(ChangeEvent event) {
        assertThat(codec.encode(event)).as(event.toString()).isEqualTo(ReferenceEncoding.encode(event));
    }

    @ParameterizedTest
    @MethodSource("com.tradeul.metasync.wire.ChangeEventCodecTest#everyKind")
    void each_value_kind_is_written_as_avro_writes_it(ColumnValue value) {
        assertSameBytes(event(List.of(new Column("v", value))));
        assertSameBytes(event(List.of(new Column("in an array", new ColumnValue.Array(List.of(value, value))))));
    }

    /** Each field of the event set and unset: null txId, no row, no key, unchanged columns, a problem with and without text. */
    static List<ChangeEvent> everyShapeOfEvent() {
        List<Column> key = List.of(new Column("id", new ColumnValue.Int(1)), new Column("at", new ColumnValue.Date(3)));
        ChangeEvent update = new ChangeEvent("s.t", Operation.UPDATE, new SourcePosition(1, 2L, 3), key, key, List.of());
        return List.of(
                new ChangeEvent("s.t", Operation.SNAPSHOT_READ, new SourcePosition(0, null, 0), key, key, List.of()),
                new ChangeEvent("s.t", Operation.DELETE, new SourcePosition(5, 6L, 7), key, null, List.of()),
                new ChangeEvent("s.t", Operation.TRUNCATE, new SourcePosition(5, 6L, 7), List.of(), null, List.of()),
                new ChangeEvent("s.t", Operation.INSERT, new SourcePosition(1, 2L, 3), key, key, List.of("big", "bigger")),
                update.unconvertible(new Unconvertible("shape", "type box is not one metasync carries", "(1,1),(0,0)")),
                update.unconvertible(new Unconvertible("v", "no text", null)));
    }

    @Test
    void every_field_of_the_event_is_written_as_avro_writes_it() {
        everyShapeOfEvent().forEach(this::assertSameBytes);
    }

    /** Random rows of every kind: strings beyond ASCII, decimals of every length and sign, nested arrays, many columns. */
    @Test
    void random_events_are_written_as_avro_writes_them() {
        Random random = new Random(17);
        for (int n = 0; n < 5_000; n++) {
            assertSameBytes(randomEvent(random));
        }
    }

    static ChangeEvent randomEvent(Random random) {
        List<ColumnValue> kinds = ChangeEventCodecTest.everyKind().toList();
        List<Column> row = new ArrayList<>();
        int columns = random.nextInt(40);
        for (int c = 0; c < columns; c++) {
            row.add(new Column("c" + c + "é".repeat(random.nextInt(3)), randomValue(random, kinds, 2)));
        }
        return event(row);
    }

    private static ColumnValue randomValue(Random random, List<ColumnValue> kinds, int depth) {
        return switch (random.nextInt(depth > 0 ? 6 : 5)) {
            case 0 -> kinds.get(random.nextInt(kinds.size()));
            case 1 -> new ColumnValue.Decimal(new BigDecimal(new BigInteger(random.nextInt(200), random).multiply(
                    BigInteger.valueOf(random.nextBoolean() ? 1 : -1)), random.nextInt(80) - 20));
            case 2 -> new ColumnValue.Text(randomText(random));
            case 3 -> new ColumnValue.Int(random.nextLong() >> random.nextInt(64));
            case 4 -> new ColumnValue.Timestamp(random.nextLong(), random.nextBoolean());
            default -> new ColumnValue.Array(List.of(randomValue(random, kinds, depth - 1), randomValue(random, kinds, depth - 1)));
        };
    }

    private static String randomText(Random random) {
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(300);
        for (int i = 0; i < length; i++) {
            text.appendCodePoint(random.nextInt(10) == 0 ? 0x1F600 + random.nextInt(50) : random.nextInt(random.nextBoolean() ? 128 : 0xD000));
        }
        return text.toString();
    }

    @Test
    void a_schema_whose_fields_the_writer_does_not_write_stops_the_codec_at_construction() {
        Schema schema = com.tradeul.metasync.wire.avro.ChangeEvent.getClassSchema();
        String json = schema.toString().replace("\"commitTimeMicros\"", "\"commitTimeNanos\"");

        assertThatThrownBy(() -> new ChangeEventLayout(new Schema.Parser().parse(json), new byte[10]))
                .hasMessageContaining("SourcePosition has fields [lsn, txId, commitTimeNanos]")
                .hasMessageContaining("change ChangeEventWriter and ChangeEventReader with the schema");
    }
}
