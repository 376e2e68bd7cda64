package com.tradeul.metasync.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradeul.metasync.config.ConfigLoader;
import com.tradeul.metasync.config.MetasyncConfig;
import com.tradeul.metasync.config.TableId;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The compose file runs each store with the settings whose absence lost data before metasync,
 * builds metasync from the Dockerfile, and points it at the compose services (and at the table
 * the PostgreSQL init script makes) rather than at its embedded defaults. ComposeHardeningTest
 * checks versions, ports, health checks and secrets.
 */
class DockerComposeTest {

    private static ComposeFile compose;

    @BeforeAll
    static void readComposeFile() {
        compose = ComposeFile.read();
    }

    @Test
    void postgres_runs_with_logical_wal_for_debezium() {
        assertThat(compose.command("postgres")).containsSubsequence("-c", "wal_level=logical");
    }

    @Test
    void postgres_runs_the_init_script_that_makes_the_default_table() {
        assertThat(compose.service("postgres").path("volumes").toString())
                .contains("./docker/postgres-init:/docker-entrypoint-initdb.d");
        assertThat(Path.of("docker/postgres-init/01-ticker-metadata.sql")).isRegularFile();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        // Without AOF a restart loses every write since the last RDB snapshot.
        "--appendonly,       yes",
        // Any other policy lets Redis drop rows the scanner reads, with no error anywhere.
        "--maxmemory-policy, noeviction",
    })
    void redis_runs_with_the_settings_that_keep_every_row(String option, String value) {
        assertThat(compose.command("redis")).containsSubsequence(option, value);
    }

    @Test
    void kafka_is_a_single_kraft_node_that_is_both_broker_and_controller() {
        Map<String, String> environment = compose.environment("kafka");

        assertThat(Arrays.asList(text(environment, "KAFKA_PROCESS_ROLES").split(",")))
                .map(String::trim)
                .containsExactlyInAnyOrder("broker", "controller");
        assertThat(text(environment, "KAFKA_CONTROLLER_QUORUM_VOTERS")).isEqualTo("1@kafka:9093");
        assertThat(environment).doesNotContainKey("KAFKA_ZOOKEEPER_CONNECT");
    }

    @Test
    void kafka_does_not_auto_create_topics_that_would_not_be_compacted() {
        assertThat(text(compose.environment("kafka"), "KAFKA_AUTO_CREATE_TOPICS_ENABLE")).isEqualTo("false");
    }

    @Test
    void metasync_is_built_from_the_dockerfile_not_run_from_a_mounted_target() {
        var build = compose.service("metasync").path("build");
        String context = build.isTextual() ? build.asText() : build.path("context").asText();
        String dockerfile = build.path("dockerfile").asText("Dockerfile");

        assertThat(context).isEqualTo(".");
        assertThat(Path.of(context, dockerfile)).isEqualTo(Path.of(".", "Dockerfile")).isRegularFile();
        assertThat(compose.service("metasync").path("volumes").toString()).doesNotContain("target");
    }

    @Test
    void metasync_uses_the_kafka_service_not_an_embedded_broker() {
        String bootstrap = text(compose.environment("metasync"), "METASYNC_KAFKA_BOOTSTRAP_SERVERS");

        assertThat(bootstrap).isEqualTo("kafka:9092");
        assertThat(text(compose.environment("kafka"), "KAFKA_ADVERTISED_LISTENERS")).contains("://" + bootstrap);
    }

    @Test
    void metasync_writes_to_the_redis_service() {
        URI redis = URI.create(text(compose.environment("metasync"), "METASYNC_REDIS_URI"));

        assertThat(redis.getScheme()).isEqualTo("redis");
        assertThat(redis.getHost()).isEqualTo("redis");
        assertThat(compose.serviceNames()).contains(redis.getHost());
    }

    @Test
    void metasync_captures_from_the_postgres_service_as_the_init_scripts_user() throws IOException {
        Map<String, String> environment = compose.environment("metasync");

        assertThat(text(environment, "METASYNC_POSTGRES_HOST")).isEqualTo("postgres");
        assertThat(compose.service("postgres").path("image").asText()).startsWith("postgres:");
        assertThat(text(environment, "METASYNC_POSTGRES_USER")).isEqualTo("metasync");
        assertThat(Files.readString(Path.of("docker/postgres-init/01-ticker-metadata.sql")))
                .contains("CREATE ROLE metasync LOGIN REPLICATION PASSWORD");
    }

    /**
     * Every METASYNC_* variable of the service names a setting (metasync refuses the service at
     * start otherwise), each secret file is read, and the result is the compose services with the
     * default table: the one the init script makes.
     */
    @Test
    void metasync_environment_is_settings_metasync_accepts(@TempDir Path secrets) throws IOException {
        Map<String, String> environment = new LinkedHashMap<>();
        for (Map.Entry<String, String> variable : compose.environment("metasync").entrySet()) {
            String value = variable.getValue();
            if (value.startsWith("/run/secrets/")) {
                Path file = secrets.resolve(value.substring("/run/secrets/".length()));
                Files.writeString(file, "secret-of-" + file.getFileName() + "\n");
                value = file.toString();
            }
            environment.put(variable.getKey(), value);
        }

        MetasyncConfig config = ConfigLoader.load(Optional.empty(), environment, Map.of());

        assertThat(config.postgres().user()).isEqualTo("metasync");
        assertThat(config.postgres().password()).isEqualTo("secret-of-metasync_postgres_password");
        assertThat(config.redis().password()).contains("secret-of-redis_password");
        assertThat(config.redis().uri()).isEqualTo("redis://redis:6379");
        assertThat(config.postgres().tables()).containsExactly(new TableId("public", "ticker_metadata"));
        assertThat(config.keyTemplates().get(new TableId("public", "ticker_metadata"))).hasToString("metadata:ticker:{symbol}");
        assertThat(config.kafka().bootstrapServers()).contains("kafka:9092");
        assertThat(config.monitor().bind()).isEqualTo("0.0.0.0");
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
        "postgres, service_healthy",
        "redis,    service_healthy",
        // Healthy once it answers a Kafka request: metasync no longer starts against a broker
        // that is still loading and exits, waiting for the restart policy.
        "kafka,    service_healthy",
    })
    void metasync_starts_after_the_stores(String store, String condition) {
        assertThat(compose.service("metasync").path("depends_on").path(store).path("condition").asText())
                .isEqualTo(condition);
    }

    @Test
    void prometheus_scrapes_the_port_metasync_listens_on() throws IOException {
        int port = ConfigLoader.load(Optional.empty(), Map.of(), Map.of()).monitor().port();

        assertThat(Files.readString(Path.of("monitoring/prometheus.yml"))).contains("\"metasync:" + port + "\"");
        assertThat(compose.healthcheckTest("metasync")).anyMatch(word -> word.equals("http://127.0.0.1:" + port + "/health"));
    }

    private static String text(Map<String, String> environment, String variable) {
        assertThat(environment).as("environment").containsKey(variable);
        return environment.get(variable);
    }
}
