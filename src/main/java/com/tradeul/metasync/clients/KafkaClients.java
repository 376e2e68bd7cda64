package com.tradeul.metasync.clients;

import com.tradeul.metasync.config.ConfigException;
import com.tradeul.metasync.config.KafkaSettings;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The one place metasync builds Kafka clients: every producer, consumer and admin client, and the
 * connection properties handed to Debezium's offset store. What every client shares (the brokers,
 * and {@code kafka.client.*}: security, timeouts) is set here once; each caller adds only its own
 * tuning. Thread safe; the clients it returns are the caller's to close.
 */
public final class KafkaClients {

    /** A quoted value inside a secret, such as the password in a JAAS config. */
    private static final Pattern QUOTED = Pattern.compile("\"([^\"]*)\"");

    private final String bootstrapServers;
    /** {@code kafka.client.*}: what every client shares beyond the brokers (security, timeouts); secrets included. */
    private final Map<String, String> shared;
    private final String topicPrefix;

    private KafkaClients(String bootstrapServers, Map<String, String> shared, String topicPrefix) {
        this.bootstrapServers = bootstrapServers;
        this.shared = Map.copyOf(shared);
        this.topicPrefix = topicPrefix;
    }

    /**
     * @throws ConfigException when no brokers are known yet (the embedded broker's address is
     *     filled in when it starts, or found through {@code EmbeddedKafkaAddress})
     */
    public static KafkaClients of(KafkaSettings settings) {
        return new KafkaClients(settings.bootstrapServers().orElseThrow(() -> new ConfigException(
                "no Kafka brokers to connect to", "set kafka.bootstrap-servers, or run with the embedded broker")),
                settings.clientProperties(), settings.topicPrefix());
    }

    /** Clients of metasync's own embedded broker: a plain listener on this machine. */
    public static KafkaClients embedded(String bootstrapServers) {
        return new KafkaClients(bootstrapServers, Map.of(), "metasync");
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /**
     * @param tuning this client's own settings, e.g. acks or batch sizes
     * @throws ConfigException when the {@code kafka.client.*} settings cannot make a client (a keystore that cannot be read, ...)
     */
    public Producer<byte[], byte[]> producer(String clientId, Map<String, Object> tuning) {
        return built(() -> new KafkaProducer<>(settings(clientId, tuning), new ByteArraySerializer(), new ByteArraySerializer()));
    }

    /** @throws ConfigException when the {@code kafka.client.*} settings cannot make a client */
    public Consumer<byte[], byte[]> consumer(String clientId, Map<String, Object> tuning) {
        return built(() -> new KafkaConsumer<>(settings(clientId, tuning), new ByteArrayDeserializer(), new ByteArrayDeserializer()));
    }

    /**
     * @param timeout how long each call may take, so an unreachable cluster fails in bounded time
     * @throws ConfigException when the {@code kafka.client.*} settings cannot make a client
     */
    public Admin admin(String clientId, Duration timeout) {
        return built(() -> Admin.create(settings(clientId, Map.of(
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeout.toMillis(), 10_000)))));
    }

    /** What a failure of one of these clients means to the user ({@link KafkaProblems}); empty when it is none of those. */
    public Optional<ConfigException> explain(Throwable error) {
        return KafkaProblems.explain(error, bootstrapServers, topicPrefix);
    }

    /** The brokers did not answer in time, for {@code reason}. */
    public ConfigException unreachable(String reason) {
        return KafkaProblems.unreachable(bootstrapServers, reason, shared.containsKey(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG));
    }

    /** Whether Kafka did not answer in time: the client's own timeout, or the caller's wait on its future. */
    public static boolean timedOut(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.util.concurrent.TimeoutException || t instanceof org.apache.kafka.common.errors.TimeoutException) {
                return true;
            }
        }
        return false;
    }

    /**
     * The connection properties of Debezium's Kafka offset store, unprefixed: capture's
     * {@code AdminClosingKafkaOffsetStore} (as Debezium's own) builds the store's admin client from
     * the whole engine configuration, and Kafka Connect's {@code KafkaOffsetBackingStore} its
     * producer, consumer and admin from the worker configuration's originals (no
     * {@code producer.}/{@code consumer.}/{@code admin.} prefixes; those are for a worker's tasks).
     */
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

    /**
     * A client's construction fails on settings alone (a keystore that cannot be read, a JAAS
     * config that does not parse): said as a configuration problem, without any secret in it.
     */
    private <T> T built(Supplier<T> construction) {
        try {
            return construction.get();
        } catch (KafkaException e) {
            throw new ConfigException("cannot create a Kafka client from the kafka.client.* settings ("
                    + withoutSecrets(ConfigException.rootMessage(e)) + ")",
                    "correct the kafka.client.* setting the message names (for SASL, " + KafkaProblems.JAAS
                            + "; for TLS, the kafka.client.ssl.* files and passwords)");
        }
    }

    /** The text with every secret value of {@code kafka.client.*}, and every quoted value inside one, as {@code ***}. */
    String withoutSecrets(String text) {
        String redacted = text;
        for (var entry : shared.entrySet()) {
            if (!KafkaSettings.CLIENT.isSecret(KafkaSettings.CLIENT.prefix() + entry.getKey())
                    || entry.getValue().isEmpty()) {
                continue;
            }
            redacted = redacted.replace(entry.getValue(), "***");
            Matcher quoted = QUOTED.matcher(entry.getValue());
            while (quoted.find()) {
                if (!quoted.group(1).isEmpty()) {
                    redacted = redacted.replace(quoted.group(1), "***");
                }
            }
        }
        return redacted;
    }

    @Override
    public String toString() {
        return bootstrapServers;
    }
}
