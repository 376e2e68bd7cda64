package com.tradeul.metasync.devtools.bench;

import com.tradeul.metasync.Pipeline;
import com.tradeul.metasync.config.MetasyncConfig;
import com.tradeul.metasync.devtools.bench.BenchReport.Repetition;
import com.tradeul.metasync.devtools.bench.BenchReport.Resources;
import com.tradeul.metasync.devtools.bench.BenchReport.ScenarioResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Empty Redis, a fresh slot and fresh topics: time until every row is in Redis through the whole
 * pipeline (including the pipeline's start: connector, slot, snapshot). Baseline: the rows rendered
 * as RESP by PostgreSQL, piped through {@code redis-cli --pipe} into an empty database.
 */
final class SnapshotScenario {

    static final Summary.Kind KIND = new Summary.Kind("snapshot", "rows/s", true, "psql RESP → redis-cli --pipe");
    private static final int SAMPLE = 1000;

    private SnapshotScenario() {}

    static ScenarioResult run(BenchContext ctx, int rows) throws Exception {
        List<Repetition> repetitions = new ArrayList<>();
        for (int rep = 1; rep <= ctx.options.repetitions(); rep++) {
            ctx.redis.flushAll();
            ctx.redis.settle();
            RedisProbe.Children before = ctx.redis.children();
            long started = System.nanoTime();
            RedisPipeReply reply = ctx.pipe.fromQuery(BenchSql.respSetQuery(), RedisProbe.BASELINE_DB);
            double baseline = rows / seconds(started, System.nanoTime());
            RedisProbe.Children baselineChildren = ctx.redis.children().since(before);
            long baselineKeys = ctx.redis.baselineKeys();
            Map<String, String> expected = ctx.redis.sample(rows, SAMPLE, true);
            ctx.redis.flushBaseline();

            ctx.redis.settle();
            before = ctx.redis.children();
            MetasyncConfig config = ctx.pipelines.config("bench_snap_" + rows + "_" + rep);
            ProcessMeter.Mark mark = ctx.meter.start();
            started = System.nanoTime();
            double metasync;
            Resources resources;
            RedisProbe.Children metasyncChildren;
            Map<String, String> actual;
            long keys;
            Map<String, Object> stageShares;
            try (Pipeline pipeline = BenchPipelines.start(config)) {
                StageShares stages = StageShares.start(pipeline.applyStats(), ctx.onCluster() ? null : ctx.redis);
                long done = ctx.pipelines.awaitRows(pipeline, 0, rows, BenchContext.syncTimeout(rows));
                stageShares = stages.stop();
                metasync = rows / seconds(started, done);
                resources = mark.stop();
                metasyncChildren = ctx.redis.children().since(before);
                keys = ctx.redis.tableKeys();
                actual = ctx.redis.sample(rows, SAMPLE, false);
            }
            ctx.pipelines.dispose(config);
            ctx.redis.flushAll();
            List<String> differing = RedisProbe.differing(expected, actual);
            ctx.progress("snapshot %,d rows, repetition %d: metasync %,.0f rows/s, baseline %,.0f rows/s; share of the time in "
                    + "each stage: %s", rows, rep, metasync, baseline, StageShares.describe(stageShares));
            Map<String, Object> checks = new LinkedHashMap<>(Map.of(
                    "keysInRedis", keys, "baselineKeys", baselineKeys, "baselineReplies", reply.replies(),
                    "baselineErrors", reply.errors(), "sampledKeys", expected.size(),
                    "valuesMatchBaseline", differing.isEmpty(), "peakRssReset", mark.rssReset()));
            checks.putAll(baselineChildren.checks("baseline"));
            checks.putAll(metasyncChildren.checks("metasync"));
            checks.putAll(stageShares);
            repetitions.add(new Repetition(metasync, baseline, resources, null, checks));
            if (!differing.isEmpty()) {
                ctx.progress("WARNING: %d sampled keys differ between metasync and the baseline, e.g. %s", differing.size(), differing.get(0));
            }
        }
        return Summary.of(KIND, rows, repetitions);
    }

    static double seconds(long startNanos, long endNanos) {
        return Math.max(1, endNanos - startNanos) / 1e9;
    }
}
