package com.tradeul.metasync.capture;

import io.debezium.embedded.KafkaConnectUtil;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.connect.runtime.WorkerConfig;
import org.apache.kafka.connect.storage.KafkaOffsetBackingStore;
import org.apache.kafka.connect.util.SharedTopicAdmin;
import org.apache.kafka.connect.util.TopicAdmin;

/**
 * Kafka Connect's offset store in Kafka as Debezium's embedded engine builds it, except that it
 * closes the admin client it uses when it stops, and that neither its reads nor its stop wait for
 * a Kafka that is away once its engine run is closing.
 *
 * <p>Debezium 3.6.1 ({@code KafkaConnectUtil.kafkaOffsetBackingStore}) hands the store a {@link SharedTopicAdmin} that nobody
 * closes: Kafka Connect's {@code KafkaBasedLog.stop()} drops the admin without closing it, since in
 * a worker the herder owns it. Each engine run then left a live
 * {@code kafka-admin-client-thread | debezium-servershared-admin} behind: one more at every fresh
 * snapshot (capture runs a new engine for it) and at every pipeline closed in a long-lived JVM.
 *
 * <p>Client ids stay Debezium's ({@code debezium-servershared-admin}, {@code debezium-serveroffsets}),
 * so that quotas or ACLs set by client id see what they saw before. Debezium instantiates it by
 * name ({@code offset.storage}, {@link ConnectorProperties}); one instance serves one engine run.
 *
 * <p>Closed with Kafka away, the store held capture's close for about a minute (StopDuringOutageIT, before
 * this: 70 s): Debezium's task reads the offsets once more as it stops, and the store answers only
 * once it has read its topic to the end, however long that takes ({@link ClosingAwareRead} bounds
 * it once the run is closing, {@link ClosingRuns}); then {@code KafkaBasedLog.stop()} waits for its
 * thread, which waits in the admin client's end-offsets call for the admin's API timeout (60 s),
 * so a stop that has not ended after {@link #STOP_PATIENCE} closes the admin under it.
 */
public final class AdminClosingKafkaOffsetStore extends KafkaOffsetBackingStore {

    static final String CLIENT_ID_BASE = "debezium-server";

    /** How long a read may still wait for Kafka once the engine run is closing. */
    static final Duration READ_PATIENCE_WHEN_CLOSING = Duration.ofSeconds(2);
    /**
     * How long a stop waits for the log's thread before it closes the admin client under it. A
     * stop with Kafka up takes milliseconds; the delay lets the stop ask the thread to end first,
     * so that the failed call ends the thread rather than being retried.
     */
    static final Duration STOP_PATIENCE = Duration.ofSeconds(1);

    private final OwnedAdmin admin;
    private volatile CountDownLatch closing = ClosingRuns.signal(null);

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
        closing = ClosingRuns.signal((String) config.originals().get(ClosingRuns.PROPERTY));
        super.configure(config);
    }

    @Override
    public Future<Map<ByteBuffer, ByteBuffer>> get(Collection<ByteBuffer> keys) {
        return new ClosingAwareRead<>(super.get(keys), closing, READ_PATIENCE_WHEN_CLOSING);
    }

    @Override
    public void stop() {
        AtomicBoolean stopped = new AtomicBoolean();
        // A read of the log's end pending on a broker that is away holds super.stop() (it joins the log's
        // thread) until the admin's API timeout; closing the admin fails that call at once.
        CompletableFuture.runAsync(() -> {
            if (!stopped.get()) {
                admin.abort();
            }
        }, CompletableFuture.delayedExecutor(STOP_PATIENCE.toMillis(), TimeUnit.MILLISECONDS));
        try {
            super.stop();
        } finally {
            stopped.set(true);
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
        public void close() {
            close(CLOSE_TIMEOUT);
        }

        /** Closes it at once, failing any call it has pending. */
        void abort() {
            close(Duration.ZERO);
        }

        private synchronized void close(Duration timeout) {
            if (shared != null) {
                shared.close(timeout);
                shared = null;
            }
        }
    }
}
