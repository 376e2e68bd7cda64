package com.tradeul.metasync.apply;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.tradeul.metasync.capture.EnvelopeReader;
import com.tradeul.metasync.normalize.JsonRenderer;
import com.tradeul.metasync.normalize.SpecialNumberPolicy;
import com.tradeul.metasync.wire.ChangeEvent;
import com.tradeul.metasync.wire.ChangeEventCodec;
import com.tradeul.metasync.wire.Operation;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Map;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.json.JsonConverter;

/**
 * Turns a change record, whatever produced it, into the row key parts and the {@link ChangeEvent}.
 * The format is detected per record:
 * <ul>
 * <li>value starting with {@code C3 01}: metasync's Avro single-object encoding, key a JSON object
 *     of the primary-key columns ({@code {"symbol":"AAPL"}});</li>
 * <li>value starting with {@code {}: Debezium's standard envelope as a stock Kafka Connect worker
 *     writes it (JsonConverter, {@code schemas.enable=true}), key likewise {@code {schema, payload}}.
 *     Values go through {@link EnvelopeReader}, the same conversion capture uses, and the key is
 *     rendered as capture renders it, so both paths write the same Redis key and bytes.</li>
 * </ul>
 * A null value is a tombstone with either key format. How exact JSON input is depends on the
 * connector's {@code decimal.handling.mode}, decided before metasync sees a record: {@code string}
 * (with {@code column.propagate.source.type}) keeps every digit and NaN; {@code precise} drops the
 * trailing zeros of unscaled {@code numeric} and cannot carry NaN; {@code double} is lossy.
 * Thread safe: JsonConverter's reading path and the codec are.
 */
public final class ChangeDecoder {

    /**
     * @param keyParts primary-key column → text, for the Redis key template; empty for a TRUNCATE
     * @param event null for a tombstone
     */
    public record Decoded(Map<String, String> keyParts, ChangeEvent event) {}

