package com.tradeul.metasync.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradeul.metasync.config.MetasyncConfig;
import com.tradeul.metasync.config.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs metasync commands as a deployment would against a secured Kafka: every secret setting through
 * its {@code METASYNC_*} environment variable, everything else with {@code --set}; and checks what
 * they print.
 */
final class SecretSafeCli {

    private SecretSafeCli() {}

    /** {@code metasync <command>} in this JVM with every setting of {@code config}, then {@code extra}. */
    static CliRunner.Outcome run(String command, MetasyncConfig config, String... extra) {
        Map<String, String> environment = new LinkedHashMap<>();
        List<String> args = arguments(command, config, environment);
        args.addAll(List.of(extra));
        return shown(command, CliRunner.run(environment, args));
    }

    /** The same with the packaged {@code target/metasync.jar} in a JVM of its own: its logging, stdout and stderr. */
    static CliRunner.Outcome runPackaged(String command, MetasyncConfig config) throws Exception {
        Map<String, String> environment = new LinkedHashMap<>();
        List<String> args = arguments(command, config, environment);
        List<String> java = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", "target/metasync.jar"));
        java.addAll(args);
        Path out = Files.createTempFile("metasync-", ".out");
        Path err = Files.createTempFile("metasync-", ".err");
        ProcessBuilder builder = new ProcessBuilder(java).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("metasync " + command + " did not exit within 120 s:\n" + Files.readString(err));
        }
        CliRunner.Outcome outcome = new CliRunner.Outcome(process.exitValue(), Files.readString(out), Files.readString(err));
        Files.delete(out);
        Files.delete(err);
        return shown("(packaged) " + command, outcome);
    }

    /** Secrets into {@code environment} as their METASYNC_* variables, the rest as {@code --set}. */
    private static List<String> arguments(String command, MetasyncConfig config, Map<String, String> environment) {
        List<String> args = new ArrayList<>(List.of(command));
        config.raw().forEach((name, value) -> {
            if (Settings.isSecret(name)) {
                environment.put(Settings.environmentVariable(name), value);
            } else {
                args.addAll(List.of("--set", name + "=" + value));
            }
        });
        return args;
    }

    private static CliRunner.Outcome shown(String command, CliRunner.Outcome outcome) {
        System.out.print("metasync " + command + " -> " + outcome.exitCode() + "\n" + outcome.out() + outcome.err());
        return outcome;
    }

    /** The check lines of doctor's Kafka section (without the area's title). */
    static List<String> kafkaChecks(String doctorOutput) {
        List<String> lines = new ArrayList<>();
        boolean inKafka = false;
        for (String line : doctorOutput.split("\n")) {
            if (!line.startsWith(" ")) {
                inKafka = line.equals("Kafka");
            } else if (inKafka) {
                lines.add(line);
            }
        }
        return lines;
    }

    /** The command exited with {@code exitCode}, and what it printed to stderr is exactly one line, naming the setting and its fix. */
    static void assertOneLineNaming(CliRunner.Outcome outcome, int exitCode, String setting) {
        assertThat(outcome.exitCode()).as(outcome.err()).isEqualTo(exitCode);
        assertThat(outcome.err().strip().lines()).as(outcome.err()).hasSize(1);
        assertThat(outcome.err()).startsWith("metasync: ").contains(setting).contains(" Fix: ");
    }
}
