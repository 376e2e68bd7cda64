package com.tradeul.metasync.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.tradeul.metasync.config.MetasyncConfig;
import com.tradeul.metasync.devtools.demo.SampleTickers;
import com.tradeul.metasync.verify.KeyCounter;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged {@code metasync run} as an operator runs it: a separate JVM, stopped with SIGTERM,
 * started again. It must stop cleanly and resume without a new snapshot, losing nothing changed
 * while it was down.
 */
class RunProcessIT {

    private static TestServices services;
    private static RedisSession redis;

    @BeforeAll
    static void start() {
        services = TestServices.get();
        redis = new RedisSession(services.redis.uri());
    }

    @AfterAll
    static void stop() {
        redis.close();
    }

    private static RedisCommands<String, String> redis() {
        return redis.sync();
    }

    private static Process startRun(MetasyncConfig config, Path log) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", "target/metasync.jar", "run"));
        config.raw().forEach((k, v) -> command.addAll(List.of("--set", k + "=" + v)));
        command.addAll(List.of("--progress-every", "1"));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    @Test
    void sigterm_stops_cleanly_and_a_restart_resumes_without_snapshot_or_loss() throws Exception {
        assertThat(new File("target/metasync.jar")).as("packaged jar (mvn package runs before the ITs)").exists();
        String table = services.uniqueName("process");
        try (Connection c = services.postgres.connect()) {
            SampleTickers.load(c, table, 300);
        }
        String prefix = TestServices.keyPrefix(table);
        MetasyncConfig config = services.isolated(table, Map.of());
        Path firstLog = Files.createTempFile(services.root, "run-1-", ".log");

        Process first = startRun(config, firstLog);
        await().atMost(Duration.ofSeconds(120)).until(() -> KeyCounter.count(redis(), prefix + "*") == 300);
        first.destroy(); // SIGTERM
        assertThat(first.waitFor(60, TimeUnit.SECONDS)).as("exits within 60 s of SIGTERM").isTrue();
        String firstOutput = Files.readString(firstLog);
        assertThat(first.exitValue()).as(firstOutput).isEqualTo(143); // 128 + SIGTERM: stopped on request
        assertThat(firstOutput).contains("apply stopped").contains("capture stopped").doesNotContain("Exception");

        try (Connection c = services.postgres.connect(); Statement s = c.createStatement()) {
            s.execute("UPDATE " + table + " SET name = 'changed while down' WHERE symbol = 'T00003'");
            s.execute("DELETE FROM " + table + " WHERE symbol = 'T00004'");
        }
        Path secondLog = Files.createTempFile(services.root, "run-2-", ".log");
        Process second = startRun(config, secondLog);
        try {
            await().atMost(Duration.ofSeconds(120)).until(() -> redis().get(prefix + "T00004") == null
                    && String.valueOf(redis().get(prefix + "T00003")).contains("changed while down"));
            // The second run applied only the 2 changes and the tombstone: no second snapshot.
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(secondLog).contains("applied 3 changes"));
        } finally {
            second.destroy();
            second.waitFor(60, TimeUnit.SECONDS);
        }
        assertThat(Files.readString(secondLog)).doesNotContain("applied 30").contains("apply stopped");
        assertThat(KeyCounter.count(redis(), prefix + "*")).isEqualTo(299);
    }
}
