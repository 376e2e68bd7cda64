package com.tradeul.metasync.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * docker-compose.yml as the Compose tools read it, in either of the syntaxes they accept for each
 * field (a list or one string, a mapping or NAME=value items). Read once per test class; not
 * thread safe (tests in a class run one at a time).
 */
final class ComposeFile {

    static final Path PATH = Path.of("docker-compose.yml");

    private final JsonNode root;

    private ComposeFile(JsonNode root) {
        this.root = root;
    }

    static ComposeFile read() {
        try {
            JsonNode root = new YAMLMapper().readTree(PATH.toFile());
            assertThat(root.path("services").isObject()).as("%s has a services: mapping", PATH.toAbsolutePath()).isTrue();
            return new ComposeFile(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    JsonNode root() {
        return root;
    }

    JsonNode service(String name) {
        JsonNode service = root.path("services").path(name);
        assertThat(service.isObject()).as("service %s in %s", name, PATH).isTrue();
        return service;
    }

    List<String> serviceNames() {
        List<String> names = new ArrayList<>();
        root.path("services").fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** The command's words, whether written as a list or as one string. */
    List<String> command(String service) {
        return words(service(service).path("command"), service + " command");
    }

    /** A healthcheck's test, or an empty list when the service has none. */
    List<String> healthcheckTest(String service) {
        JsonNode test = service(service).path("healthcheck").path("test");
        return test.isMissingNode() ? List.of() : words(test, service + " healthcheck test");
    }

    /** The service's variables, whether written as a mapping or as a list of NAME=value. */
    Map<String, String> environment(String service) {
        JsonNode environment = service(service).path("environment");
        Map<String, String> variables = new LinkedHashMap<>();
        if (environment.isObject()) {
            environment.properties().forEach(e -> variables.put(e.getKey(), e.getValue().asText()));
        } else if (environment.isArray()) {
            environment.forEach(item -> {
                String[] nameAndValue = item.asText().split("=", 2);
                variables.put(nameAndValue[0], nameAndValue.length == 2 ? nameAndValue[1] : "");
            });
        }
        return variables;
    }

    /** The names of the secrets the service mounts (short syntax, or the long syntax's source). */
    List<String> secrets(String service) {
        List<String> names = new ArrayList<>();
        service(service).path("secrets").forEach(s -> names.add(s.isTextual() ? s.asText() : s.path("source").asText()));
        return names;
    }

    /** Each published port as [host address, host port, container port]; a missing address is "". */
    List<List<String>> publishedPorts(String service) {
        List<List<String>> ports = new ArrayList<>();
        for (JsonNode port : service(service).path("ports")) {
            if (port.isObject()) {
                ports.add(List.of(port.path("host_ip").asText(""), port.path("published").asText(""), port.path("target").asText()));
                continue;
            }
            String[] parts = port.asText().split(":");
            ports.add(switch (parts.length) {
                case 1 -> List.of("", "", parts[0]);
                case 2 -> List.of("", parts[0], parts[1]);
                default -> List.of(String.join(":", List.of(parts).subList(0, parts.length - 2)),
                        parts[parts.length - 2], parts[parts.length - 1]);
            });
        }
        return ports;
    }

    private static List<String> words(JsonNode node, String what) {
        assertThat(node.isArray() || node.isTextual()).as("%s is a list or a string", what).isTrue();
        if (node.isTextual()) {
            return List.of(node.asText().trim().split("\\s+"));
        }
        List<String> words = new ArrayList<>();
        node.forEach(word -> words.add(word.asText()));
        return words;
    }
}
