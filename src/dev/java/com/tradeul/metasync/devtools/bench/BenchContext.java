package com.tradeul.metasync.devtools.bench;

import com.tradeul.metasync.Pipeline;
import com.tradeul.metasync.clients.RedisClients;
import com.tradeul.metasync.config.MetasyncConfig;
import com.tradeul.metasync.config.RedisSettings;
import com.tradeul.metasync.devtools.local.LocalRedisCluster;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What the scenarios of one bench run share: the services, the tools that drive them, and the
 * long-running ("live") pipeline that rebuild, streaming and verify measure. Not thread safe.
 */
final class BenchContext implements AutoCloseable {

    final BenchOptions options;
    final BenchServices services;
    /** The single Redis: the baselines load into it, and it is metasync's target unless {@link #keys} is a cluster. */
    final RedisProbe redis;
    /** The Redis metasync writes to in this context: {@link #redis}, or a Redis Cluster. */
    final BenchKeys keys;
    final BenchPipelines pipelines;
    final RedisPipe pipe;
    final ProcessMeter meter = new ProcessMeter();
    private final PrintWriter log;
    /** What the cluster is ("3 masters + 3 replicas"); null when metasync writes to the single Redis. */
    private final String clusterShape;
    private Pipeline live;
    private MetasyncConfig liveConfig;

    private BenchContext(BenchOptions options, BenchServices services, PrintWriter log, BenchKeys clusterKeys,
                         Map<String, String> clusterSettings, String clusterShape) {
        this.options = options;
        this.services = services;
        this.redis = new RedisProbe(new RedisClients(BenchPipelines.config(services, options.settings(), "probe").redis()));
        this.keys = clusterKeys == null ? redis : clusterKeys;
        Map<String, String> settings = new LinkedHashMap<>(options.settings());
        settings.putAll(clusterSettings);
        this.pipelines = new BenchPipelines(services, keys, settings);
        this.pipe = new RedisPipe(services.postgres, services.redis, services.root);
        this.log = log;
        this.clusterShape = clusterShape;
    }

    /** metasync writing to the single Redis of the services. */
    static BenchContext single(BenchOptions options, BenchServices services, PrintWriter log) {
        return new BenchContext(options, services, log, null, Map.of(), null);
    }

    /** metasync writing to {@code cluster}; the baselines still load into the single Redis, as in {@link #single}. */
    static BenchContext cluster(BenchOptions options, BenchServices services, LocalRedisCluster cluster, PrintWriter log) {
        Map<String, String> target = Map.of(RedisSettings.MODE, "cluster", RedisSettings.URI, cluster.uri());
        ClusterKeys keys = new ClusterKeys(new RedisClients(BenchPipelines.config(services, withAll(options.settings(), target), "probe").redis()));
        return new BenchContext(options, services, log, keys, target, cluster.shape());
    }

    private static Map<String, String> withAll(Map<String, String> settings, Map<String, String> more) {
        Map<String, String> all = new LinkedHashMap<>(settings);
        all.putAll(more);
        return all;
    }

    /** The scenario as this context reports it: on a cluster, its name gets {@link ClusterComparison#SUFFIX}. */
    Summary.Kind kind(Summary.Kind kind) {
        return clusterShape == null ? kind
                : new Summary.Kind(ClusterComparison.clusterScenario(kind.scenario()), kind.unit(), kind.higherIsBetter(), kind.baselineName());
    }

    boolean onCluster() {
        return clusterShape != null;
    }

    /** The live pipeline for a table of {@code rows}, started (and synced, untimed) at first use. */
    Pipeline live(int rows) throws InterruptedException {
        if (live == null) {
            liveConfig = pipelines.config((onCluster() ? "bench_cluster_" : "bench_live_") + rows);
            progress("starting the live pipeline for rebuild, streaming and verify (%,d rows) on %s", rows,
                    onCluster() ? "the Redis Cluster (" + clusterShape + ")" : "the single Redis");
            live = BenchPipelines.start(liveConfig);
            pipelines.awaitRows(live, 0, rows, syncTimeout(rows));
        }
        return live;
    }

    MetasyncConfig liveConfig() {
        return liveConfig;
    }

    /** Stops the live pipeline and removes its slot and topics; the next size starts a new one. */
    void closeLive() throws Exception {
        if (live != null) {
            live.close();
            pipelines.dispose(liveConfig);
            live = null;
            liveConfig = null;
        }
    }

    /** Generous: a slow machine syncs at a few thousand rows per second. */
    static Duration syncTimeout(long rows) {
        return Duration.ofSeconds(120 + rows / 1000);
    }

    void progress(String format, Object... args) {
        log.printf(Locale.ROOT, "bench: " + format + "%n", args);
        log.flush();
    }

    @Override
    public void close() throws Exception {
        try {
            closeLive();
        } finally {
            if (keys != redis) {
                keys.close();
            }
            redis.close();
        }
    }
}
