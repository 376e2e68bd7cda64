package com.tradeul.metasync.config;

import static org.apache.kafka.common.config.ConfigDef.Importance.HIGH;
import static org.apache.kafka.common.config.ConfigDef.Importance.MEDIUM;
import static org.apache.kafka.common.config.ConfigDef.Type.INT;
import static org.apache.kafka.common.config.ConfigDef.Type.STRING;

import java.util.Map;
import java.util.Optional;
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
                    + "kafka.client.sasl.jaas.config (a secret), kafka.client.ssl.truststore.location.",
            () -> ClientNames.ALL, () -> ClientNames.SECRETS);

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
