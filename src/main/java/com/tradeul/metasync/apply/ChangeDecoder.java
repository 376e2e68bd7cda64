package com.tradeul.metasync.apply;

import com.tradeul.metasync.normalize.JsonRenderer;
import com.tradeul.metasync.wire.ChangeEvent;
import com.tradeul.metasync.wire.ChangeEventCodec;
import java.util.Map;

/**
 * Turns a change record, whatever produced it, into the row key parts and the {@link ChangeEvent}.
 * The format is detected per record: metasync's Avro single-object encoding (starts with
 * {@code C3 01}); Debezium's JSON envelope (Kafka Connect JsonConverter) is added next to it.
 * Thread safe.
 */
public final class ChangeDecoder {

    /**
     * @param keyParts primary-key column → text, for the Redis key template
     * @param event null for a tombstone
     */
    public record Decoded(Map<String, String> keyParts, ChangeEvent event) {}

    private final ChangeEventCodec codec;

    public ChangeDecoder(ChangeEventCodec codec) {
        this.codec = codec;
    }

    /** @throws RuntimeException with the reason when the record can never be decoded (a poison record) */
    public Decoded decode(IncomingRecord record) {
        if (record.key() == null) {
            throw new IllegalArgumentException("record has no key; change records are keyed by primary key");
        }
        Map<String, String> keyParts = JsonRenderer.keyParts(record.key());
        return new Decoded(keyParts, record.value() == null ? null : codec.decode(record.value()));
    }
}
