package com.tradeul.metasync.doctor;

import static com.tradeul.metasync.doctor.DoctorRules.KAFKA;

import com.tradeul.metasync.EmbeddedKafkaAddress;
import com.tradeul.metasync.clients.KafkaClients;
import com.tradeul.metasync.config.ConfigException;
import com.tradeul.metasync.config.MetasyncConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;

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
            int brokers;
            try {
                brokers = admin.describeCluster().nodes().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).size();
                checks.add(Check.pass(KAFKA, "brokers at " + bootstrap, brokers + " broker(s) reachable"));
            } catch (Exception e) {
                ConfigException problem = kafka.explain(e).orElseGet(() -> kafka.unreachable(ConfigException.rootMessage(e)));
                checks.add(Check.fail(KAFKA, "brokers at " + bootstrap, problem.problem(), problem.fix()));
                return checks;
            }
            Set<String> existing = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            for (String topic : resolved.tablesByTopic().keySet()) {
                if (!existing.contains(topic)) {
                    checks.add(Check.pass(KAFKA, "change topic " + topic, "does not exist yet: metasync creates it compacted at start"));
                    continue;
                }
                TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames()
                        .get(TIMEOUT_SECONDS, TimeUnit.SECONDS).get(topic);
                ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
                Map<ConfigResource, Config> configs = admin.describeConfigs(List.of(resource)).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                Config topicConfig = configs.get(resource);
                checks.add(DoctorRules.cleanupPolicy(topic, topicConfig.get(TopicConfig.CLEANUP_POLICY_CONFIG).value(), bootstrap));
                int replicationFactor = description.partitions().get(0).replicas().size();
                int minInsync = Integer.parseInt(topicConfig.get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG).value());
                checks.add(DoctorRules.replication(topic, replicationFactor, brokers, minInsync));
            }
        } catch (ExecutionException e) {
            ConfigException problem = kafka.explain(e).orElseGet(() -> new ConfigException("cannot describe the change topics: "
                    + ConfigException.rootMessage(e), "grant metasync's Kafka user Describe and DescribeConfigs on the topics"));
            checks.add(Check.fail(KAFKA, "topics", problem.problem(), problem.fix()));
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
}
