package com.tradeul.metasync.config;

import static org.apache.kafka.common.config.ConfigDef.Importance.HIGH;
import static org.apache.kafka.common.config.ConfigDef.Importance.MEDIUM;
import static org.apache.kafka.common.config.ConfigDef.Type.INT;
import static org.apache.kafka.common.config.ConfigDef.Type.STRING;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;

/** The brokers and the topics metasync writes and reads. */
public final class KafkaSettings extends SettingsGroup {

    public static final String BOOTSTRAP_SERVERS = "kafka.bootstrap-servers";
    public static final String TOPIC_PREFIX = "kafka.topic-prefix";
    public static final String PARTITIONS = "kafka.partitions";
    public static final String REPLICATION_FACTOR = "kafka.replication-factor";
    public static final String DEAD_LETTER_TOPIC = "kafka.dead-letter-topic";

    public static final Definition DEFINITION = new Definition("Kafka", new ConfigDef()
            .define(BOOTSTRAP_SERVERS, STRING, "", Expect.any("host:port,... or empty"), HIGH,
                    "Kafka brokers, host:port,... Empty: run an embedded single-node broker with its data under data-dir.")
            .define(TOPIC_PREFIX, STRING, "metasync", Expect.text("a topic name prefix"), HIGH,
                    "Change topics are named <prefix>.<schema>.<table>.")
            .define(PARTITIONS, INT, 1, Expect.between(1, 10_000, "a whole number >= 1"), MEDIUM,
                    "Partitions of change topics metasync creates. Changes of one row always share a partition.")
            .define(REPLICATION_FACTOR, INT, -1, Expect.parsedBy(KafkaSettings::replicationFactor, "-1 or a whole number >= 1"),
                    MEDIUM, "Replication factor of topics metasync creates; -1 uses the broker default.")
            .define(DEAD_LETTER_TOPIC, STRING, "", Expect.any("a topic name, or empty"), MEDIUM,
                    "Topic for records that can never be applied. Empty: <prefix>.dead-letter."));

    /**
     * {@code kafka.client.<property>}: given to every Kafka client metasync creates (producers,
     * consumers, admin clients, Debezium's offset store), e.g. security.protocol, sasl.*, ssl.*.
     */
    public static final PassThrough CLIENT = new PassThrough("kafka.client.",
            "Given to every Kafka client metasync creates (capture, apply, dead letters, repair, lag, doctor, Debezium's offset store), "
                    + "e.g. kafka.client.security.protocol=SASL_SSL, kafka.client.sasl.mechanism=SCRAM-SHA-512, "
                    + "kafka.client.sasl.jaas.config (a secret), kafka.client.ssl.truststore.location. Needs kafka.bootstrap-servers "
                    + "(the embedded broker takes no client settings). Properties metasync sets itself (bootstrap.servers, group.id, "
                    + "client.id, serializers, enable.auto.commit, acks, ...) are refused with the setting to use instead.",
            () -> ClientNames.ALL, () -> ClientNames.SECRETS);

    /**
     * Client properties metasync sets itself, each with what to do instead. Given through
     * {@code kafka.client.*} one would be overridden on some clients and not on others, or break
     * a guarantee (acks, idempotence, offsets committed only after Redis acknowledged), so it is refused.
     */
    static final Map<String, String> OWNED = ownedClientProperties();

