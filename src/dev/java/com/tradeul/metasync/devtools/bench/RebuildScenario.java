package com.tradeul.metasync.devtools.bench;

import com.tradeul.metasync.Pipeline;
import com.tradeul.metasync.devtools.bench.BenchReport.Repetition;
import com.tradeul.metasync.devtools.bench.BenchReport.Resources;
import com.tradeul.metasync.devtools.bench.BenchReport.ScenarioResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * FLUSHALL while metasync runs: time until every row is back, replayed from Kafka (including the
 * up to {@code apply.position-check-interval-ms} it takes apply to notice the wipe). Baseline:
 * {@code redis-cli --pipe} loading the same keys and values from a file into an empty database.
 * Also measured, as a ceiling: {@code redis-cli --pipe} of the commands apply sends for those rows
 * (each with its fence, through the fencing script, with offsets), which Redis alone needs.
 * On a Redis Cluster context the FLUSHALL goes to every master; the baselines still load into the
 * single Redis, so they are the same reference for both.
 * On the single Redis, the first repetition also measures Redis's memory per row after the rebuild
 * against the bare SETs' ({@link MemoryPerRow}), both in that Redis.
 */
final class RebuildScenario {

    static final Summary.Kind KIND = new Summary.Kind("rebuild", "rows/s", true, "redis-cli --pipe < file");

    /** Median rows/s of Redis alone taking metasync's writes for the rows (see {@link FencedWritesFile}). */
    static final String CEILING = "fencedWritesCeilingRowsPerSecond";

    private RebuildScenario() {}

    static ScenarioResult run(BenchContext ctx, int rows) throws Exception {
        Pipeline live = ctx.live(rows);
        Path file = ctx.services.root.resolve("resp-set-" + rows + ".txt");
        ctx.pipe.queryToFile(BenchSql.respSetQuery(), file);
        // Redis alone taking metasync's writes for the same rows (rows, fences, offsets), piped:
        // however fast apply gets, a rebuild cannot beat this. The candidate layouts only on the single Redis.
        Set<FenceLayout> layouts = ctx.onCluster() ? EnumSet.of(FenceLayout.PER_KEY) : EnumSet.allOf(FenceLayout.class);
        FenceLayoutRuns ceilings = FenceLayoutRuns.prepare(file, ctx.services.root, rows, layouts);
        List<Repetition> repetitions = new ArrayList<>();
        MemoryPerRow memory = null;
        long bareSetBytes = 0;
        for (int rep = 1; rep <= ctx.options.repetitions(); rep++) {
            ctx.redis.flushBaseline();
            ctx.redis.settle();
            RedisProbe.Children before = ctx.redis.children();
            long started = System.nanoTime();
            RedisPipeReply reply = ctx.pipe.fromFile(file, RedisProbe.BASELINE_DB);
            double baseline = rows / SnapshotScenario.seconds(started, System.nanoTime());
            RedisProbe.Children baselineChildren = ctx.redis.children().since(before);
            boolean measureMemory = rep == 1 && !ctx.onCluster(); // the same every time: once is enough
            if (measureMemory) {
                bareSetBytes = ctx.redis.baselineDatabaseBytes();
            }
            ceilings.runOnce(ctx, rows, measureMemory);

            long replaysBefore = live.applyStats().replays();
            long upsertsBefore = live.applyStats().upserts();
            ctx.redis.settle();
            before = ctx.redis.children();
            ProcessMeter.Mark mark = ctx.meter.start();
            StageShares stages = StageShares.start(live.applyStats(), ctx.onCluster() ? null : ctx.redis);
            started = System.nanoTime();
            ctx.keys.flushAll();
            long done = ctx.pipelines.awaitRows(live, upsertsBefore, rows, BenchContext.syncTimeout(rows));
            Map<String, Object> stageShares = stages.stop();
            double metasync = rows / SnapshotScenario.seconds(started, done);
            Resources resources = mark.stop();
            RedisProbe.Children metasyncChildren = ctx.redis.children().since(before);
            if (measureMemory) {
                memory = new MemoryPerRow(rows, ctx.redis.metasyncDatabaseBytes(), bareSetBytes);
                ctx.progress("%s %,d rows: Redis memory per row %,.0f B after metasync's rebuild, %,.0f B for a bare SET (%.2f×)",
                        ctx.kind(KIND).scenario(), rows, memory.metasyncPerRow(), memory.baselinePerRow(), memory.ratio());
            }
            ctx.progress("%s %,d rows, repetition %d: metasync %,.0f rows/s, baseline %,.0f rows/s, "
                    + "Redis alone with metasync's fenced writes (median so far) %,.0f rows/s", ctx.kind(KIND).scenario(), rows, rep,
                    metasync, baseline, ceilings.rowsPerSecond(FenceLayout.PER_KEY));
            Map<String, Object> checks = new LinkedHashMap<>(Map.of(
                    "keysInRedis", ctx.keys.tableKeys(), "baselineReplies", reply.replies(), "baselineErrors", reply.errors(),
                    "ceilingErrors", ceilings.errors(FenceLayout.PER_KEY),
                    "replays", live.applyStats().replays() - replaysBefore, "peakRssReset", mark.rssReset()));
            checks.putAll(baselineChildren.checks("baseline"));
            checks.putAll(metasyncChildren.checks("metasync"));
            checks.putAll(stageShares);
            ctx.progress("%s %,d rows, repetition %d: share of the time in each stage: %s; Redis saves / AOF rewrites during "
                    + "the baseline %d / %d, during metasync's rebuild %d / %d", ctx.kind(KIND).scenario(), rows, rep,
                    StageShares.describe(stageShares), baselineChildren.saves(), baselineChildren.aofRewrites(),
                    metasyncChildren.saves(), metasyncChildren.aofRewrites());
            repetitions.add(new Repetition(metasync, baseline, resources, null, checks));
        }
        for (FenceLayout layout : layouts) {
            ctx.progress("%s %,d rows: Redis alone with metasync's writes, fence layout %s: %,.0f rows/s%s", ctx.kind(KIND).scenario(), rows,
                    layout.label(), ceilings.rowsPerSecond(layout), ceilings.incompleteRuns(layout) == 0 ? ""
                            : String.format(" (INCOMPLETE: %d runs left rows out)", ceilings.incompleteRuns(layout)));
        }
        Files.deleteIfExists(file);
        ceilings.delete();
        ScenarioResult result = Summary.of(ctx.kind(KIND), rows, repetitions)
                .withCheck(CEILING, ceilings.rowsPerSecond(FenceLayout.PER_KEY))
                .withChecks(ceilings.checks(rows, bareSetBytes));
        return memory == null ? result : result.withChecks(memory.checks());
    }
}
