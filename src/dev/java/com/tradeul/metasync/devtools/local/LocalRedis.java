package com.tradeul.metasync.devtools.local;

import com.tradeul.metasync.embedded.FreePorts;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@code redis-server} child process on 127.0.0.1 with its AOF under a given directory, so data
 * survives {@link #stop()}/{@link #start()}. Runs in the foreground, never daemonized, so that it is
 * this JVM's child and is destroyed at close or JVM exit. Methods are synchronized, so it is thread-safe.
 */
public final class LocalRedis implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalRedis.class);
    private static final String HOST = "127.0.0.1";
    private static final String FIX = "apt-get install -y redis-server (or run ./dev install)";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);
    private static final int SOCKET_TIMEOUT_MS = 2_000;

    private final Path dir;
    private final Path executable;
    private final int port;
    private final List<String> extraArgs;
    private final Thread shutdownHook = new Thread(this::destroyQuietly, "local-redis-shutdown");
    private volatile Process process;
    private boolean closed;

    private LocalRedis(Path dir, Path executable, int port, List<String> extraArgs) {
        this.dir = dir;
        this.executable = executable;
        this.port = port;
        this.extraArgs = List.copyOf(extraArgs);
    }

    /** Settings with defaults: {@code redis-server} from PATH, a free port, no extra arguments. */
    public static Builder builder(Path dir) {
        return new Builder(dir);
    }

    /** Starts the server and waits until it answers PING. */
    public synchronized LocalRedis start() {
        if (closed) {
            throw new IllegalStateException("LocalRedis in " + dir + " is closed; build a new one.");
        }
        if (process != null && process.isAlive()) {
            return this;
        }
        long began = System.nanoTime();
        process = launch();
        ShutdownHooks.add(shutdownHook);
        awaitPong();
        LOG.info("Redis started on {}:{} in {} ms (dir {})", HOST, port, (System.nanoTime() - began) / 1_000_000, dir);
        return this;
    }

    /** Shuts the server down; the AOF is flushed, so a later {@link #start()} sees the same data. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        try {
            send("SHUTDOWN NOSAVE");
        } catch (IOException e) {
            LOG.debug("SHUTDOWN on port {} failed ({}); terminating the process instead", port, e.getMessage());
        }
        awaitExit();
        process = null;
        ShutdownHooks.remove(shutdownHook);
        LOG.info("Redis on port {} stopped", port);
    }

    /** Stops and starts again on the same port and directory. */
    public synchronized void restart() {
        stop();
        start();
    }

    @Override
    public synchronized void close() {
        stop();
        closed = true;
    }

    public String host() {
        return HOST;
    }

    public int port() {
        return port;
    }

    public String uri() {
        return "redis://" + HOST + ":" + port;
    }

    public Path dir() {
        return dir;
    }

    private Process launch() {
        List<String> command = new ArrayList<>(List.of(executable.toString(), "--port", String.valueOf(port),
                "--bind", HOST, "--dir", dir.toString(), "--appendonly", "yes", "--daemonize", "no",
                "--save", "", "--logfile", dir.resolve("redis.log").toString()));
        command.addAll(extraArgs);
        try {
            Files.createDirectories(dir);
            // Errors in arguments are printed before the log file is opened, so keep stdout too.
            return new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(stdoutFile().toFile())).start();
        } catch (IOException e) {
            throw new IllegalStateException("Could not start " + executable + ": " + e.getMessage() + ". Fix: " + FIX, e);
        }
    }

    private void awaitPong() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw startFailure("exited with " + process.exitValue());
            }
            try {
                if (send("PING").startsWith("+PONG")) {
                    return;
                }
            } catch (IOException e) {
                // Not listening yet.
            }
            sleep(50);
        }
        destroyQuietly();
        throw startFailure("did not answer PING within " + START_TIMEOUT.toSeconds() + " s");
    }

    private IllegalStateException startFailure(String why) {
        process = null;
        ShutdownHooks.remove(shutdownHook);
        return new IllegalStateException("redis-server on port " + port + " " + why + ". Output:\n"
                + Commands.tailOf(stdoutFile()) + "\nLog " + dir.resolve("redis.log") + ":\n"
                + Commands.tailOf(dir.resolve("redis.log")));
    }

    /** Sends one inline command and returns the first reply line ("" if the server closed the connection). */
    private String send(String command) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, port), SOCKET_TIMEOUT_MS);
            socket.setSoTimeout(SOCKET_TIMEOUT_MS);
            OutputStream out = socket.getOutputStream();
            out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String line = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            return line == null ? "" : line;
        }
    }

    private void awaitExit() {
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("Redis on port {} did not exit within {} s; killing it", port, STOP_TIMEOUT.toSeconds());
                process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** SIGTERM makes Redis flush the AOF and exit, so this is a clean stop, not a crash. */
    private void destroyQuietly() {
        Process current = process;
        if (current != null && current.isAlive()) {
            current.destroy();
            try {
                current.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }


    private Path stdoutFile() {
        return dir.resolve("redis.out");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for Redis to start", e);
        }
    }

    /** Not thread-safe; build once, then share the started {@link LocalRedis}. */
    public static final class Builder {
        private final Path dir;
        private Path executable;
        private int port;
        private final List<String> extraArgs = new ArrayList<>();

        private Builder(Path dir) {
            this.dir = Objects.requireNonNull(dir, "dir").toAbsolutePath();
        }

        /** Default: {@code redis-server} found on the PATH. */
        public Builder executable(Path executable) {
            this.executable = executable;
            return this;
        }

        /** Default 0: a free port. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Extra command-line settings, e.g. {@code List.of("--maxmemory-policy", "allkeys-lru")}; they win over the defaults. */
        public Builder extraArgs(List<String> args) {
            extraArgs.addAll(args);
            return this;
        }

        /** A stopped server; call {@link LocalRedis#start()}. */
        public LocalRedis build() {
            Path exe = executable != null ? Commands.requireExecutable(executable, FIX)
                    : Commands.onPath("redis-server", FIX);
            return new LocalRedis(dir, exe, FreePorts.pickOrCheck(port), extraArgs);
        }

        /** Shorthand for {@code build().start()}. */
        public LocalRedis start() {
            return build().start();
        }
    }
}