    private static Map<String, String> ownedClientProperties() {
        String leaveOut = "; leave it out";
        String bytes = "metasync reads and writes Kafka records as bytes itself" + leaveOut;
        String durable = "capture's producer writes with acks=all and idempotence, which metasync's no-loss guarantee needs" + leaveOut;
        String latency = "capture sends each Debezium batch at once and waits for it, tuned for latency" + leaveOut;
        return Map.ofEntries(
                Map.entry(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, "set " + BOOTSTRAP_SERVERS + " instead"),
                Map.entry(ConsumerConfig.GROUP_ID_CONFIG, "set " + ApplySettings.GROUP_ID + " instead"),
                Map.entry(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "set " + ApplySettings.BATCH_SIZE + " instead"),
                Map.entry(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "set " + ApplySettings.SESSION_TIMEOUT_MS + " instead"),
                Map.entry(CommonClientConfigs.CLIENT_ID_CONFIG,
                        "metasync names each client after its part (metasync-capture, metasync-apply, ...)" + leaveOut),
                Map.entry(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, bytes),
                Map.entry(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, bytes),
                Map.entry(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, bytes),
                Map.entry(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, bytes),
                Map.entry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        "apply commits offsets only after Redis acknowledged the batch" + leaveOut),
                Map.entry(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "apply starts from the offsets Redis holds" + leaveOut),
                Map.entry(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG,
                        "every apply process would claim the same static group membership" + leaveOut),
                Map.entry(ProducerConfig.ACKS_CONFIG, durable),
                Map.entry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, durable),
                Map.entry(ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                        "metasync's producers are not transactional, and producers sharing one id fence each other" + leaveOut),
                Map.entry(ProducerConfig.LINGER_MS_CONFIG, latency),
                Map.entry(ProducerConfig.BATCH_SIZE_CONFIG, latency));
    }

    /** The properties of Kafka's producer, consumer and admin client, read once. */
    private static final class ClientNames {
        static final java.util.Set<String> ALL = PassThroughNames.names(
                ProducerConfig.configDef(), ConsumerConfig.configDef(), AdminClientConfig.configDef());
        static final java.util.Set<String> SECRETS = PassThroughNames.secrets(
                ProducerConfig.configDef(), ConsumerConfig.configDef(), AdminClientConfig.configDef());
    }

    private final Map<String, String> clientProperties;

    KafkaSettings(Map<String, Object> values, Map<String, String> clientProperties) {
        super(values);
        this.clientProperties = Map.copyOf(clientProperties);
    }

    /**
     * The cross-field rules of {@code kafka.client.*}, as problems for the loader to report: a
     * property metasync sets itself, and any client property while the embedded broker runs (it
     * listens in plain text on this machine, so security settings could only break its clients).
     *
     * @param clientProperties the given {@code kafka.client.*} properties, without the prefix
     * @param bootstrapServers the given {@link #BOOTSTRAP_SERVERS}; null or blank for the embedded broker
     */
    static List<String> clientProblems(Map<String, String> clientProperties, String bootstrapServers) {
        List<String> problems = new ArrayList<>();
        new TreeSet<>(clientProperties.keySet()).stream().filter(OWNED::containsKey).forEach(property -> problems.add(
                "setting '" + CLIENT.prefix() + property + "' is metasync's own: " + OWNED.get(property)));
        if (!clientProperties.isEmpty() && (bootstrapServers == null || bootstrapServers.isBlank())) {
            problems.add(CLIENT.prefix() + "* settings (" + String.join(", ", new TreeSet<>(clientProperties.keySet()).stream()
                    .map(p -> CLIENT.prefix() + p).toList()) + ") are given but " + BOOTSTRAP_SERVERS
                    + " is empty, and the embedded broker listens in plain text on this machine: set " + BOOTSTRAP_SERVERS
                    + " to your brokers, or leave the " + CLIENT.prefix() + "* settings out");
        }
        return problems;
    }

    private static void replicationFactor(String value) {
        int parsed = Integer.parseInt(value);
        if (parsed == 0 || parsed < -1 || parsed > Short.MAX_VALUE) {
            throw new IllegalArgumentException("out of range");
        }
    }

    /** Empty: the embedded broker (until {@link MetasyncConfig#withBootstrapServers} fills it in). */
    public Optional<String> bootstrapServers() {
        String servers = string(BOOTSTRAP_SERVERS);
        return servers.isEmpty() ? Optional.empty() : Optional.of(servers);
    }

    public String topicPrefix() {
        return string(TOPIC_PREFIX);
    }

    public int partitions() {
        return integer(PARTITIONS);
    }

    public short replicationFactor() {
        return (short) integer(REPLICATION_FACTOR);
    }

    public String deadLetterTopic() {
        String topic = string(DEAD_LETTER_TOPIC);
        return topic.isEmpty() ? topicPrefix() + ".dead-letter" : topic;
    }

    /** Where Debezium keeps its source offsets when they live in Kafka. */
    public String offsetTopic() {
        return topicPrefix() + ".capture-offsets";
    }

    /** The {@code kafka.client.*} properties without their prefix; secrets included, so never print them. */
    public Map<String, String> clientProperties() {
        return clientProperties;
    }

    KafkaSettings withBootstrapServers(String servers) {
        return new KafkaSettings(valuesWith(BOOTSTRAP_SERVERS, servers), clientProperties);
    }
}
