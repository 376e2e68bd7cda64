package com.tradeul.metasync.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What `docker compose up` must not do (issue 18): float its image versions, publish a store on
 * every interface, start a service before what it needs answers, or carry a password (or a
 * default one) in the file. ComposeConfigIT has `docker-compose config` check the syntax; this checks
 * the meaning.
 */
class ComposeHardeningTest {

    /** The services the package consists of; a test over "every service" that found none would prove nothing. */
    private static final Set<String> SERVICES = Set.of("postgres", "kafka", "redis", "metasync", "prometheus", "alertmanager", "grafana");
    /** name:tag, optionally @sha256:digest. */
    private static final Pattern IMAGE = Pattern.compile("(?<name>[a-z0-9./_-]+):(?<tag>[A-Za-z0-9._-]+)(@sha256:[0-9a-f]{64})?");
    /** A tag starting with an exact version: major.minor.patch, optionally v-prefixed and suffixed (-bookworm). */
    private static final Pattern EXACT_VERSION = Pattern.compile("v?\\d+\\.\\d+\\.\\d+([-_].+)?");
    /** PostgreSQL's versions have two parts since 10: 15.19 is exact, 15 floats. */
    private static final Pattern EXACT_POSTGRES_VERSION = Pattern.compile("\\d{2,}\\.\\d+([-_].+)?");
    private static final Pattern DURATION = Pattern.compile("(\\d+(\\.\\d+)?(us|ms|s|m|h))+");
    private static final Pattern SECRET_PATH = Pattern.compile("/run/secrets/([A-Za-z0-9_.-]+)");

    private static ComposeFile compose;

    @BeforeAll
    static void readComposeFile() {
        compose = ComposeFile.read();
        assertThat(compose.serviceNames()).containsExactlyInAnyOrderElementsOf(SERVICES);
    }

    @Test
    void every_pulled_image_is_pinned_to_an_exact_version() {
        List<String> floating = new ArrayList<>();
        for (String service : compose.serviceNames()) {
            if (compose.service(service).has("build")) {
                continue;
            }
            String image = compose.service(service).path("image").asText();
            Matcher m = IMAGE.matcher(image);
            boolean exact = m.matches() && !m.group("tag").startsWith("latest")
                    && (m.group("name").equals("postgres") ? EXACT_POSTGRES_VERSION : EXACT_VERSION).matcher(m.group("tag")).matches();
            if (!exact) {
                floating.add(service + ": '" + image + "'");
            }
        }
        assertThat(floating).as("images without an exact version tag").isEmpty();
    }

    @ParameterizedTest(name = "{0} is floating")
    @CsvSource({"postgres:15", "redis:7.2", "redis:latest", "redis", "apache/kafka:4", "grafana/grafana:12.4", "prom/prometheus:v3"})
    void a_floating_tag_is_not_taken_for_a_pinned_one(String image) {
        Matcher m = IMAGE.matcher(image);
        boolean exact = m.matches() && (m.group("name").equals("postgres") ? EXACT_POSTGRES_VERSION : EXACT_VERSION)
                .matcher(m.group("tag")).matches();
        assertThat(exact).isFalse();
    }

    @Test
    void the_only_built_image_is_metasync_and_it_has_a_name_of_its_own() {
        List<String> built = compose.serviceNames().stream().filter(s -> compose.service(s).has("build")).toList();

        assertThat(built).containsExactly("metasync");
        assertThat(compose.service("metasync").path("image").asText()).isEqualTo("metasync:local");
    }

    @Test
    void every_published_port_listens_on_loopback_only() {
        List<String> exposed = new ArrayList<>();
        int published = 0;
        for (String service : compose.serviceNames()) {
            for (List<String> port : compose.publishedPorts(service)) {
                published++;
                if (!port.get(0).equals("127.0.0.1")) {
                    exposed.add(service + ": " + port);
                }
            }
        }
        assertThat(exposed).as("ports published on other interfaces than 127.0.0.1").isEmpty();
        // psql, redis-cli and the three web UIs from the host; Kafka and metasync stay inside.
        assertThat(published).isEqualTo(5);
        assertThat(compose.publishedPorts("kafka")).isEmpty();
        assertThat(compose.publishedPorts("metasync")).isEmpty();
    }

    @Test
    void every_service_has_a_health_check() {
        for (String service : compose.serviceNames()) {
            JsonNode healthcheck = compose.service(service).path("healthcheck");
            List<String> test = compose.healthcheckTest(service);

            assertThat(test).as(service).isNotEmpty();
            assertThat(test.get(0)).as(service).isIn("CMD", "CMD-SHELL");
            assertThat(healthcheck.path("disable").asBoolean(false)).as(service).isFalse();
            for (String field : List.of("interval", "timeout")) {
                assertThat(healthcheck.path(field).asText()).as(service + " " + field).matches(DURATION);
            }
        }
    }

