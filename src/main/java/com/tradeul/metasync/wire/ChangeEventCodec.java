package com.tradeul.metasync.wire;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.util.ClassSecurityValidator;

/**
 * Encodes {@link ChangeEvent}s as Avro single-object messages ({@code C3 01}, the writer schema's
 * 8-byte fingerprint, the body) and decodes them, also when written by an older schema version
 * listed in {@link #HISTORY}. The mapping between {@link ChangeEvent} and Avro's generated classes is
 * {@link ChangeEventWriter}'s one way and {@link AvroMapping}'s the other. Thread safe.
 */
public final class ChangeEventCodec {

    /** Earlier versions of ChangeEvent.avsc, on the classpath; never remove one that was released. */
    static final List<String> HISTORY = List.of("/avro-history/ChangeEvent-v1.avsc", "/avro-history/ChangeEvent-v2.avsc",
            "/avro-history/ChangeEvent-v3.avsc");

    static {
        // Avro 1.12 refuses to instantiate generated classes from packages it was not told to trust.
        ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(
                ClassSecurityValidator.getGlobal(),
                type -> type.getName().startsWith("com.tradeul.metasync.wire.avro.")));
    }

    /** Single-object encoding: marker C3 01, then the writer schema's 8-byte fingerprint (little endian), then the body. */
    private static final int HEADER_LENGTH = 10;

    private final ChangeEventWriter writer;
    private final BinaryMessageDecoder<com.tradeul.metasync.wire.avro.ChangeEvent> decoder;
    private final byte[] currentHeader;
    /**
     * The fast path for records of the current schema version, straight into the model over the
     * byte array. Avro's message decoder reads through an unbuffered stream decoder and into the
     * generated classes first; that took a third of apply's time in the benchmark profile.
     */
    private final ThreadLocal<ChangeEventReader> currentReader;

    public ChangeEventCodec() {
        Schema current = com.tradeul.metasync.wire.avro.ChangeEvent.getClassSchema();
        SchemaStore.Cache olderSchemas = new SchemaStore.Cache();
        HISTORY.forEach(path -> olderSchemas.addSchema(loadSchema(path)));
        SpecificData model = new SpecificData();
        this.decoder = new BinaryMessageDecoder<>(model, current, olderSchemas);
        this.currentHeader = new byte[HEADER_LENGTH];
        currentHeader[0] = (byte) 0xC3;
        currentHeader[1] = 0x01;
        long fingerprint = org.apache.avro.SchemaNormalization.parsingFingerprint64(current);
        for (int i = 0; i < 8; i++) {
            currentHeader[2 + i] = (byte) (fingerprint >>> (8 * i));
        }
        ChangeEventLayout layout = new ChangeEventLayout(current, currentHeader);
        this.writer = new ChangeEventWriter(layout);
        this.currentReader = ThreadLocal.withInitial(() -> new ChangeEventReader(layout));
    }

    private boolean hasCurrentHeader(byte[] bytes) {
        return bytes.length >= HEADER_LENGTH && java.util.Arrays.equals(bytes, 0, HEADER_LENGTH, currentHeader, 0, HEADER_LENGTH);
    }

    public byte[] encode(ChangeEvent event) {
        return writer.write(event);
    }

    /** @throws UndecodableRecordException when the bytes are not a ChangeEvent of a known version */
    public ChangeEvent decode(byte[] bytes) {
        try {
            return hasCurrentHeader(bytes) ? currentReader.get().read(bytes) : AvroMapping.fromAvro(decoder.decode(bytes));
        } catch (MissingSchemaException e) {
            throw new UndecodableRecordException("written by an unknown ChangeEvent schema version: " + e.getMessage(), e);
        } catch (BadHeaderException e) {
            throw new UndecodableRecordException("not an Avro single-object message: " + e.getMessage(), e);
        } catch (UndecodableRecordException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // Decoding depends only on the bytes, so any failure is permanent: a poison record. Avro signals
            // corrupt input with assorted unchecked types, e.g. UnsupportedOperationException for a length over 2 GiB.
            throw new UndecodableRecordException("corrupt ChangeEvent: " + e, e);
        }
    }

    static Schema loadSchema(String resource) {
        try (InputStream in = ChangeEventCodec.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing schema resource " + resource);
            }
            return new Schema.Parser().parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
