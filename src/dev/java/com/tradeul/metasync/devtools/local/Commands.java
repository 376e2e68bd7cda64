package com.tradeul.metasync.devtools.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs short-lived helper commands (initdb, pg_ctl, chown) for the local services. Stateless. */
final class Commands {

    private static final int TAIL_LINES = 20;

    private Commands() {
    }

    /**
     * Runs {@code command} in {@code workDir} and returns its combined output.
     *
     * <p>Output goes to a file rather than a pipe because {@code pg_ctl start} leaves a server behind
     * that could keep a pipe open, and reading it to the end would then never return.
     *
     * @throws IllegalStateException if the command fails or outlives {@code timeout}, with its output
     */
    static String run(Path workDir, Duration timeout, List<String> command) {
        Path output = null;
        try {
            output = Files.createTempFile("metasync-cmd", ".out");
            Process process = new ProcessBuilder(command).directory(workDir.toFile())
                    .redirectErrorStream(true).redirectOutput(output.toFile()).start();
            boolean exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!exited) {
                process.destroyForcibly();
            }
            String text = new String(Files.readAllBytes(output), StandardCharsets.UTF_8);
            if (!exited || process.exitValue() != 0) {
                String why = exited ? "exited with " + process.exitValue() : "timed out after " + timeout;
                throw new IllegalStateException(String.join(" ", command) + " " + why + ":\n" + tail(text));
            }
            return text;
        } catch (IOException e) {
            throw new IllegalStateException("Could not run " + command.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + command.get(0), e);
        } finally {
            deleteQuietly(output);
        }
    }

    /** Returns {@code file} if it is an executable file, else fails with {@code fix} as the advice. */
    static Path requireExecutable(Path file, String fix) {
        if (!Files.isExecutable(file) || Files.isDirectory(file)) {
            throw new IllegalStateException(file + " not found or not executable. Fix: " + fix);
        }
        return file;
    }

    /** Finds {@code name} on the PATH, else fails with {@code fix} as the advice. */
    static Path onPath(String name, String fix) {
        String path = System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        for (String entry : path.split(":")) {
            Path candidate = Path.of(entry.isEmpty() ? "." : entry, name);
            if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(name + " not found on PATH. Fix: " + fix);
    }

    /** The last lines of a log file, or a note saying it could not be read; for error messages. */
    static String tailOf(Path file) {
        try {
            return Files.exists(file) ? tail(new String(Files.readAllBytes(file), StandardCharsets.UTF_8)) : "(no " + file + ")";
        } catch (IOException e) {
            return "(could not read " + file + ": " + e.getMessage() + ")";
        }
    }

    static String tail(String text) {
        List<String> lines = text.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
    }

    private static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // A leftover temp file is harmless; the command's own result matters more.
        }
    }
}
