package com.tradeul.metasync.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.tradeul.metasync.config.ConfigLoader;
import com.tradeul.metasync.config.MetasyncConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Dockerfile's essentials, read as Docker reads it (instructions, line continuations,
 * comments): no image can be built on the machines this project is developed on (no container
 * engine), and no maintained Dockerfile linter is packaged for them, so these are the checks.
 */
class DockerfileTest {

    private static final Path DOCKERFILE = Path.of("Dockerfile");
    /** Temurin's exact JRE 17 build (17.0.20_8), an optional OS suffix, an optional digest. */
    private static final Pattern BASE = Pattern.compile(
            "eclipse-temurin:17\\.0\\.\\d+_\\d+-jre(-[a-z0-9.-]+)?(@sha256:[0-9a-f]{64})?");

    /** One instruction: its keyword in upper case and its arguments, continuations joined. */
    record Instruction(String keyword, String arguments) {}

    private static List<Instruction> instructions;

    @BeforeAll
    static void readDockerfile() throws IOException {
        instructions = parse(Files.readAllLines(DOCKERFILE));
        assertThat(instructions).isNotEmpty();
    }

    @Test
    void base_image_is_a_java_17_runtime_pinned_to_its_exact_build() {
        List<String> from = arguments("FROM");

        assertThat(from).as("one stage").hasSize(1);
        assertThat(from.get(0)).matches(BASE);
        assertThat(instructions.get(0).keyword()).isEqualTo("FROM");
    }

    @Test
    void runs_as_a_user_that_is_not_root() {
        List<String> users = arguments("USER");

        assertThat(users).isNotEmpty();
        String user = users.get(users.size() - 1).split(":")[0];
        assertThat(user).isNotIn("root", "0").matches("[1-9]\\d*");
        assertThat(indexOf("USER")).as("USER before the process starts").isLessThan(indexOf("ENTRYPOINT"));
        assertThat(String.join(" ", arguments("RUN"))).contains("--uid " + user);
    }

    @Test
    void copies_only_the_service_jar_and_its_lib_which_is_all_the_build_context_holds() throws IOException {
        List<String> sources = new ArrayList<>();
        for (Instruction i : instructions) {
            assertThat(i.keyword()).as("ADD fetches URLs and unpacks archives; COPY only copies").isNotEqualTo("ADD");
            if (i.keyword().equals("COPY")) {
                assertThat(i.arguments()).as("no copy from another stage or image").doesNotContain("--from");
                String[] words = i.arguments().trim().split("\\s+");
                sources.addAll(List.of(words).subList(0, words.length - 1));
            }
        }
        assertThat(sources).containsExactlyInAnyOrder("target/metasync.jar", "target/lib/");
        assertThat(String.join(" ", arguments("COPY"))).doesNotContain("devtools");

        List<String> ignore = Files.readAllLines(Path.of(".dockerignore")).stream()
                .map(String::trim).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
        assertThat(ignore.get(0)).as(".dockerignore leaves everything out first").isEqualTo("*");
        assertThat(ignore.subList(1, ignore.size())).containsExactlyInAnyOrder("!target/metasync.jar", "!target/lib");
    }

    @Test
    void entrypoint_runs_the_service_jar_with_a_bounded_heap_and_cmd_is_run() throws IOException {
        List<String> entrypoint = execForm("ENTRYPOINT");

        assertThat(entrypoint.get(0)).isEqualTo("java");
        assertThat(entrypoint.subList(entrypoint.size() - 2, entrypoint.size())).containsExactly("-jar", "/app/metasync.jar");
        assertThat(entrypoint).contains("-Xmx512m");
        assertThat(execForm("CMD")).containsExactly("run");
        // The jar finds its dependencies through its manifest, as lib/*.jar beside it: /app/lib.
        assertThat(Files.readString(Path.of("pom.xml"))).contains("<classpathPrefix>lib/</classpathPrefix>");
    }

    @Test
    void health_check_asks_health_on_the_port_metasync_listens_on() throws IOException {
        MetasyncConfig defaults = ConfigLoader.load(Optional.empty(), Map.of(), Map.of());
        List<String> healthcheck = arguments("HEALTHCHECK");

        assertThat(healthcheck).hasSize(1);
        Matcher cmd = Pattern.compile("CMD\\s+(\\[.*])$").matcher(healthcheck.get(0));
        assertThat(cmd.find()).as("exec form: no shell needed").isTrue();
        List<String> test = List.of(new ObjectMapper().readValue(cmd.group(1), String[].class));
        assertThat(test).contains("http://127.0.0.1:" + defaults.monitor().port() + "/health");
        // 503 (DOWN) must fail the check: curl exits 0 on any answer without --fail.
        if (test.get(0).equals("curl")) {
            assertThat(test).containsAnyOf("--fail", "--fail-with-body", "-f");
            assertThat(String.join(" ", arguments("RUN"))).as("the build checks curl exists").contains("command -v curl");
        }
        assertThat(arguments("EXPOSE")).containsExactly(Integer.toString(defaults.monitor().port()));
    }

    /** The image's settings are ones metasync accepts, and the data directory is the volume. */
    @Test
    void monitor_listens_on_every_interface_of_the_container_and_data_dir_is_a_volume() throws IOException {
        Map<String, String> environment = new LinkedHashMap<>();
        for (String env : arguments("ENV")) {
            for (String pair : env.trim().split("\\s+")) {
                String[] nameAndValue = pair.split("=", 2);
                environment.put(nameAndValue[0], nameAndValue[1]);
            }
        }
        MetasyncConfig config = ConfigLoader.load(Optional.empty(), environment, Map.of());

        assertThat(config.monitor().bind()).isEqualTo("0.0.0.0");
        assertThat(config.dataDir()).isEqualTo(Path.of("/var/lib/metasync"));
        assertThat(execForm("VOLUME")).containsExactly(config.dataDir().toString());
    }

    private static List<String> execForm(String keyword) throws IOException {
        List<String> values = arguments(keyword);
        assertThat(values).as(keyword).hasSize(1);
        assertThat(values.get(0).trim()).as("%s in exec form (a JSON array: no shell, signals reach java)", keyword).startsWith("[");
        return List.of(new ObjectMapper().readValue(values.get(0), String[].class));
    }

    private static List<String> arguments(String keyword) {
        return instructions.stream().filter(i -> i.keyword().equals(keyword)).map(Instruction::arguments).toList();
    }

    private static int indexOf(String keyword) {
        for (int i = 0; i < instructions.size(); i++) {
            if (instructions.get(i).keyword().equals(keyword)) {
                return i;
            }
        }
        throw new AssertionError("no " + keyword + " in " + DOCKERFILE);
    }

    /** Comment lines are dropped (also inside a continued instruction, as Docker does); a trailing \ continues. */
    static List<Instruction> parse(List<String> lines) {
        List<Instruction> parsed = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : lines) {
            String trimmed = line.trim();
            if (trimmed.startsWith("#") || (trimmed.isEmpty() && current.length() == 0)) {
                continue;
            }
            boolean continued = trimmed.endsWith("\\");
            current.append(continued ? trimmed.substring(0, trimmed.length() - 1) : trimmed).append(' ');
            if (!continued) {
                String[] keywordAndRest = current.toString().trim().split("\\s+", 2);
                parsed.add(new Instruction(keywordAndRest[0].toUpperCase(), keywordAndRest.length == 2 ? keywordAndRest[1] : ""));
                current.setLength(0);
            }
        }
        return parsed;
    }
}
