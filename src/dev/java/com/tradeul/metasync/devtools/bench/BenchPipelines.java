package com.tradeul.metasync.devtools.bench;

import com.tradeul.metasync.Pipeline;
import com.tradeul.metasync.clients.KafkaClients;
import com.tradeul.metasync.config.ConfigLoader;
import com.tradeul.metasync.config.MetasyncConfig;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;

/**
 * Starts metasync pipelines in this JVM against the bench services, each with its own slot,
 * publication, topics and consumer group, with default settings except that the scheduled drift
 * check is off (it would land at random in a measurement). Not thread safe.
 */
final class BenchPipelines {

    private final BenchServices services;
    private final BenchKeys redis;
    private final Map<String, String> overrides;

    /** @param overrides metasync settings (bench --set) applied to every pipeline, e.g. for tuning experiments */
    BenchPipelines(BenchServices services, BenchKeys redis, Map<String, String> overrides) {
        this.services = services;
        this.redis = redis;
        this.overrides = Map.copyOf(overrides);
    }

    MetasyncConfig config(String name) {
        return config(services, overrides, name);
    }

    /** Settings of a pipeline of its own (slot, topics, group) against the bench's services. */
    static MetasyncConfig config(BenchServices services, Map<String, String> overrides, String name) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("postgres.host", services.postgres.host());
        settings.put("postgres.port", Integer.toString(services.postgres.port()));
        settings.put("postgres.password", services.postgres.password());
        settings.put("postgres.tables", BenchSql.TABLE);
        settings.put("postgres.slot", name);
        settings.put("postgres.publication", name);
        settings.put("kafka.bootstrap-servers", services.kafka.bootstrapServers());
        settings.put("kafka.topic-prefix", name);
        settings.put("apply.group-id", name);
        settings.put("redis.uri", services.redis.uri());
        settings.put("verify.interval-seconds", "0");
        settings.put("data-dir", services.root.resolve("metasync-" + name).toString());
        settings.put("monitor.port", "0"); // never collide with a metasync running on this machine
        settings.putAll(overrides);
        return ConfigLoader.load(Optional.empty(), Map.of(), settings);
    }

    static Pipeline start(MetasyncConfig config) {
        return Pipeline.start(config, EnumSet.allOf(Pipeline.Component.class), Clock.systemUTC());
    }

    /**
     * Waits until apply has written {@code rows} more rows than {@code upsertsBefore} and Redis holds
     * {@code rows} keys of the table, and returns {@link System#nanoTime()} at that moment.
     *
     * @throws IllegalStateException when the pipeline stops or the time runs out, with what was seen
     */
    long awaitRows(Pipeline pipeline, long upsertsBefore, long rows, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            failIfStopped(pipeline);
            if (pipeline.applyStats().upserts() - upsertsBefore >= rows) {
                long reached = System.nanoTime();
                if (redis.tableKeys() >= rows) {
                    return reached;
                }
                TimeUnit.MILLISECONDS.sleep(200); // older copies of some rows came first in the topic: count keys instead
            } else {
                TimeUnit.MILLISECONDS.sleep(10);
            }
        }
        throw new IllegalStateException("Redis holds " + redis.tableKeys() + " of " + rows + " rows after " + timeout.toSeconds()
                + " s (apply wrote " + (pipeline.applyStats().upserts() - upsertsBefore) + "). Fix: see the log lines above.");
    }

    static void failIfStopped(Pipeline pipeline) {
        if (pipeline.firstStop().isDone()) {
            pipeline.firstStop().join(); // rethrows a component's failure
            throw new IllegalStateException("a metasync component stopped during the bench");
        }
    }

    /** Removes what a pipeline left in PostgreSQL and Kafka: its slot, publication and topics. */
    void dispose(MetasyncConfig config) throws Exception {
        String name = config.postgres().slot();
        try (Connection c = services.postgres.connect();
             PreparedStatement drop = c.prepareStatement(
                     "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = ?")) {
            drop.setString(1, name);
            drop.execute();
        }
        services.execute("DROP PUBLICATION IF EXISTS " + config.postgres().publication());
        try (Admin admin = KafkaClients.of(config.kafka()).admin("metasync-bench", Duration.ofSeconds(30))) {
            List<String> topics = admin.listTopics().names().get(15, TimeUnit.SECONDS).stream()
                    .filter(t -> t.startsWith(config.kafka().topicPrefix() + ".")).toList();
            admin.deleteTopics(topics).all().get(30, TimeUnit.SECONDS);
        }
    }
}
