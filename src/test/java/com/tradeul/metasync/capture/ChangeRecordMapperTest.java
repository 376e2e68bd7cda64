package com.tradeul.metasync.capture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradeul.metasync.config.TableSettings.OnUnconvertible;
import com.tradeul.metasync.normalize.JsonRenderer;
import com.tradeul.metasync.normalize.SpecialNumberPolicy;
import com.tradeul.metasync.wire.ChangeEventCodec;
import com.tradeul.metasync.wire.Operation;
import io.debezium.data.Envelope;
import java.time.Instant;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

/** Which records capture sends to every partition of their topic: a TRUNCATE, and nothing else. */
class ChangeRecordMapperTest {

    private static final String TOPIC = "metasync.public.t";
    private static final ChangeEventCodec CODEC = new ChangeEventCodec();
    private static final Schema ROW = SchemaBuilder.struct().name(TOPIC + ".Value").optional()
            .field("symbol", Schema.STRING_SCHEMA).build();
    private static final Schema KEY = SchemaBuilder.struct().name(TOPIC + ".Key").field("symbol", Schema.STRING_SCHEMA).build();
    private static final Envelope ENVELOPE = Envelope.defineSchema().withName(TOPIC + ".Envelope").withRecord(ROW)
            .withSource(source().schema()).build();

    private final ChangeRecordMapper mapper = new ChangeRecordMapper(CODEC, new JsonRenderer(SpecialNumberPolicy.STRING),
            new EnvelopeReader(EnvelopeReader.DEFAULT_UNAVAILABLE_PLACEHOLDER), table -> OnUnconvertible.DELETE);

    @Test
    void a_truncate_goes_to_every_partition_with_the_truncate_key() {
        Struct truncate = ENVELOPE.truncate(source(), Instant.EPOCH);
        ChangeRecordMapper.Outgoing out = mapper.map(new SourceRecord(null, null, TOPIC, null, null, truncate.schema(), truncate)).orElseThrow();

        assertThat(out.toEveryPartition()).isTrue();
        assertThat(out.key()).isEqualTo(ChangeRecordMapper.TRUNCATE_KEY);
        assertThat(CODEC.decode(out.value()).op()).isEqualTo(Operation.TRUNCATE);
    }

    @Test
    void a_row_change_and_a_tombstone_go_to_their_keys_partition() {
        Struct key = new Struct(KEY).put("symbol", "A");
        Struct insert = ENVELOPE.create(new Struct(ROW).put("symbol", "A"), source(), Instant.EPOCH);

        assertThat(mapper.map(new SourceRecord(null, null, TOPIC, KEY, key, insert.schema(), insert)).orElseThrow().toEveryPartition())
                .isFalse();
        assertThat(mapper.map(new SourceRecord(null, null, TOPIC, KEY, key, null, null)).orElseThrow().toEveryPartition()).isFalse();
    }

    private static Struct source() {
        Schema schema = SchemaBuilder.struct().name("io.debezium.connector.postgresql.Source")
                .field("version", Schema.STRING_SCHEMA).field("connector", Schema.STRING_SCHEMA).field("name", Schema.STRING_SCHEMA)
                .field("ts_ms", Schema.INT64_SCHEMA).field("db", Schema.STRING_SCHEMA)
                .field("schema", Schema.STRING_SCHEMA).field("table", Schema.STRING_SCHEMA)
                .field("txId", Schema.OPTIONAL_INT64_SCHEMA).field("lsn", Schema.OPTIONAL_INT64_SCHEMA).build();
        return new Struct(schema).put("version", "3.6.1.Final").put("connector", "postgresql").put("name", "metasync")
                .put("ts_ms", 1_700_000_000_000L).put("db", "postgres").put("schema", "public").put("table", "t")
                .put("txId", 42L).put("lsn", 9_000L);
    }
}
