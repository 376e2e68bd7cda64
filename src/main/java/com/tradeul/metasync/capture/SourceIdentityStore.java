package com.tradeul.metasync.capture;

import com.tradeul.metasync.clients.KafkaClients;
import com.tradeul.metasync.config.CaptureSettings;
import com.tradeul.metasync.config.MetasyncConfig;
import java.util.Optional;

/**
 * Where capture keeps its {@link SourceIdentity}: beside Debezium's offsets, in the same kind of
 * store ({@code capture.offset-storage}), because it says what those offsets are positions of.
 * Not in Redis: Redis is apply's, may be wiped or rolled back, and capture can run without it
 * ({@code run --only capture}); a rollback of Redis must not change what capture believes about
 * PostgreSQL. Used from one thread at a time.
 */
interface SourceIdentityStore {

    /** @return the last identity written; empty when none ever was */
    Optional<SourceIdentity> read();

    /** Durably: returns once the store holds it. */
    void write(SourceIdentity identity);

    static SourceIdentityStore of(MetasyncConfig config, KafkaClients kafka) {
        if (config.capture().offsetStorage() == CaptureSettings.OffsetStorage.FILE) {
            return new FileSourceIdentityStore(config.dataDir().resolve("capture-source.txt"));
        }
        return new KafkaSourceIdentityStore(kafka, config.kafka().topicPrefix() + ".capture-source", config.kafka().replicationFactor());
    }
}
