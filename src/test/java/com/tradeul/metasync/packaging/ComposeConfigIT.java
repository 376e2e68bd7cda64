package com.tradeul.metasync.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compose itself accepts docker-compose.yml: `docker-compose config` (Debian's docker-compose,
 * installed by ./dev install) validates the file against the Compose schema, without a container
 * engine, and prints it normalized. What it prints still pins every image and binds every port to
 * 127.0.0.1, so no interpolation or default of Compose's undoes what ComposeHardeningTest checks
 * in the file as written. A process, so an IT.
 */
class ComposeConfigIT {

    @Test
    void docker_compose_config_accepts_the_file_and_keeps_its_images_and_loopback_ports() throws Exception {
        Result config = dockerCompose(ComposeFile.PATH, "config");

        assertThat(config.exitCode()).as("docker-compose config: %s", config.output()).isZero();
        System.out.print(config.output());
        JsonNode normalized = new YAMLMapper().readTree(config.output());
        ComposeFile written = ComposeFile.read();
        List<String> ports = new ArrayList<>();
        for (String service : written.serviceNames()) {
            JsonNode resolved = normalized.path("services").path(service);
            assertThat(resolved.path("image").asText()).as(service)
                    .isEqualTo(written.service(service).path("image").asText());
            resolved.path("ports").forEach(port -> ports.add(service + " " + port.asText()));
        }
        assertThat(normalized.path("services").size()).isEqualTo(written.serviceNames().size());
        assertThat(ports).hasSize(5).allSatisfy(port -> assertThat(port).contains(" 127.0.0.1:"));
        assertThat(normalized.path("services").path("metasync").path("build").path("context").asText())
                .isEqualTo(Path.of("").toAbsolutePath().toString());
    }

    /** The check can fail: a misspelled key is refused with its name, as Compose's schema forbids it. */
    @Test
    void docker_compose_config_refuses_a_misspelled_key(@TempDir Path dir) throws Exception {
        String text = Files.readString(ComposeFile.PATH);
        assertThat(text).contains("\n    healthcheck:\n");
        Path broken = dir.resolve("docker-compose.yml");
        Files.writeString(broken, text.replaceFirst("\n    healthcheck:\n", "\n    healthchek:\n"));

        Result config = dockerCompose(broken, "config", "-q");

        assertThat(config.exitCode()).as(config.output()).isNotZero();
        assertThat(config.output()).contains("healthchek");
    }

    private record Result(int exitCode, String output) {}

    private static Result dockerCompose(Path file, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("docker-compose", "--file", file.toString()));
        command.addAll(List.of(arguments));
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("docker-compose (package docker-compose) is missing: run ./dev install", e);
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("docker-compose ended").isTrue();
        return new Result(process.exitValue(), output);
    }
}