    @Test
    void every_dependency_is_waited_for_until_it_is_healthy() {
        int dependencies = 0;
        for (String service : compose.serviceNames()) {
            JsonNode dependsOn = compose.service(service).path("depends_on");
            assertThat(dependsOn.isArray()).as("%s: depends_on as a list starts without waiting for health", service).isFalse();
            for (Map.Entry<String, JsonNode> dependency : dependsOn.properties()) {
                dependencies++;
                assertThat(dependency.getValue().path("condition").asText()).as(service + " -> " + dependency.getKey())
                        .isEqualTo("service_healthy");
                assertThat(compose.healthcheckTest(dependency.getKey())).as(dependency.getKey()).isNotEmpty();
            }
        }
        assertThat(dependencies).isGreaterThanOrEqualTo(5);
    }

    /**
     * No password is in the file, nor a default for one: each service reads its secrets from
     * /run/secrets/, where only the secrets it mounts are; each secret is a file under ./secrets/
     * that `./dev compose-secrets` writes.
     */
    @Test
    void every_secret_a_service_reads_is_mounted_in_it_and_written_by_dev() throws IOException {
        Set<String> declared = new TreeSet<>();
        Set<String> files = new TreeSet<>();
        compose.root().path("secrets").properties().forEach(secret -> {
            declared.add(secret.getKey());
            files.add(secret.getValue().path("file").asText());
        });
        for (String service : compose.serviceNames()) {
            Set<String> read = new TreeSet<>();
            String text = compose.environment(service).values() + " " + compose.healthcheckTest(service)
                    + " " + entrypointScript(service);
            Matcher m = SECRET_PATH.matcher(text);
            while (m.find()) {
                read.add(m.group(1));
            }
            assertThat(compose.secrets(service)).as("secrets %s mounts", service).containsExactlyInAnyOrderElementsOf(read);
            assertThat(declared).as("declared secrets").containsAll(read);
        }
        assertThat(files).allMatch(file -> file.startsWith("./secrets/"), "under ./secrets/");
        assertThat(files.stream().map(f -> f.substring("./secrets/".length())).toList())
                .containsExactlyInAnyOrderElementsOf(secretsDevWrites());
        assertThat(declared).hasSize(4);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // The store's side and metasync's side of one password name the same secret.
        "postgres, METASYNC_POSTGRES_PASSWORD_FILE, METASYNC_POSTGRES_PASSWORD_FILE",
        "redis,    (its entrypoint script),          METASYNC_REDIS_PASSWORD_FILE",
    })
    void metasync_and_the_store_read_the_same_password(String store, String storeSide, String metasyncSide) throws IOException {
        String metasyncFile = compose.environment("metasync").get(metasyncSide);
        String storeText = storeSide.startsWith("(") ? entrypointScript(store) : compose.environment(store).get(storeSide);

        assertThat(metasyncFile).startsWith("/run/secrets/");
        assertThat(storeText).contains(metasyncFile);
    }

    @Test
    void no_password_or_default_password_is_written_in_the_file() throws IOException {
        String text = Files.readString(ComposeFile.PATH);
        for (String service : compose.serviceNames()) {
            compose.environment(service).forEach((name, value) -> {
                if (name.matches(".*(PASSWORD|SECRET|PASS|TOKEN).*")) {
                    assertThat(value).as(service + " " + name).startsWith("/run/secrets/");
                }
            });
        }
        // ${VAR:-default} or ${VAR-default}: a password nobody set would still be one everybody knows.
        assertThat(text).doesNotContainPattern("\\$\\{[A-Za-z_]*:?-");
    }

    /** The script a service's entrypoint runs from this repository, or "" when it runs the image's own. */
    private static String entrypointScript(String service) {
        for (JsonNode volume : compose.service(service).path("volumes")) {
            String[] parts = volume.asText().split(":");
            if (parts[0].startsWith("./") && compose.service(service).path("entrypoint").toString().contains(parts[1])) {
                try {
                    return Files.readString(Path.of(parts[0]));
                } catch (IOException e) {
                    throw new AssertionError("cannot read " + parts[0] + " that " + service + "'s entrypoint runs", e);
                }
            }
        }
        return "";
    }

    /** The file names in `./dev compose-secrets`' loop. */
    private static List<String> secretsDevWrites() throws IOException {
        Matcher m = Pattern.compile("for name in ([a-z0-9 -]+); do").matcher(Files.readString(Path.of("dev")));
        assertThat(m.find()).as("./dev compose-secrets' loop over the secret names").isTrue();
        return List.of(m.group(1).trim().split("\\s+"));
    }
}
