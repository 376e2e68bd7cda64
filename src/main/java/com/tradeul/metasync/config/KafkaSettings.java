package com.tradeul.metasync.config;

import static org.apache.kafka.common.config.ConfigDef.Importance.HIGH;
import static org.apache.kafka.common.config.ConfigDef.Importance.MEDIUM;
import static org.apache.kafka.common.config.ConfigDef.Type.INT;
import static org.apache.kafka.common.config.ConfigDef.Type.STRING;

import java.util.Map;
import java.util.Optional;
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

    KafkaSettings(Map<String, Object> values) {
        super(values);
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

    KafkaSettings withBootstrapServers(String servers) {
        return new KafkaSettings(valuesWith(BOOTSTRAP_SERVERS, servers));
    }
}
