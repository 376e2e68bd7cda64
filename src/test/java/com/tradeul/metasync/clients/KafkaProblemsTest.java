package com.tradeul.metasync.clients;

import static com.tradeul.metasync.config.ConfigException.Kind.UNFIT;
import static com.tradeul.metasync.config.ConfigException.Kind.UNREACHABLE;
import static org.assertj.core.api.Assertions.assertThat;

import com.tradeul.metasync.config.ConfigException;
import com.tradeul.metasync.config.ConfigException.Kind;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import java.util.stream.Stream;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnsupportedSaslMechanismException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class KafkaProblemsTest {

    private static final String SERVERS = "broker-1:9096";

    /** Failures as Kafka's clients report them (the messages are those seen against a real broker), each with what the user reads. */
    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of("wrong SCRAM password", UNREACHABLE, failed(() -> new SaslAuthenticationException(
                        "Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512")),
                        "Kafka at broker-1:9096 refused metasync's SASL login (Authentication failed during authentication due to "
                                + "invalid credentials with SASL mechanism SCRAM-SHA-512)",
                        "set kafka.client.sasl.jaas.config (or kafka.client.sasl.jaas.config-file, or METASYNC_KAFKA_CLIENT_SASL_JAAS_CONFIG)"),
                Arguments.of("mechanism the broker lacks", UNREACHABLE, failed(() -> new UnsupportedSaslMechanismException(
                        "Client SASL mechanism 'SCRAM-SHA-256' not enabled in the server, enabled mechanisms are [SCRAM-SHA-512]")),
                        "does not offer the SASL mechanism", "set kafka.client.sasl.mechanism to one the brokers enable"),
                Arguments.of("untrusted broker certificate", UNREACHABLE, tlsFailed(new SSLHandshakeException("PKIX path building failed: "
                                + "unable to find valid certification path to requested target")),
                        "metasync does not trust the brokers' certificate", "set kafka.client.ssl.truststore.location to a truststore holding the CA"),
                Arguments.of("certificate for another host", UNREACHABLE, tlsFailed(new SSLHandshakeException(
                                "No subject alternative names matching IP address 10.0.0.7 found")),
                        "the brokers' certificate is not issued for the address metasync connected to", "kafka.bootstrap-servers"),
                Arguments.of("no client certificate (TLS 1.3)", UNREACHABLE, tlsFailed(new SSLHandshakeException("Received fatal alert: certificate_required")),
                        "the brokers want a client certificate they trust", "set kafka.client.ssl.keystore.location"),
                Arguments.of("TLS against a plain listener", UNREACHABLE, tlsFailed(new SSLException("Unsupported or unrecognized SSL message")),
                        "the listener does not speak TLS", "set kafka.client.security.protocol"),
                Arguments.of("no ACL on the topics", UNFIT, failed(() -> new TopicAuthorizationException(Set.of("metasync.public.ticker_metadata"))),
                        "denied metasync's user access to topic(s) metasync.public.ticker_metadata",
                        "grant metasync's Kafka user Create, Describe, DescribeConfigs, Read and Write on topics with the prefix 'metasync.'"),
                Arguments.of("no ACL on the group", UNFIT, failed(() -> GroupAuthorizationException.forGroupId("metasync")),
                        "denied metasync's user access to consumer group metasync", "Read and Describe on its consumer group (apply.group-id)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failures")
    void a_security_failure_names_what_to_fix(String scenario, Kind kind, Throwable failure, String problem, String fix) {
        ConfigException explained = KafkaProblems.explain(failure, SERVERS, "metasync").orElseThrow();

        assertThat(explained.kind()).isEqualTo(kind);
        assertThat(explained.problem()).contains(problem);
        assertThat(explained.fix()).contains(fix);
        assertThat(explained.oneLine()).doesNotContain("\n");
    }

    @Test
    void a_broker_that_does_not_answer_is_not_a_security_problem_but_its_fix_mentions_security() {
        assertThat(KafkaProblems.explain(failed(() -> new TimeoutException("Timed out waiting for a node assignment")), SERVERS, "m")).isEmpty();

        assertThat(KafkaProblems.unreachable(SERVERS, "timed out", false).kind()).isEqualTo(UNREACHABLE);
        assertThat(KafkaProblems.unreachable(SERVERS, "timed out", false).fix())
                .contains("brokers that require TLS or SASL also need kafka.client.security.protocol");
        assertThat(KafkaProblems.unreachable(SERVERS, "timed out", true).fix())
                .contains("check that kafka.client.security.protocol is what the brokers' listener speaks");
    }

    /** As an admin call's future fails: the client's exception inside an ExecutionException. */
    private static Throwable failed(Supplier<? extends Exception> cause) {
        return new ExecutionException(cause.get());
    }

    private static Throwable tlsFailed(SSLException handshake) {
        return failed(() -> new SslAuthenticationException("SSL handshake failed", handshake));
    }
}
