package com.tradeul.metasync.it;

import com.tradeul.metasync.config.MetasyncConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged {@code metasync run} in a JVM of its own, as an operator starts it, with every byte
 * it prints (logs included) kept in a file. Closing sends SIGTERM and waits for the exit.
 */
final class MetasyncProcess implements AutoCloseable {

    private final Process process;
    private final Path log;

    private MetasyncProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Every setting {@code config} was given as --set, and {@code environment} added to this JVM's. */
    static MetasyncProcess run(MetasyncConfig config, Map<String, String> environment, Path log) throws IOException {
        return run(config, environment, log, List.of());
    }

    /** The same with {@code runOptions} after {@code run}, e.g. {@code --only apply}. */
    static MetasyncProcess run(MetasyncConfig config, Map<String, String> environment, Path log, List<String> runOptions)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", "target/metasync.jar", "run"));
        command.addAll(runOptions);
        command.addAll(CliRunner.givenSettings(config));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        return new MetasyncProcess(builder.start(), log);
    }

    /** What it printed so far. */
    String output() throws IOException {
        return Files.readString(log);
    }

    boolean alive() {
        return process.isAlive();
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed or closed. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("metasync did not die within 30 s of SIGKILL");
        }
    }

    /** Sends a signal by name (STOP, CONT) to this process alone, by its pid. */
    void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IOException("kill -" + name + " " + process.pid() + " failed");
        }
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }
}
