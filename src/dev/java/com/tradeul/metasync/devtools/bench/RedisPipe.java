package com.tradeul.metasync.devtools.bench;

import com.tradeul.metasync.devtools.local.LocalPostgres;
import com.tradeul.metasync.devtools.local.LocalRedis;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The baselines' batch copies, without CDC: {@code psql -At} running a query that produces Redis
 * protocol, piped into {@code redis-cli --pipe}; or {@code redis-cli --pipe} reading such a file.
 * Blocks until redis-cli has every reply. Not thread safe.
 */
final class RedisPipe {

    private static final String FIX = "apt-get install -y postgresql redis-tools (or run ./dev install)";
    private static final long TIMEOUT_MINUTES = 30;

    private final Path psql = onPath("psql");
    private final Path redisCli = onPath("redis-cli");
    private final LocalPostgres postgres;
    private final LocalRedis redis;
    private final Path workDir;

    RedisPipe(LocalPostgres postgres, LocalRedis redis, Path workDir) {
        this.postgres = postgres;
        this.redis = redis;
        this.workDir = workDir;
    }

    /** {@code psql -At -c query | redis-cli -n db --pipe}. */
    RedisPipeReply fromQuery(String query, int db) throws IOException, InterruptedException {
        Path out = Files.createTempFile(workDir, "redis-cli-", ".out");
        Path psqlErr = Files.createTempFile(workDir, "psql-", ".err");
        List<Process> processes = ProcessBuilder.startPipeline(List.of(
                psqlCommand(query).redirectError(psqlErr.toFile()),
                redisCliCommand(db).redirectErrorStream(true).redirectOutput(out.toFile())));
        await(processes.get(0), "psql", psqlErr);
        await(processes.get(1), "redis-cli --pipe", out);
        return RedisPipeReply.parse(Files.readString(out, StandardCharsets.UTF_8));
    }

    /** Writes what {@code psql -At -c query} prints to {@code file}. */
    void queryToFile(String query, Path file) throws IOException, InterruptedException {
        Path psqlErr = Files.createTempFile(workDir, "psql-", ".err");
        Process p = psqlCommand(query).redirectOutput(file.toFile()).redirectError(psqlErr.toFile()).start();
        await(p, "psql", psqlErr);
    }

    /** {@code redis-cli -n db --pipe < file}. */
    RedisPipeReply fromFile(Path file, int db) throws IOException, InterruptedException {
        Path out = Files.createTempFile(workDir, "redis-cli-", ".out");
        Process p = redisCliCommand(db).redirectInput(file.toFile()).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        await(p, "redis-cli --pipe", out);
        return RedisPipeReply.parse(Files.readString(out, StandardCharsets.UTF_8));
    }

    private ProcessBuilder psqlCommand(String query) {
        ProcessBuilder pb = new ProcessBuilder(psql.toString(), "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1",
                "-h", postgres.host(), "-p", Integer.toString(postgres.port()), "-U", postgres.user(), "-d", "postgres",
                "-c", query).directory(workDir.toFile());
        pb.environment().put("PGPASSWORD", postgres.password());
        return pb;
    }

    private ProcessBuilder redisCliCommand(int db) {
        return new ProcessBuilder(redisCli.toString(), "-h", redis.host(), "-p", Integer.toString(redis.port()),
                "-n", Integer.toString(db), "--pipe").directory(workDir.toFile());
    }

    private static void await(Process p, String what, Path output) throws IOException, InterruptedException {
        if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException(what + " did not finish within " + TIMEOUT_MINUTES + " minutes");
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException(what + " exited with " + p.exitValue() + ": " + Files.readString(output).strip());
        }
    }

    private static Path onPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(name + " not found on PATH; the bench's baselines need it. Fix: " + FIX);
    }
}
