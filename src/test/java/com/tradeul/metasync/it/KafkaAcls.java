package com.tradeul.metasync.it;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourcePatternFilter;
import org.apache.kafka.common.resource.ResourceType;

/**
 * What an operator does for metasync on a secured cluster, through the super user's admin client:
 * create its SCRAM user, and grant it exactly the ACLs the README's Production section lists.
 */
final class KafkaAcls {

    /** On the topics metasync writes and reads: its change topics, dead-letter topic and Debezium's offsets topic. */
    static final List<AclOperation> TOPIC_OPERATIONS = List.of(AclOperation.CREATE, AclOperation.DESCRIBE,
            AclOperation.DESCRIBE_CONFIGS, AclOperation.READ, AclOperation.WRITE);
    /** On apply's consumer group: join and commit (Read), and lag's read of its offsets (Describe). */
    static final List<AclOperation> GROUP_OPERATIONS = List.of(AclOperation.READ, AclOperation.DESCRIBE);

    private KafkaAcls() {}

    /** metasync's ACLs for {@code principal} ({@code User:<name>}): topics with the prefix {@code <topicPrefix>.}, and the group. */
    static void grantMetasync(Admin admin, String principal, String topicPrefix, String group) throws Exception {
        List<AclBinding> bindings = new ArrayList<>();
        ResourcePattern topics = new ResourcePattern(ResourceType.TOPIC, topicPrefix + ".", PatternType.PREFIXED);
        ResourcePattern consumerGroup = new ResourcePattern(ResourceType.GROUP, group, PatternType.LITERAL);
        TOPIC_OPERATIONS.forEach(op -> bindings.add(new AclBinding(topics, allow(principal, op))));
        GROUP_OPERATIONS.forEach(op -> bindings.add(new AclBinding(consumerGroup, allow(principal, op))));
        admin.createAcls(bindings).all().get(15, TimeUnit.SECONDS);
        // The broker's authorizer learns them from the metadata log: wait until it answers with them.
        AclBindingFilter granted = new AclBindingFilter(ResourcePatternFilter.ANY,
                new AccessControlEntryFilter(principal, null, AclOperation.ANY, AclPermissionType.ANY));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> admin.describeAcls(granted).values().get(10, TimeUnit.SECONDS).containsAll(bindings));
    }

    /** A SCRAM-SHA-512 user, as {@code kafka-configs.sh --alter --add-config 'SCRAM-SHA-512=[password=...]'} makes one. */
    static void createScramUser(Admin admin, String user, String password) throws Exception {
        admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(user,
                new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), password))).all().get(15, TimeUnit.SECONDS);
    }

    private static AccessControlEntry allow(String principal, AclOperation operation) {
        return new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW);
    }
}
