package com.tradeul.metasync.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The compose file runs each store with the settings whose absence lost data before metasync
 * (see DESIGN.md), and points metasync at the compose services rather than at its embedded defaults.
 */
class DockerComposeTest {

    private static final Path COMPOSE_FILE = Path.of("docker-compose.yml");

    private static JsonNode services;

    @BeforeAll
    static void readComposeFile() throws IOException {
        services = new YAMLMapper().readTree(COMPOSE_FILE.toFile()).path("services");
        assertThat(services.isObject()).as("%s has a services: mapping", COMPOSE_FILE.toAbsolutePath()).isTrue();
    }

    @Test
    void postgres_runs_with_logical_wal_for_debezium() {
        assertThat(command("postgres")).containsSubsequence("-c", "wal_level=logical");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        // Without AOF a restart loses every write since the last RDB snapshot.
        "--appendonly,       yes",
        // Any other policy lets Redis drop rows the scanner reads, with no error anywhere.
        "--maxmemory-policy, noeviction",
    })
    void redis_runs_with_the_settings_that_keep_every_row(String option, String value) {
        assertThat(command("redis")).containsSubsequence(option, value);
    }

    @Test
    void kafka_is_a_single_kraft_node_that_is_both_broker_and_controller() {
        Map<String, String> environment = environment("kafka");

        assertThat(Arrays.asList(text(environment, "KAFKA_PROCESS_ROLES").split(",")))
                .map(String::trim)
                .containsExactlyInAnyOrder("broker", "controller");
        assertThat(text(environment, "KAFKA_CONTROLLER_QUORUM_VOTERS")).isEqualTo("1@kafka:9093");
        assertThat(environment).doesNotContainKey("KAFKA_ZOOKEEPER_CONNECT");
    }

    @Test
    void kafka_does_not_auto_create_topics_that_would_not_be_compacted() {
        assertThat(text(environment("kafka"), "KAFKA_AUTO_CREATE_TOPICS_ENABLE")).isEqualTo("false");
    }

    @Test
    void metasync_uses_the_kafka_service_not_an_embedded_broker() {
        String bootstrap = text(environment("metasync"), "METASYNC_KAFKA_BOOTSTRAP_SERVERS");

        assertThat(bootstrap).isEqualTo("kafka:9092");
        assertThat(text(environment("kafka"), "KAFKA_ADVERTISED_LISTENERS")).contains("://" + bootstrap);
    }

    @Test
    void metasync_writes_to_the_redis_service() {
        URI redis = URI.create(text(environment("metasync"), "METASYNC_REDIS_URI"));

        assertThat(redis.getScheme()).isEqualTo("redis");
        assertThat(redis.getHost()).isEqualTo("redis");
        assertThat(services.has(redis.getHost())).isTrue();
    }

    @Test
    void metasync_captures_from_the_postgres_service() {
        String host = text(environment("metasync"), "METASYNC_POSTGRES_HOST");

        assertThat(host).isEqualTo("postgres");
        assertThat(services.path(host).path("image").asText()).startsWith("postgres:");
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
        "postgres, service_healthy",
        "redis,    service_healthy",
        "kafka,    service_started",
    })
    void metasync_starts_after_the_stores(String store, String condition) {
        assertThat(services.path("metasync").path("depends_on").path(store).path("condition").asText())
                .isEqualTo(condition);
    }

    /** The command's words, whether written as a list or as one string. */
    private static List<String> command(String service) {
        JsonNode command = services.path(service).path("command");
        assertThat(command.isArray() || command.isTextual()).as("%s has a command:", service).isTrue();
        if (command.isTextual()) {
            return List.of(command.asText().trim().split("\\s+"));
        }
        List<String> words = new ArrayList<>();
        command.forEach(word -> words.add(word.asText()));
        return words;
    }

    /** The service's variables, whether written as a mapping or as a list of NAME=value. */
    private static Map<String, String> environment(String service) {
        JsonNode environment = services.path(service).path("environment");
        assertThat(environment.isObject() || environment.isArray()).as("%s has an environment:", service).isTrue();
        Map<String, String> variables = new LinkedHashMap<>();
        if (environment.isObject()) {
            environment.properties().forEach(e -> variables.put(e.getKey(), e.getValue().asText()));
        } else {
            environment.forEach(item -> {
                String[] nameAndValue = item.asText().split("=", 2);
                variables.put(nameAndValue[0], nameAndValue.length == 2 ? nameAndValue[1] : "");
            });
        }
        return variables;
    }

    private static String text(Map<String, String> environment, String variable) {
        assertThat(environment).as("environment").containsKey(variable);
        return environment.get(variable);
    }
}
