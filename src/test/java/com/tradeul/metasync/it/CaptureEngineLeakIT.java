package com.tradeul.metasync.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.tradeul.metasync.Pipeline;
import com.tradeul.metasync.capture.CaptureEngine;
import com.tradeul.metasync.capture.ChangeTopics;
import com.tradeul.metasync.capture.PostgresPreflight;
import com.tradeul.metasync.capture.SnapshotProgress;
import com.tradeul.metasync.clients.KafkaClients;
import com.tradeul.metasync.clients.PostgresConnections;
import com.tradeul.metasync.config.MetasyncConfig;
import com.tradeul.metasync.devtools.demo.SampleTickers;
import java.lang.ref.WeakReference;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Capture engines closed in a long-lived JVM leave nothing behind: no thread of theirs (Debezium's
 * offset store admin, Kafka clients, Debezium's own workers) and no reachable engine. One
 * {@code metasync run} restarts its engine at every fresh snapshot, and the integration tests run
 * dozens of pipelines in one JVM: whatever an engine leaks, they pile up.
 */
class CaptureEngineLeakIT {

    private static final int ROWS = 20;
    /** Enough that a snapshot takes a while to read: a close finds it half done. */
    private static final int SNAPSHOT_ROWS = 100_000;
    private static final Duration WAIT = Duration.ofSeconds(90);
    /** Threads that an engine, its Kafka clients or Debezium's connector start: none may outlive the engine. */
    private static final List<String> ENGINE_THREADS = List.of("debezium-servershared-admin", "kafka-admin-client-thread",
            "kafka-producer-network-thread", "KafkaBasedLog", "debezium-postgresconnector", "metasync-capture", "pool-");

    private static TestServices services;

    @BeforeAll
    static void start() {
        services = TestServices.get();
    }

    @Test
    void pipelines_closed_after_their_snapshot_leave_no_engine_thread_behind() throws Exception {
        Map<String, Long> before = engineThreads();
        for (int run = 0; run < 3; run++) {
            try (Pipeline pipeline = captureOnly(table())) {
                await().atMost(WAIT).until(() -> pipeline.captured() >= ROWS);
            }
        }
        // Closed during the snapshot: the next test.
        await().atMost(WAIT).untilAsserted(() -> assertThat(engineThreads()).as("engine threads left").isEqualTo(before));
    }

    /**
     * A pipeline closed while its snapshot is being read, with each snapshot reader. Once (CI,
     * 2026-12-01, 67ce978, Debezium's reader) the capture thread stayed in Debezium's engine for over
     * two minutes after such a close; EngineRun now interrupts a run that has not ended 10 s after an
     * accepted close, and this has held since (8 closes, 0.0–0.6 s each, 2026-12-03).
     */
    @ParameterizedTest(name = "capture.snapshot.reader={0}")
    @ValueSource(strings = {"copy", "debezium"})
    void a_pipeline_closed_during_its_snapshot_leaves_no_engine_thread_behind(String reader) throws Exception {
        Map<String, Long> before = engineThreads();
        String table = services.uniqueName("leaksnap");
        try (Connection c = services.postgres.connect()) {
            SampleTickers.load(c, table, SNAPSHOT_ROWS);
        }
        long took;
        long captured;
        try (Pipeline pipeline = Pipeline.start(captureConfig(table, Map.of("capture.snapshot.reader", reader)),
                EnumSet.of(Pipeline.Component.CAPTURE), Clock.systemUTC())) {
            await().atMost(WAIT).pollInterval(Duration.ofMillis(10)).until(() -> pipeline.captured() > 0);
            captured = pipeline.captured();
            long began = System.nanoTime();
            pipeline.close();
            took = System.nanoTime() - began;
        }
        System.out.printf("CLOSED DURING SNAPSHOT (%s): %d of %d rows captured, closed in %.1f s%n", reader, captured, SNAPSHOT_ROWS, took / 1e9);
        assertThat(captured).as("closed during the snapshot").isLessThan(SNAPSHOT_ROWS);
        await().atMost(WAIT).untilAsserted(() -> assertThat(engineThreads()).as("engine threads left").isEqualTo(before));
    }

    @Test
    void a_closed_capture_engine_becomes_unreachable() throws Exception {
        MetasyncConfig config = captureConfig(table(), Map.of());
        WeakReference<CaptureEngine> closed = runAndClose(config);
        await().atMost(WAIT).untilAsserted(() -> {
            System.gc();
            assertThat(closed.get()).as("the closed capture engine is still reachable").isNull();
        });
    }

    /**
     * Each fresh snapshot runs a new engine in the same capture: the one it replaces must go entirely.
     * With both snapshot readers: {@code debezium} is no longer the default, and this is where its
     * restarts (the slot dropped again right after a fresh snapshot) stay exercised.
     */
    @ParameterizedTest(name = "capture.snapshot.reader={0}")
    @ValueSource(strings = {"copy", "debezium"})
    void an_engine_restarted_for_a_fresh_snapshot_leaves_no_thread_of_the_old_one(String reader) throws Exception {
        String table = table();
        try (Pipeline pipeline = Pipeline.start(captureConfig(table, Map.of("monitor.interval-seconds", "1",
                        "capture.snapshot.reader", reader)),
                EnumSet.of(Pipeline.Component.CAPTURE), Clock.systemUTC())) {
            await().atMost(WAIT).until(() -> pipeline.captured() >= ROWS);
            Map<String, Long> oneEngine = engineThreads();
            for (int restart = 1; restart <= 2; restart++) {
                PostgresFaults.dropSlot(services.postgres, table);
                long snapshots = restart + 1;
                await().atMost(WAIT).until(() -> pipeline.captured() >= snapshots * ROWS);
            }
            // No family of threads grows past one engine's: a leak shows as a second admin thread, offset
            // log or producer. A family may appear that the first look missed (Debezium's keep-alive
            // thread starts with streaming, which the first look can precede), at one thread.
            await().atMost(WAIT).untilAsserted(() -> engineThreads().forEach((family, count) ->
                    assertThat(count).as("threads of one engine: %s (one engine had %s)", family, oneEngine)
                            .isLessThanOrEqualTo(oneEngine.getOrDefault(family, 1L))));
            System.out.printf("ENGINE THREADS before the fresh snapshots: %d %s; after 2: %d%n", count(oneEngine), oneEngine,
                    count(engineThreads()));
        }
    }

    /** What a pipeline's capture holds (its engine, the Debezium engine's tasks and their schemas) goes with the pipeline. */
    @Test
    void a_closed_pipeline_leaves_its_capture_unreachable() throws Exception {
        WeakReference<SnapshotProgress> capture = runAndClose(captureOnly(table()));
        await().atMost(WAIT).untilAsserted(() -> {
            System.gc();
            assertThat(capture.get()).as("the closed pipeline's capture is still reachable").isNull();
        });
    }

    private static WeakReference<SnapshotProgress> runAndClose(Pipeline pipeline) {
        try (pipeline) {
            await().atMost(WAIT).until(() -> pipeline.captured() >= ROWS);
            return new WeakReference<>(pipeline.snapshot().orElseThrow());
        }
    }

    /** Kept apart so that no local variable of the test holds the engine while it waits for the collector. */
    private static WeakReference<CaptureEngine> runAndClose(MetasyncConfig config) {
        PostgresConnections postgres = new PostgresConnections(config.postgres());
        KafkaClients kafka = KafkaClients.of(config.kafka());
        ChangeTopics.ensure(config, kafka);
        CaptureEngine engine = new CaptureEngine(config, kafka, PostgresPreflight.check(config, postgres), postgres);
        try (engine) {
            engine.start();
            await().atMost(WAIT).until(() -> engine.forwardedCount() >= ROWS);
        }
        return new WeakReference<>(engine);
    }

    private static String table() throws Exception {
        String table = services.uniqueName("leak");
        try (Connection c = services.postgres.connect()) {
            SampleTickers.load(c, table, ROWS);
        }
        return table;
    }

    private static Pipeline captureOnly(String table) {
        return Pipeline.start(captureConfig(table, Map.of()), EnumSet.of(Pipeline.Component.CAPTURE), Clock.systemUTC());
    }

    private static MetasyncConfig captureConfig(String table, Map<String, String> extra) {
        return services.isolated(table, extra);
    }

    private static long count(Map<String, Long> threads) {
        return threads.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Live threads of the kinds an engine starts, by name with its numbers blanked out, counted. */
    private static Map<String, Long> engineThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(name -> ENGINE_THREADS.stream().anyMatch(name::contains))
                .map(name -> name.replaceAll("[0-9]+", "#"))
                .collect(Collectors.groupingBy(Function.identity(), TreeMap::new, Collectors.counting()));
    }
}
