package com.tradeul.metasync.devtools.bench;

import com.tradeul.metasync.Pipeline;
import com.tradeul.metasync.clients.RedisClients;
import com.tradeul.metasync.config.MetasyncConfig;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;

/**
 * What the scenarios of one bench run share: the services, the tools that drive them, and the
 * long-running ("live") pipeline that rebuild, streaming and verify measure. Not thread safe.
 */
final class BenchContext implements AutoCloseable {

    final BenchOptions options;
    final BenchServices services;
    final RedisProbe redis;
    final BenchPipelines pipelines;
    final RedisPipe pipe;
    final ProcessMeter meter = new ProcessMeter();
    private final PrintWriter log;
    private Pipeline live;
    private MetasyncConfig liveConfig;

    BenchContext(BenchOptions options, BenchServices services, PrintWriter log) {
        this.options = options;
        this.services = services;
        this.redis = new RedisProbe(new RedisClients(BenchPipelines.config(services, options.settings(), "probe").redis()));
        this.pipelines = new BenchPipelines(services, redis, options.settings());
        this.pipe = new RedisPipe(services.postgres, services.redis, services.root);
        this.log = log;
    }

    /** The live pipeline for a table of {@code rows}, started (and synced, untimed) at first use. */
    Pipeline live(int rows) throws InterruptedException {
        if (live == null) {
            liveConfig = pipelines.config("bench_live_" + rows);
            progress("starting the live pipeline for rebuild, streaming and verify (%,d rows)", rows);
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
            redis.close();
        }
    }
}
