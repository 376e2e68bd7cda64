package com.tradeul.metasync.clients;

import com.tradeul.metasync.config.ConfigException;
import java.util.Locale;
import java.util.Optional;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnsupportedSaslMechanismException;

/**
 * What a Kafka client's failure means to the user: refused credentials, a certificate that is not
 * trusted or not given, an ACL that is missing. Each becomes a {@link ConfigException} naming the
 * {@code kafka.client.*} setting (or the grant) that fixes it: {@code UNREACHABLE} when metasync could not
 * connect or log in, {@code UNFIT} when an ACL denies it. The messages quoted come from Kafka's
 * exceptions, which name mechanisms, users and topics but never a password. Pure.
 */
public final class KafkaProblems {

    static final String JAAS = "kafka.client.sasl.jaas.config";
    static final String TRUSTSTORE = "kafka.client.ssl.truststore.location";
    static final String KEYSTORE = "kafka.client.ssl.keystore.location";

    private KafkaProblems() {}

    /**
     * @param servers     the brokers the client talked to
     * @param topicPrefix metasync's topic prefix, for the ACLs a denial asks to grant
     * @return empty when the failure is none of these (the brokers are down, say)
     */
    public static Optional<ConfigException> explain(Throwable error, String servers, String topicPrefix) {
        return recognise(error, servers, topicPrefix).map(e -> new ConfigException(e.kind(), e.problem(), e.fix(), error));
    }

    private static Optional<ConfigException> recognise(Throwable error, String servers, String topicPrefix) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SaslAuthenticationException) {
                return Optional.of(ConfigException.unreachable(
                        "Kafka at " + servers + " refused metasync's SASL login (" + t.getMessage() + ")",
                        "set " + JAAS + " (or " + JAAS + "-file, or METASYNC_KAFKA_CLIENT_SASL_JAAS_CONFIG) to the user name and "
                                + "password of metasync's Kafka user, and kafka.client.sasl.mechanism to the mechanism it was created for"));
            }
            if (t instanceof UnsupportedSaslMechanismException) {
                return Optional.of(ConfigException.unreachable(
                        "Kafka at " + servers + " does not offer the SASL mechanism metasync asked for (" + t.getMessage() + ")",
                        "set kafka.client.sasl.mechanism to one the brokers enable (e.g. SCRAM-SHA-512 or PLAIN)"));
            }
            if (t instanceof SslAuthenticationException) {
                return Optional.of(tls(rootMessage(t), servers));
            }
            if (t instanceof AuthenticationException) {
                return Optional.of(ConfigException.unreachable(
                        "Kafka at " + servers + " did not authenticate metasync (" + rootMessage(t) + ")",
                        "check kafka.client.security.protocol and its kafka.client.sasl.* / kafka.client.ssl.* settings"));
            }
            if (t instanceof AuthorizationException denied) {
                return Optional.of(ConfigException.unfit("Kafka at " + servers + " denied metasync's user " + what(denied),
                        "grant metasync's Kafka user " + requiredAcls(topicPrefix) + " (README, Production)"));
            }
        }
        return Optional.empty();
    }

    /** The ACLs metasync's Kafka user needs, as a sentence. */
    public static String requiredAcls(String topicPrefix) {
        return "Create, Describe, DescribeConfigs, Read and Write on topics with the prefix '" + topicPrefix
                + ".', and Read and Describe on its consumer group (apply.group-id)";
    }

    /** The brokers did not answer: down, a wrong address, or a listener that wants TLS or SASL. */
    public static ConfigException unreachable(String servers, String reason, boolean securitySet) {
        return ConfigException.unreachable("couldn't reach Kafka at " + servers + " (" + reason + ")",
                "start the brokers, or set kafka.bootstrap-servers (leave it empty for the embedded broker)"
                        + (securitySet ? "; check that kafka.client.security.protocol is what the brokers' listener speaks"
                                : "; brokers that require TLS or SASL also need kafka.client.security.protocol and its "
                                        + "kafka.client.ssl.* / kafka.client.sasl.* settings"));
    }

    private static ConfigException tls(String reason, String servers) {
        String problem = "the TLS handshake with Kafka at " + servers + " failed (" + reason + ")";
        String text = reason.toLowerCase(Locale.ROOT);
        if (text.contains("pkix") || text.contains("certification path") || text.contains("signature check failed")) {
            return ConfigException.unreachable(problem + ": metasync does not trust the brokers' certificate",
                    "set " + TRUSTSTORE + " to a truststore holding the CA that signed the brokers' certificates (with "
                            + "kafka.client.ssl.truststore.type, and kafka.client.ssl.truststore.password for JKS or PKCS12)");
        }
        if (text.contains("subject alternative name") || text.contains("no name matching")) {
            return ConfigException.unreachable(problem + ": the brokers' certificate is not issued for the address metasync connected to",
                    "put in kafka.bootstrap-servers a host name the certificate names, or have the brokers' certificate issued for it");
        }
        if (text.contains("certificate_required") || text.contains("bad_certificate") || text.contains("certificate_unknown")) {
            return ConfigException.unreachable(problem + ": the brokers want a client certificate they trust",
                    "set " + KEYSTORE + " (with kafka.client.ssl.keystore.type and kafka.client.ssl.keystore.password) to a keystore "
                            + "holding metasync's client certificate, signed by a CA the brokers trust");
        }
        if (text.contains("unrecognized ssl message") || text.contains("plaintext connection")) {
            return ConfigException.unreachable(problem + ": the listener does not speak TLS",
                    "set kafka.client.security.protocol to what the listener at " + servers + " speaks (PLAINTEXT or SASL_PLAINTEXT), "
                            + "or point kafka.bootstrap-servers at the brokers' TLS listener");
        }
        return ConfigException.unreachable(problem, "check kafka.client.security.protocol and the kafka.client.ssl.* settings");
    }

    private static String what(AuthorizationException denied) {
        if (denied instanceof TopicAuthorizationException topics && !topics.unauthorizedTopics().isEmpty()) {
            return "access to topic(s) " + String.join(", ", topics.unauthorizedTopics());
        }
        if (denied instanceof GroupAuthorizationException group && group.groupId() != null) {
            return "access to consumer group " + group.groupId();
        }
        return "an operation: " + denied.getMessage();
    }

    private static String rootMessage(Throwable t) {
        return ConfigException.rootMessage(t);
    }
}
