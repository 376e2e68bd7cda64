package com.tradeul.metasync.doctor;

import static com.tradeul.metasync.doctor.DoctorRules.KAFKA;

import com.tradeul.metasync.EmbeddedKafkaAddress;
import com.tradeul.metasync.clients.KafkaClients;
import com.tradeul.metasync.config.ConfigException;
import com.tradeul.metasync.config.MetasyncConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** Reads the brokers and the change topics, and judges them ({@link DoctorRules}). */
final class KafkaDoctor {

    private static final long TIMEOUT_SECONDS = 10;

    private final MetasyncConfig config;

    KafkaDoctor(MetasyncConfig config) {
        this.config = config;
    }

    List<Check> run() {
        List<Check> checks = new ArrayList<>();
        MetasyncConfig resolved;
        try {
            resolved = EmbeddedKafkaAddress.resolve(config);
        } catch (ConfigException e) {
            checks.add(Check.pass(KAFKA, "brokers", "embedded broker: 'metasync run' starts it in its own process with its data"
                    + " under data-dir (not running now, so there is nothing to check)"));
            return checks;
        }
        String bootstrap = resolved.kafka().bootstrapServers().orElseThrow();
        KafkaClients kafka = KafkaClients.of(resolved.kafka());
        try (Admin admin = kafka.admin("metasync-doctor", java.time.Duration.ofSeconds(TIMEOUT_SECONDS))) {
            OptionalInt reachable = brokers(admin, kafka, bootstrap, checks);
            if (reachable.isEmpty()) {
                return checks;
            }
            int brokers = reachable.getAsInt();
            Set<String> listed = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            for (String topic : resolved.tablesByTopic().keySet()) {
                checks.addAll(listed.contains(topic) ? topic(admin, topic, brokers, bootstrap) : List.of(unlisted(admin, topic)));
            }
            checks.add(group(admin, resolved.apply().groupId()));
        } catch (ExecutionException e) {
            ConfigException problem = kafka.explain(e).orElseGet(() -> new ConfigException("cannot describe the change topics: "
                    + ConfigException.rootMessage(e), "grant metasync's Kafka user Describe and DescribeConfigs on the topics"));
            checks.add(Check.fail(KAFKA, "access of metasync's Kafka user", problem.problem(), problem.fix()));
        } catch (ConfigException e) {
            checks.add(Check.fail(KAFKA, "brokers at " + bootstrap, e.problem(), e.fix()));
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            checks.add(Check.fail(KAFKA, "topics", "cannot describe the change topics: " + ConfigException.rootMessage(e),
                    "check that Kafka is healthy"));
        }
        return checks;
    }

    /**
     * Whether the brokers answer metasync as it connects to them (its credentials and certificates
     * included), added to {@code checks}; how many there are, or empty when they do not answer.
     */
    private static OptionalInt brokers(Admin admin, KafkaClients kafka, String bootstrap, List<Check> checks) {
        try {
            int brokers = admin.describeCluster().nodes().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).size();
            checks.add(Check.pass(KAFKA, "brokers at " + bootstrap, brokers + " broker(s) reachable"));
            return OptionalInt.of(brokers);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            ConfigException problem = kafka.explain(e).orElseGet(() -> kafka.unreachable(ConfigException.rootMessage(e)));
            checks.add(Check.fail(KAFKA, "brokers at " + bootstrap, problem.problem(), problem.fix()));
            return OptionalInt.empty();
        }
    }

    private static List<Check> topic(Admin admin, String topic, int brokers, String bootstrap) throws Exception {
        TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames()
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS).get(topic);
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config topicConfig = admin.describeConfigs(List.of(resource)).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).get(resource);
        int replicationFactor = description.partitions().get(0).replicas().size();
        int minInsync = Integer.parseInt(topicConfig.get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG).value());
        return List.of(DoctorRules.cleanupPolicy(topic, topicConfig.get(TopicConfig.CLEANUP_POLICY_CONFIG).value(), bootstrap),
                DoctorRules.replication(topic, replicationFactor, brokers, minInsync));
    }

    /**
     * A topic the listing lacks is missing, or hidden from a user who may not describe it: asked
     * for by name, Kafka says which (an ACL denial, reported by the caller, or an unknown topic).
     */
    private static Check unlisted(Admin admin, String topic) throws Exception {
        try {
            admin.describeTopics(List.of(topic)).allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return Check.pass(KAFKA, "change topic " + topic, "exists (created while doctor ran)");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return Check.pass(KAFKA, "change topic " + topic, "does not exist yet: metasync creates it compacted at start");
            }
            if (e.getCause() instanceof TopicAuthorizationException) {
                throw new ExecutionException(new TopicAuthorizationException("not authorized to describe topic " + topic, Set.of(topic)));
            }
            throw e;
        }
    }

    /** Reading the group's offsets needs what lag needs, and tells a missing group ACL before apply meets it. */
    private static Check group(Admin admin, String group) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        return Check.pass(KAFKA, "consumer group " + group, offsets.isEmpty() ? "no committed offsets yet"
                : "committed offsets for " + offsets.size() + " partition(s)");
    }
}
