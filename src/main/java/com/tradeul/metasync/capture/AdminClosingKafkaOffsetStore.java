package com.tradeul.metasync.capture;

import io.debezium.embedded.KafkaConnectUtil;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.connect.runtime.WorkerConfig;
import org.apache.kafka.connect.storage.KafkaOffsetBackingStore;
import org.apache.kafka.connect.util.SharedTopicAdmin;
import org.apache.kafka.connect.util.TopicAdmin;

/**
 * Kafka Connect's offset store in Kafka as Debezium's embedded engine builds it, except that it
 * closes the admin client it uses when it stops. Debezium 3.6.1 ({@code
 * KafkaConnectUtil.kafkaOffsetBackingStore}) hands the store a {@link SharedTopicAdmin} that nobody
 * closes: Kafka Connect's {@code KafkaBasedLog.stop()} drops the admin without closing it, since in
 * a worker the herder owns it. Each engine run then left a live
 * {@code kafka-admin-client-thread | debezium-servershared-admin} behind: one more at every fresh
 * snapshot (capture runs a new engine for it) and at every pipeline closed in a long-lived JVM.
 *
 * <p>Client ids stay Debezium's ({@code debezium-servershared-admin}, {@code debezium-serveroffsets}),
 * so that quotas or ACLs set by client id see what they saw before. Debezium instantiates it by
 * name ({@code offset.storage}, {@link ConnectorProperties}); one instance serves one engine run.
 */
public final class AdminClosingKafkaOffsetStore extends KafkaOffsetBackingStore {

    static final String CLIENT_ID_BASE = "debezium-server";

    private final OwnedAdmin admin;

    /** For Debezium, which creates the store by name. */
    public AdminClosingKafkaOffsetStore() {
        this(new OwnedAdmin());
    }

    private AdminClosingKafkaOffsetStore(OwnedAdmin admin) {
        super(admin, () -> CLIENT_ID_BASE, KafkaConnectUtil.converterForOffsetStore());
        this.admin = admin;
    }

    /** The admin gets the whole engine configuration, as Debezium's own store gives it. */
    @Override
    public void configure(WorkerConfig config) {
        Map<String, Object> adminProperties = new HashMap<>(config.originals());
        adminProperties.put(CommonClientConfigs.CLIENT_ID_CONFIG, CLIENT_ID_BASE + "shared-admin");
        admin.configure(adminProperties);
        super.configure(config);
    }

    @Override
    public void stop() {
        try {
            super.stop();
        } finally {
            admin.close();
        }
    }

    /** The store's admin client, made when the store is configured (the superclass wants its supplier before). Thread safe. */
    private static final class OwnedAdmin implements Supplier<TopicAdmin>, AutoCloseable {

        /** Bounded, so that a broker gone at shutdown cannot hold the engine's stop; the admin has no call pending by then. */
        private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

        private SharedTopicAdmin shared;

        synchronized void configure(Map<String, Object> properties) {
            close();
            shared = new SharedTopicAdmin(properties);
        }

        @Override
        public synchronized TopicAdmin get() {
            if (shared == null) {
                throw new IllegalStateException("the offset store's admin client is used before the store is configured");
            }
            return shared.get();
        }

        /** Idempotent: Debezium stops a store whose start failed, and the engine stops it again when it closes. */
        @Override
        public synchronized void close() {
            if (shared != null) {
                shared.close(CLOSE_TIMEOUT);
                shared = null;
            }
        }
    }
}
