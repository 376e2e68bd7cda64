package com.tradeul.metasync.clients;

import com.tradeul.metasync.config.ConfigException;
import com.tradeul.metasync.config.KafkaSettings;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The one place metasync builds Kafka clients: every producer, consumer and admin client, and the
 * connection properties handed to Debezium's offset store. What every client shares (the brokers,
 * and where security settings go next) is set here once; each caller adds only its own tuning.
 * Thread safe; the clients it returns are the caller's to close.
 */
public final class KafkaClients {

    private final String bootstrapServers;
    /** {@code kafka.client.*}: what every client shares beyond the brokers (security, timeouts); secrets included. */
    private final Map<String, String> shared;

    private KafkaClients(String bootstrapServers, Map<String, String> shared) {
        this.bootstrapServers = bootstrapServers;
        this.shared = Map.copyOf(shared);
    }

    /**
     * @throws ConfigException when no brokers are known yet (the embedded broker's address is
     *     filled in when it starts, or found through {@code EmbeddedKafkaAddress})
     */
    public static KafkaClients of(KafkaSettings settings) {
        return new KafkaClients(settings.bootstrapServers().orElseThrow(() -> new ConfigException(
                "no Kafka brokers to connect to", "set kafka.bootstrap-servers, or run with the embedded broker")),
                settings.clientProperties());
    }

    /** Clients of metasync's own embedded broker: a plain listener on this machine. */
    public static KafkaClients embedded(String bootstrapServers) {
        return new KafkaClients(bootstrapServers, Map.of());
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** @param tuning this client's own settings, e.g. acks or batch sizes */
    public Producer<byte[], byte[]> producer(String clientId, Map<String, Object> tuning) {
        return new KafkaProducer<>(settings(clientId, tuning), new ByteArraySerializer(), new ByteArraySerializer());
    }

    public Consumer<byte[], byte[]> consumer(String clientId, Map<String, Object> tuning) {
        return new KafkaConsumer<>(settings(clientId, tuning), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** @param timeout how long each call may take, so an unreachable cluster fails in bounded time */
    public Admin admin(String clientId, Duration timeout) {
        return Admin.create(settings(clientId, Map.of(
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeout.toMillis(), 10_000))));
    }

    /** The connection properties of Debezium's Kafka offset store (worker-level, as Kafka Connect takes them). */
    public Map<String, String> forDebeziumOffsetStore() {
        Map<String, String> properties = new LinkedHashMap<>(shared);
        properties.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return properties;
    }

    private Map<String, Object> settings(String clientId, Map<String, Object> tuning) {
        Map<String, Object> settings = new HashMap<>(shared);
        settings.putAll(tuning);
        settings.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        settings.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
        return settings;
    }

    @Override
    public String toString() {
        return bootstrapServers;
    }
}
