package com.tradeul.metasync.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.tradeul.metasync.config.ConfigException;
import com.tradeul.metasync.config.ConfigLoader;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KafkaClientsTest {

    private static final String JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required "
            + "username=\"metasync\" password=\"s3cret-Pw\";";

    private static KafkaClients clients(Map<String, String> settings) {
        return KafkaClients.of(ConfigLoader.load(Optional.empty(), Map.of(), settings).kafka());
    }

    @Test
    void a_secret_and_every_quoted_value_inside_it_are_kept_out_of_messages() {
        KafkaClients kafka = clients(Map.of("kafka.bootstrap-servers", "broker:9093", "kafka.client.sasl.jaas.config", JAAS,
                "kafka.client.ssl.truststore.password", "store-pw", "kafka.client.sasl.mechanism", "SCRAM-SHA-512"));

        assertThat(kafka.withoutSecrets("token s3cret-Pw near " + JAAS + ", store store-pw, mechanism SCRAM-SHA-512"))
                .isEqualTo("token *** near ***, store ***, mechanism SCRAM-SHA-512");
    }

    @Test
    void settings_that_cannot_make_a_client_are_a_configuration_problem() {
        KafkaClients kafka = clients(Map.of("kafka.bootstrap-servers", "127.0.0.1:9", "kafka.client.security.protocol", "SSL",
                "kafka.client.ssl.truststore.location", "/nonexistent/ca.p12", "kafka.client.ssl.truststore.password", "store-pw"));

        ConfigException error = catchThrowableOfType(ConfigException.class, () -> kafka.admin("test", Duration.ofSeconds(1)));

        assertThat(error).isNotNull();
        assertThat(error.oneLine()).startsWith("cannot create a Kafka client from the kafka.client.* settings (")
                .contains("/nonexistent/ca.p12").doesNotContain("store-pw");
    }
}
