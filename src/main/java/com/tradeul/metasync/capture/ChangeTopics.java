package com.tradeul.metasync.capture;

import com.tradeul.metasync.clients.KafkaClients;
import com.tradeul.metasync.config.ConfigException;
import com.tradeul.metasync.config.MetasyncConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure Kafka is reachable and the topics metasync writes exist: change topics compacted (so
 * the topic always holds the latest state of every row, the source of every rebuild), the
 * dead-letter topic not.
 */
public final class ChangeTopics {

    private static final Logger LOG = LoggerFactory.getLogger(ChangeTopics.class);

    private ChangeTopics() {}

    public static void ensure(MetasyncConfig config, KafkaClients kafka) {
        try (Admin admin = admin(kafka)) {
            Set<String> existing = admin.listTopics().names().get(15, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (String topic : config.tablesByTopic().keySet()) {
                if (!existing.contains(topic)) {
                    missing.add(topic(config, topic, TopicConfig.CLEANUP_POLICY_COMPACT));
                }
            }
            if (!existing.contains(config.kafka().deadLetterTopic())) {
                missing.add(topic(config, config.kafka().deadLetterTopic(), TopicConfig.CLEANUP_POLICY_DELETE));
            }
            create(admin, missing);
        } catch (TimeoutException | ExecutionException e) {
            // The first call of a run to Kafka: refused credentials and certificates show here first.
            throw kafka.explain(e).orElseGet(() -> kafka.unreachable(ConfigException.rootMessage(e)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking Kafka topics", e);
        }
    }

    /** delete.retention.ms of each change topic: how long compaction keeps a deleted row's tombstone. */
    public static Map<String, Long> deleteRetentionMs(MetasyncConfig config, KafkaClients kafka) {
        try (Admin admin = admin(kafka)) {
            List<org.apache.kafka.common.config.ConfigResource> resources = config.tablesByTopic().keySet().stream()
                    .map(t -> new org.apache.kafka.common.config.ConfigResource(org.apache.kafka.common.config.ConfigResource.Type.TOPIC, t))
                    .toList();
            Map<String, Long> retention = new java.util.HashMap<>();
            admin.describeConfigs(resources).all().get(15, TimeUnit.SECONDS).forEach((resource, topicConfig) ->
                    retention.put(resource.name(), Long.parseLong(topicConfig.get(TopicConfig.DELETE_RETENTION_MS_CONFIG).value())));
            return retention;
        } catch (TimeoutException | ExecutionException e) {
            throw kafka.explain(e).orElseGet(() -> KafkaClients.timedOut(e) ? kafka.unreachable(ConfigException.rootMessage(e))
                    : ConfigException.unfit("couldn't read the change topics' settings from Kafka (" + ConfigException.rootMessage(e) + ")",
                            "check kafka.bootstrap-servers and that the topics exist"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading topic settings", e);
        }
    }

    private static Admin admin(KafkaClients kafka) {
        return kafka.admin("metasync-topics", java.time.Duration.ofSeconds(15));
    }

    private static void create(Admin admin, List<NewTopic> topics) throws InterruptedException, ExecutionException, TimeoutException {
        for (NewTopic topic : topics) {
            try {
                admin.createTopics(List.of(topic)).all().get(15, TimeUnit.SECONDS);
                LOG.info("created topic {} ({})", topic.name(), topic.configs());
            } catch (ExecutionException e) {
                if (e.getCause() instanceof TopicAuthorizationException) {
                    // The broker's answer names no topic: say which one metasync may not create.
                    throw new ExecutionException(new TopicAuthorizationException("not authorized to create topic " + topic.name(),
                            Set.of(topic.name())));
                }
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        }
    }

    private static NewTopic topic(MetasyncConfig config, String name, String cleanupPolicy) {
        short rf = config.kafka().replicationFactor();
        int partitions = cleanupPolicy.equals(TopicConfig.CLEANUP_POLICY_COMPACT) ? config.kafka().partitions() : 1;
        return new NewTopic(name, Optional.of(partitions), rf == -1 ? Optional.empty() : Optional.of(rf))
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, cleanupPolicy));
    }
}