    /** Only looks at structure and float spellings; PostgreSQL values may exceed Jackson's default limits. */
    static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNumberLength(Integer.MAX_VALUE).maxStringLength(Integer.MAX_VALUE).build())
            .build());

    private final ChangeEventCodec codec;
    private final JsonRenderer keyRenderer;
    private final EnvelopeReader envelopes;
    private final JsonConverter keyConverter = converter(true);
    private final JsonConverter valueConverter = converter(false);

    /** Keys rendered with the default special-number policy; Debezium's default TOAST placeholder. */
    public ChangeDecoder(ChangeEventCodec codec) {
        this(codec, new JsonRenderer(SpecialNumberPolicy.STRING), EnvelopeReader.DEFAULT_UNAVAILABLE_PLACEHOLDER);
    }

    /**
     * @param keyRenderer renders Debezium JSON keys as capture does (same special-number policy)
     * @param unavailablePlaceholder the connector's {@code unavailable.value.placeholder}
     */
    public ChangeDecoder(ChangeEventCodec codec, JsonRenderer keyRenderer, String unavailablePlaceholder) {
        this.codec = codec;
        this.keyRenderer = keyRenderer;
        this.envelopes = new EnvelopeReader(unavailablePlaceholder);
    }

    private static JsonConverter converter(boolean isKey) {
        JsonConverter converter = new JsonConverter();
        converter.configure(Map.of("schemas.enable", "true"), isKey);
        return converter;
    }

    /** @throws RuntimeException with the reason when the record can never be decoded (a poison record) */
    public Decoded decode(IncomingRecord record) {
        byte[] key = record.key();
        byte[] value = record.value();
        boolean jsonValue = value != null && startsJsonObject(value);
        if (key == null && !jsonValue) {
            throw new IllegalArgumentException("record has no key; change records are keyed by primary key");
        }
        if (value != null && isAvro(value)) {
            return new Decoded(JsonRenderer.keyParts(key), codec.decode(value));
        }
        if (value != null && !jsonValue) {
            throw notAChangeRecord("value starts with " + HexFormat.ofDelimiter(" ").formatHex(value, 0, Math.min(4, value.length))
                    + ", neither C3 01 nor '{'");
        }
        Struct connectKey = key != null && isConnectEnvelope(key) ? connectKey(record) : null;
        Map<String, String> keyParts = key == null ? Map.of()
                : connectKey == null ? JsonRenderer.keyParts(key)
                : JsonRenderer.keyParts(keyRenderer.renderKey(envelopes.columns(connectKey, new ArrayList<>())));
        if (value == null) {
            return new Decoded(keyParts, null);
        }
        ChangeEvent event = jsonEnvelope(record, connectKey);
        if (key == null && event.op() != Operation.TRUNCATE) {
            throw new IllegalArgumentException("record has no key but is a " + event.op() + "; only a TRUNCATE has none");
        }
        return new Decoded(keyParts, event);
    }

    private Struct connectKey(IncomingRecord record) {
        SchemaAndValue key = convert(keyConverter, record.topic(), record.key(), "key");
        if (!(key.value() instanceof Struct struct)) {
            throw new IllegalArgumentException("Debezium JSON key is a " + (key.schema() == null ? "null" : key.schema().type())
                    + ", not a struct of the primary-key columns");
        }
        ConnectSpecialFloats.restore(record.key(), struct);
        return struct;
    }

    private ChangeEvent jsonEnvelope(IncomingRecord record, Struct key) {
        SchemaAndValue converted = convert(valueConverter, record.topic(), record.value(), "value");
        if (!EnvelopeReader.isEnvelope(converted.value())) {
            String name = converted.schema() == null ? null : converted.schema().name();
            throw new IllegalArgumentException("Debezium JSON value '" + name + "' is not a row change (no op/source):"
                    + " heartbeats and transaction metadata belong on their own topics, not a table's change topic");
        }
        Struct envelope = (Struct) converted.value();
        ConnectSpecialFloats.restore(record.value(), envelope);
        try {
            return envelopes.read(envelope, key);
        } catch (DataException | NullPointerException e) {
            throw new IllegalArgumentException("Debezium JSON envelope '" + envelope.schema().name()
                    + "' lacks what a PostgreSQL change carries (source.schema, table, lsn, txId, ts_us/ts_ms; op; after): " + e.getMessage(), e);
        }
    }

    private static SchemaAndValue convert(JsonConverter converter, String topic, byte[] bytes, String what) {
        try {
            return converter.toConnectData(topic, bytes);
        } catch (DataException e) {
            throw notAChangeRecord(what + " is JSON but not a Kafka Connect {schema, payload} envelope: " + rootMessage(e));
        }
    }

    private static IllegalArgumentException notAChangeRecord(String detail) {
        return new IllegalArgumentException("not a metasync Avro ChangeEvent nor a Debezium JSON envelope: " + detail
                + "; capture with metasync, or with Kafka Connect's JsonConverter and schemas.enable=true (connectors/kafka-connect-postgres.json)");
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + root.getMessage() + ")";
    }

    private static boolean isAvro(byte[] value) {
        return value.length >= 2 && value[0] == (byte) 0xC3 && value[1] == 0x01;
    }

    private static final byte[] PAYLOAD_MEMBER = "\"payload\"".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private static boolean contains(byte[] bytes, byte[] part) {
        outer:
        for (int i = 0; i + part.length <= bytes.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (bytes[i + j] != part[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static boolean startsJsonObject(byte[] bytes) {
        for (byte b : bytes) {
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                return b == '{';
            }
        }
        return false;
    }

    /** Kafka Connect's JSON key: exactly the members {@code schema} (an object) and {@code payload}. */
    private static boolean isConnectEnvelope(byte[] key) {
        if (!startsJsonObject(key) || !contains(key, PAYLOAD_MEMBER)) {
            return false; // cheap first: parsing every metasync key twice showed in apply's profile
        }
        try {
            JsonNode node = JSON.readTree(key);
            return node != null && node.isObject() && node.size() == 2 && node.path("schema").isObject() && node.has("payload");
        } catch (IOException e) {
            return false; // JsonRenderer.keyParts then says what is wrong with it
        }
    }
}
