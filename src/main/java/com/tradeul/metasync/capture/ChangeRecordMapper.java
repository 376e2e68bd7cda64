package com.tradeul.metasync.capture;

import com.tradeul.metasync.normalize.JsonRenderer;
import com.tradeul.metasync.wire.ChangeEvent;
import com.tradeul.metasync.wire.ChangeEventCodec;
import java.util.ArrayList;
import java.util.Optional;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Maps one Debezium change record to the Kafka record metasync writes: key = the primary key as
 * JSON, value = the Avro {@link ChangeEvent}, or no value for a tombstone. Records that carry no
 * row change (heartbeats, transaction markers) map to empty. Thread safe.
 */
final class ChangeRecordMapper {

    /** A Kafka record to send; {@code value} null is a tombstone. */
    record Outgoing(String topic, byte[] key, byte[] value) {}

    /** Kafka key of a TRUNCATE, which has no row key; compacted topics need one. */
    static final byte[] TRUNCATE_KEY = "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    private final ChangeEventCodec codec;
    private final JsonRenderer renderer;
    private final EnvelopeReader envelopes;

    ChangeRecordMapper(ChangeEventCodec codec, JsonRenderer renderer, EnvelopeReader envelopes) {
        this.codec = codec;
        this.renderer = renderer;
        this.envelopes = envelopes;
    }

    Optional<Outgoing> map(SourceRecord record) {
        Struct key = record.key() instanceof Struct k ? k : null;
        if (record.value() == null) {
            return key == null ? Optional.empty() : Optional.of(new Outgoing(record.topic(), kafkaKey(key), null));
        }
        if (!EnvelopeReader.isEnvelope(record.value())) {
            return Optional.empty(); // heartbeats, transaction markers
        }
        ChangeEvent event = envelopes.read((Struct) record.value(), key);
        byte[] kafkaKey = key == null ? TRUNCATE_KEY : kafkaKey(key);
        return Optional.of(new Outgoing(record.topic(), kafkaKey, codec.encode(event)));
    }

    private byte[] kafkaKey(Struct key) {
        return renderer.renderKey(envelopes.columns(key, new ArrayList<>()));
    }
}
