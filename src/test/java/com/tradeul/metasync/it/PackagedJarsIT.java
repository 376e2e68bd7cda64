package com.tradeul.metasync.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The jars {@code mvn package} leaves, as a user runs them: the service jar holds the service (and
 * its embedded broker) but no dev tooling; the devtools jar adds demo and bench on top of it.
 */
class PackagedJarsIT {

    private static final Path SERVICE = Path.of("target", "metasync.jar");
    private static final Path DEVTOOLS = Path.of("target", "metasync-devtools.jar");

    @Test
    void service_jar_holds_the_service_and_its_embedded_broker_but_no_dev_tooling() throws IOException {
        List<String> classes = classesIn(SERVICE);

        assertThat(classes).contains("com/tradeul/metasync/cli/Main.class", "com/tradeul/metasync/embedded/EmbeddedKafkaBroker.class",
                "com/tradeul/metasync/capture/ExactTypesConverter.class");
        assertThat(classes).noneMatch(c -> c.startsWith("com/tradeul/metasync/devtools/"))
                .noneMatch(c -> c.contains("/bench/") || c.contains("LocalPostgres") || c.contains("LocalRedis") || c.contains("Demo"));
        assertThat(classesIn(DEVTOOLS)).isNotEmpty().allMatch(c -> c.startsWith("com/tradeul/metasync/devtools/"));
    }

    @Test
    void service_help_lists_the_service_commands_and_devtools_adds_demo_and_bench() throws Exception {
        String service = run(SERVICE, "--help");
        assertThat(service).contains("run ", "verify ", "replay ", "guard ", "lag ", "doctor ").doesNotContain("bench ", "demo ");

        String devtools = run(DEVTOOLS, "--help");
        assertThat(devtools).contains("run ", "doctor ", "bench ", "demo ");
        assertThat(run(DEVTOOLS, "demo", "--help")).contains("Usage: metasync demo");
    }

    private static List<String> classesIn(Path jar) throws IOException {
        assertThat(jar).as("packaged by mvn package, which runs before the ITs").exists();
        try (JarFile file = new JarFile(jar.toFile())) {
            List<String> classes = new ArrayList<>();
            for (JarEntry entry : Collections.list(file.entries())) {
                if (entry.getName().endsWith(".class")) {
                    classes.add(entry.getName());
                }
            }
            return classes;
        }
    }

    /** Runs {@code java -jar <jar> <args>} and returns its output, asserting it exits 0. */
    private static String run(Path jar, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }
}
