package com.tradeul.metasync.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The reader's events against what Avro's own reader and {@link AvroMapping#fromAvro} make of the same bytes. */
class ChangeEventReaderTest {

    private final ChangeEventCodec codec = new ChangeEventCodec();

    private void assertSameEvent(ChangeEvent event) {
        byte[] bytes = codec.encode(event);
        ChangeEvent read = codec.decode(bytes);
        assertThat(read).as(event.toString()).isEqualTo(ReferenceEncoding.decode(bytes)).isEqualTo(event);
    }

    @ParameterizedTest
    @MethodSource("com.tradeul.metasync.wire.ChangeEventCodecTest#everyKind")
    void each_value_kind_is_read_as_avro_reads_it(ColumnValue value) {
        assertSameEvent(ChangeEventWriterTest.event(List.of(new Column("v", value))));
        assertSameEvent(ChangeEventWriterTest.event(List.of(new Column("in an array", new ColumnValue.Array(List.of(value, value))))));
    }

    @Test
    void every_field_of_the_event_is_read_as_avro_reads_it() {
        ChangeEventWriterTest.everyShapeOfEvent().forEach(this::assertSameEvent);
    }

    @Test
    void random_events_are_read_as_avro_reads_them() {
        Random random = new Random(23);
        for (int n = 0; n < 5_000; n++) {
            assertSameEvent(ChangeEventWriterTest.randomEvent(random));
        }
    }

    /** Avro writers may split an array into several blocks, a negative count followed by the block's size. */
    @Test
    void an_array_written_in_blocks_reads_whole() throws Exception {
        List<Column> row = List.of(new Column("a", new ColumnValue.Int(1)), new Column("b", new ColumnValue.Int(2)),
                new Column("c", new ColumnValue.Int(3)));
        ChangeEvent event = ChangeEventWriterTest.event(row);
        var out = new java.io.ByteArrayOutputStream();
        var encoder = org.apache.avro.io.EncoderFactory.get().blockingBinaryEncoder(out, null);
        new org.apache.avro.specific.SpecificDatumWriter<>(com.tradeul.metasync.wire.avro.ChangeEvent.class)
                .write(ReferenceEncoding.toAvro(event), encoder);
        encoder.flush();
        byte[] header = java.util.Arrays.copyOf(codec.encode(event), 10);
        byte[] bytes = new byte[header.length + out.size()];
        System.arraycopy(header, 0, bytes, 0, header.length);
        System.arraycopy(out.toByteArray(), 0, bytes, header.length, out.size());

        assertThat(bytes).as("written in blocks").isNotEqualTo(codec.encode(event));
        assertThat(codec.decode(bytes)).isEqualTo(event);
    }

    @Test
    void a_branch_the_value_union_does_not_have_is_undecodable_not_a_crash() {
        byte[] bytes = codec.encode(ChangeEventWriterTest.event(List.of(new Column("v", ColumnValue.Null.INSTANCE))));
        // The last bytes: the value's branch (null: 0), the end of the row array (0), no unchanged columns (0), no problem (0).
        bytes[bytes.length - 4] = 2 * 40; // zigzag 40: no such branch

        assertThatThrownBy(() -> codec.decode(bytes)).isInstanceOf(UndecodableRecordException.class)
                .hasMessageContaining("value union branch 40");
    }
}
