package com.tradeul.metasync.clients;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.spi.FilterReply;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

class KafkaAuthenticationLogFilterTest {

    private static final LoggerContext CONTEXT = new LoggerContext();
    private final KafkaAuthenticationLogFilter filter = new KafkaAuthenticationLogFilter();

    private static FilterReply decide(KafkaAuthenticationLogFilter filter, String logger, String message, Throwable thrown) {
        return filter.decide(new LoggingEvent("test", CONTEXT.getLogger(logger), Level.ERROR, message, thrown, null));
    }

    @Test
    void the_kafka_clients_lines_about_a_failed_login_or_handshake_are_dropped() {
        assertThat(decide(filter, "org.apache.kafka.clients.NetworkClient", "[AdminClient clientId=metasync-topics] Connection to node -1 "
                + "(localhost/127.0.0.1:9096) failed authentication due to: Authentication failed", null)).isEqualTo(FilterReply.DENY);
        assertThat(decide(filter, "org.apache.kafka.clients.admin.internals.AdminMetadataManager", "Fatal error during metadata update",
                new SaslAuthenticationException("Authentication failed"))).isEqualTo(FilterReply.DENY);
        assertThat(decide(filter, "org.apache.kafka.clients.admin.internals.AdminMetadataManager", "Fatal error during metadata update",
                new SslAuthenticationException("SSL handshake failed"))).isEqualTo(FilterReply.DENY);
    }

    @Test
    void every_other_line_passes() {
        assertThat(decide(filter, "org.apache.kafka.clients.NetworkClient", "Unexpected error during I/O", new TimeoutException("x")))
                .isEqualTo(FilterReply.NEUTRAL);
        assertThat(decide(filter, "com.tradeul.metasync.apply.ApplyRunner", "apply failed: x failed authentication due to y",
                new SaslAuthenticationException("z"))).isEqualTo(FilterReply.NEUTRAL);
    }
}
