package com.tradeul.metasync.devtools.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
    static final String FIX = "apt-get install -y redis-server (or run ./dev install)";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

    private final Path dir;
    private final int port;
    private final RedisServerCommand server;
    private final LocalRedisTls tls;
    private final LocalRedisAcl acl;
    private final RedisControl control;
    private final Thread shutdownHook = new Thread(this::destroyQuietly, "local-redis-shutdown");
    private volatile Process process;
    private boolean closed;

    LocalRedis(RedisServerCommand server) {
        this.dir = server.dir();
        this.port = server.port();
        this.tls = server.tls();
        this.acl = server.acl();
        this.server = server;
        this.control = new RedisControl(HOST, port, tls, acl);
    }

    /** Settings with defaults: {@code redis-server} from PATH, a free port, no extra arguments. */
    public static LocalRedisBuilder builder(Path dir) {
        return new LocalRedisBuilder(dir);
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
            control.send("SHUTDOWN NOSAVE");
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

    /** {@code redis://} or, with TLS, {@code rediss://}; without credentials (they are ACL users' of {@link #acl()}). */
    public String uri() {
        return (tls == null ? "redis://" : "rediss://") + HOST + ":" + port;
    }

    /** The TLS set-up, or null when Redis listens in the clear. */
    public LocalRedisTls tls() {
        return tls;
    }

    /** The ACL users, or null when only the password-less default user exists. */
    public LocalRedisAcl acl() {
        return acl;
    }

    /** Sends one inline command as the launcher does (as the ACL admin, over TLS) and returns the first reply line. */
    public String command(String command) throws IOException {
        return control.send(command);
    }

    public Path dir() {
        return dir;
    }

    private Process launch() {
        List<String> command = server.command();
        try {
            Files.createDirectories(dir);
            // Errors in arguments are printed before the log file is opened, so keep stdout too.
            return new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(stdoutFile().toFile())).start();
        } catch (IOException e) {
            throw new IllegalStateException("Could not start " + command.get(0) + ": " + e.getMessage() + ". Fix: " + FIX, e);
        }
    }

    private void awaitPong() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw startFailure("exited with " + process.exitValue());
            }
            try {
                if (control.send("PING").startsWith("+PONG")) {
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
}
