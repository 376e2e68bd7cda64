package com.tradeul.metasync.capture;

import com.tradeul.metasync.config.TableSettings.OnUnconvertible;
import com.tradeul.metasync.normalize.JsonRenderer;
import com.tradeul.metasync.wire.ChangeEvent;
import com.tradeul.metasync.wire.ChangeEventCodec;
import com.tradeul.metasync.wire.SourcePosition;
import java.util.ArrayList;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Maps one Debezium change record to the Kafka record metasync writes: key = the primary key as
 * JSON, value = the Avro {@link ChangeEvent}, or no value for a tombstone. Records that carry no
 * row change (heartbeats, transaction markers) map to empty. A row with a value capture cannot
 * carry exactly maps to its change without the row, marked unconvertible, plus a dead letter with
 * the reason and the value, unless the table's policy is to stop. Thread safe.
 */
final class ChangeRecordMapper {

    /**
     * A Kafka record to send; {@code value} null is a tombstone.
     *
     * @param deadLetter what could not be carried, for the dead-letter topic; null for a normal change
     */
    record Outgoing(String topic, byte[] key, byte[] value, UnconvertibleRow deadLetter) {
        Outgoing(String topic, byte[] key, byte[] value) {
            this(topic, key, value, null);
        }

        /**
         * A TRUNCATE: it belongs to no row, so to no one partition. It goes to every partition of the
         * topic, each copy ordered with that partition's changes, so each partition's apply member
         * deletes, fenced at the TRUNCATE's position, what its partition wrote before it (apply's
         * FencedTruncate). Sent to one partition, it raced the changes of the others.
         */
        boolean toEveryPartition() {
            return key == TRUNCATE_KEY && value != null; // the very array map() gives a record without row key
        }
    }

    /** A row capture could not carry: its table, key (as JSON), position and why. */
    record UnconvertibleRow(String table, byte[] key, long lsn, UnconvertibleColumnException why) {}

    /** Kafka key of a TRUNCATE, which has no row key; compacted topics need one. */
    static final byte[] TRUNCATE_KEY = "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    private final ChangeEventCodec codec;
    private final JsonRenderer renderer;
    private final EnvelopeReader envelopes;
    private final Function<String, OnUnconvertible> policy;

    /** @param policy the {@code on-unconvertible} policy of each table, by {@code schema.table} */
    ChangeRecordMapper(ChangeEventCodec codec, JsonRenderer renderer, EnvelopeReader envelopes, Function<String, OnUnconvertible> policy) {
        this.codec = codec;
        this.renderer = renderer;
        this.envelopes = envelopes;
        this.policy = policy;
    }

    /** @throws UnconvertibleValueException when a row cannot be carried and its table's policy is {@code stop} */
    Optional<Outgoing> map(SourceRecord record) {
        return map(record, 0);
    }

    /**
     * @param positionBase added to the change's LSN ({@link SourceIdentity#positionBase}), so that
     *     positions keep rising across a replaced cluster
     */
    Optional<Outgoing> map(SourceRecord record, long positionBase) {
        Struct key = record.key() instanceof Struct k ? k : null;
        if (record.value() == null) {
            return key == null ? Optional.empty() : Optional.of(new Outgoing(record.topic(), kafkaKey(key), null));
        }
        if (!EnvelopeReader.isEnvelope(record.value())) {
            return Optional.empty(); // heartbeats, transaction markers
        }
        Struct envelope = (Struct) record.value();
        byte[] kafkaKey = key == null ? TRUNCATE_KEY : kafkaKey(key);
        try {
            return Optional.of(new Outgoing(record.topic(), kafkaKey, codec.encode(shifted(envelopes.read(envelope, key), positionBase))));
        } catch (UnconvertibleColumnException e) {
            ChangeEvent unconvertible = shifted(envelopes.unconvertible(envelope, key, e), positionBase);
            if (policy.apply(unconvertible.table()) == OnUnconvertible.STOP) {
                throw new UnconvertibleValueException(unconvertible.table() + " " + new String(kafkaKey, java.nio.charset.StandardCharsets.UTF_8)
                        + ": " + e.getMessage() + " (tables." + unconvertible.table() + ".on-unconvertible=stop)");
            }
            return Optional.of(new Outgoing(record.topic(), kafkaKey, codec.encode(unconvertible),
                    new UnconvertibleRow(unconvertible.table(), kafkaKey, unconvertible.source().lsn(), e)));
        }
    }

    static ChangeEvent shifted(ChangeEvent event, long positionBase) {
        if (positionBase == 0) {
            return event;
        }
        SourcePosition source = event.source();
        return new ChangeEvent(event.table(), event.op(), new SourcePosition(Math.addExact(source.lsn(), positionBase), source.txId(),
                source.commitTimeMicros()), event.key(), event.row(), event.unchangedColumns(), event.problem());
    }

    private byte[] kafkaKey(Struct key) {
        return renderer.renderKey(envelopes.columns(key, new ArrayList<>()));
    }
}
