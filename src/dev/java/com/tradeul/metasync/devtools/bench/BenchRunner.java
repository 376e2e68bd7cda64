package com.tradeul.metasync.devtools.bench;

import com.tradeul.metasync.devtools.bench.BenchReport.Header;
import com.tradeul.metasync.devtools.bench.BenchReport.ScenarioResult;
import com.tradeul.metasync.devtools.local.LocalRedisCluster;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the chosen scenarios at each table size against services of its own (and, for {@code --redis
 * cluster|both}, rebuild and throughput again against a local Redis Cluster), and writes the report
 * as {@code bench-<time>.json} and {@code .md} under the output directory. Not thread safe.
 */
public final class BenchRunner {

    static final String MEASURED = "CPU s, peak RSS and peak heap are of the bench JVM during metasync's part of each scenario: it runs "
            + "capture (Debezium), apply, the embedded Kafka broker, and the bench's load generator and probes; PostgreSQL "
            + "(fsync off: it is the load source), Redis (AOF on), psql and redis-cli are other processes and not included. "
            + "Each latency rate is first offered for " + LatencyScenario.WARM_UP.toSeconds()
            + " s (at most the streaming time), not measured (JIT warm-up).";

    private final BenchOptions options;
    private final PrintWriter log;

    public BenchRunner(BenchOptions options, PrintWriter log) {
        this.options = options;
        this.log = log;
    }

    /** The written files. */
    public record Written(BenchReport report, Path json, Path markdown) {}

    public Written run() throws Exception {
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        try (BenchServices services = BenchServices.start();
             BenchContext single = BenchContext.single(options, services, log);
             LocalRedisCluster cluster = startCluster(services, single);
             BenchContext onCluster = cluster == null ? null : BenchContext.cluster(options, services, cluster, log)) {
            Header header = header(now, services, single.redis, cluster);
            List<ScenarioResult> results = new ArrayList<>();
            for (int rows : options.rows()) {
                generate(single, rows);
                List<ScenarioResult> size = new ArrayList<>();
                if (options.redis().single()) {
                    size.addAll(runSize(single, options.scenarios(), rows));
                }
                if (onCluster != null) {
                    size.addAll(runSize(onCluster, options.clusterScenarios(), rows));
                    size.addAll(ClusterComparison.compareAll(size, cluster.shape()));
                }
                results.addAll(size);
            }
            return write(new BenchReport(header, results), now);
        }
    }

    private LocalRedisCluster startCluster(BenchServices services, BenchContext ctx) {
        if (!options.redis().cluster()) {
            return null;
        }
        long started = System.nanoTime();
        LocalRedisCluster cluster = LocalRedisCluster.start(services.root, options.clusterReplicas());
        ctx.progress("started a local Redis Cluster, %s, in %.1f s", cluster.shape(), (System.nanoTime() - started) / 1e9);
        if (options.scenarios().size() > options.clusterScenarios().size()) {
            ctx.progress("on the cluster only %s run: see BenchOptions.ON_CLUSTER for why",
                    options.clusterScenarios().stream().map(Scenario::label).toList());
        }
        return cluster;
    }

    private static void generate(BenchContext ctx, int rows) throws Exception {
        ctx.services.execute("DROP TABLE IF EXISTS " + BenchSql.TABLE);
        ctx.services.execute(BenchSql.createTable());
        long started = System.nanoTime();
        ctx.services.execute(BenchSql.fill(rows));
        ctx.services.execute("VACUUM ANALYZE " + BenchSql.TABLE);
        ctx.progress("generated %,d rows in %.1f s", rows, (System.nanoTime() - started) / 1e9);
    }

    private List<ScenarioResult> runSize(BenchContext ctx, java.util.Set<Scenario> scenarios, int rows) throws Exception {
        List<ScenarioResult> results = new ArrayList<>();
        ctx.keys.flushAll();
        if (scenarios.contains(Scenario.SNAPSHOT)) {
            results.add(SnapshotScenario.run(ctx, rows));
        }
        if (scenarios.contains(Scenario.REBUILD)) {
            results.add(RebuildScenario.run(ctx, rows));
        }
        if (scenarios.contains(Scenario.LATENCY)) {
            for (int rate : options.rates()) {
                results.add(LatencyScenario.run(ctx, rows, rate, results.size()));
            }
        }
        if (scenarios.contains(Scenario.THROUGHPUT)) {
            results.add(ThroughputScenario.run(ctx, rows));
        }
        if (scenarios.contains(Scenario.VERIFY)) {
            results.add(VerifyScenario.run(ctx, rows));
        }
        ctx.closeLive();
        ctx.keys.flushAll();
        return results;
    }

    private Header header(ZonedDateTime now, BenchServices services, RedisProbe redis, LocalRedisCluster cluster) throws Exception {
        return new Header(now.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME), Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")",
                services.postgresVersion(), redis.version(), org.apache.kafka.common.utils.AppInfoParser.getVersion(),
                io.debezium.connector.postgresql.Module.version(), options.rows(), options.repetitions(),
                (int) options.streaming().toSeconds(), Runtime.getRuntime().maxMemory(), MEASURED,
                cluster == null ? null : cluster.shape() + ", local, the same redis-server");
    }

    private Written write(BenchReport report, ZonedDateTime now) throws Exception {
        Files.createDirectories(options.out());
        String name = "bench-" + now.format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path json = options.out().resolve(name + ".json");
        Path markdown = options.out().resolve(name + ".md");
        Files.writeString(json, BenchJson.write(report), StandardCharsets.UTF_8);
        Files.writeString(markdown, MarkdownTable.render(report), StandardCharsets.UTF_8);
        return new Written(report, json, markdown);
    }
}
