package com.tradeul.metasync.bench;

import com.tradeul.metasync.Pipeline;
import com.tradeul.metasync.bench.BenchReport.Repetition;
import com.tradeul.metasync.bench.BenchReport.Resources;
import com.tradeul.metasync.bench.BenchReport.ScenarioResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * FLUSHALL while metasync runs: time until every row is back, replayed from Kafka (including the
 * up to {@code apply.position-check-interval-ms} it takes apply to notice the wipe). Baseline:
 * {@code redis-cli --pipe} loading the same keys and values from a file into an empty database.
 */
final class RebuildScenario {

    static final Summary.Kind KIND = new Summary.Kind("rebuild", "rows/s", true, "redis-cli --pipe < file");

    private RebuildScenario() {}

    static ScenarioResult run(BenchContext ctx, int rows) throws Exception {
        Pipeline live = ctx.live(rows);
        Path file = ctx.services.root.resolve("resp-set-" + rows + ".txt");
        ctx.pipe.queryToFile(BenchSql.respSetQuery(), file);
        List<Repetition> repetitions = new ArrayList<>();
        for (int rep = 1; rep <= ctx.options.repetitions(); rep++) {
            ctx.redis.flushBaseline();
            long started = System.nanoTime();
            RedisPipeReply reply = ctx.pipe.fromFile(file, RedisProbe.BASELINE_DB);
            double baseline = rows / SnapshotScenario.seconds(started, System.nanoTime());
            ctx.redis.flushBaseline();

            long replaysBefore = live.applyStats().replays();
            long upsertsBefore = live.applyStats().upserts();
            ProcessMeter.Mark mark = ctx.meter.start();
            started = System.nanoTime();
            ctx.redis.flushAll();
            long done = ctx.pipelines.awaitRows(live, upsertsBefore, rows, BenchContext.syncTimeout(rows));
            double metasync = rows / SnapshotScenario.seconds(started, done);
            Resources resources = mark.stop();
            ctx.progress("rebuild %,d rows, repetition %d: metasync %,.0f rows/s, baseline %,.0f rows/s", rows, rep, metasync, baseline);
            repetitions.add(new Repetition(metasync, baseline, resources, null, Map.of(
                    "keysInRedis", ctx.redis.tableKeys(), "baselineReplies", reply.replies(), "baselineErrors", reply.errors(),
                    "replays", live.applyStats().replays() - replaysBefore, "peakRssReset", mark.rssReset())));
        }
        java.nio.file.Files.deleteIfExists(file);
        return Summary.of(KIND, rows, repetitions);
    }
}
