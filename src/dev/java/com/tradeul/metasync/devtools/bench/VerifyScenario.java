package com.tradeul.metasync.devtools.bench;

import com.tradeul.metasync.apply.RedisKeys;
import com.tradeul.metasync.clients.PostgresConnections;
import com.tradeul.metasync.config.MetasyncConfig;
import com.tradeul.metasync.config.TableId;
import com.tradeul.metasync.devtools.bench.BenchReport.Repetition;
import com.tradeul.metasync.devtools.bench.BenchReport.Resources;
import com.tradeul.metasync.devtools.bench.BenchReport.ScenarioResult;
import com.tradeul.metasync.normalize.JsonRenderer;
import com.tradeul.metasync.verify.TableReport;
import com.tradeul.metasync.verify.TableVerifier;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code verify --all} of the table against the live pipeline's Redis, as the command runs it.
 * Baseline: reading the same data without comparing it, i.e. PostgreSQL producing a GET per row
 * piped through {@code redis-cli --pipe}.
 */
final class VerifyScenario {

    static final Summary.Kind KIND = new Summary.Kind("verify", "rows/s", true, "psql RESP GET → redis-cli --pipe");

    private VerifyScenario() {}

    static ScenarioResult run(BenchContext ctx, int rows) throws Exception {
        ctx.live(rows);
        MetasyncConfig config = ctx.liveConfig();
        List<Repetition> repetitions = new ArrayList<>();
        try (StatefulRedisConnection<String, byte[]> redis = ctx.redis.client().connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE))) {
            TableVerifier verifier = new TableVerifier(new PostgresConnections(config.postgres()), com.tradeul.metasync.clients.RedisKeyspace.of(redis), new JsonRenderer(config.normalize().specialNumbers()),
                    new RedisKeys(config.keyTemplates()));
            for (int rep = 1; rep <= ctx.options.repetitions(); rep++) {
                long started = System.nanoTime();
                RedisPipeReply reply = ctx.pipe.fromQuery(BenchSql.respGetQuery(), 0);
                double baseline = rows / SnapshotScenario.seconds(started, System.nanoTime());

                ProcessMeter.Mark mark = ctx.meter.start();
                started = System.nanoTime();
                TableReport report = verifier.verify(TableId.parse(BenchSql.TABLE), List.of("symbol"),
                        new TableVerifier.Options(null, 20, Duration.ofSeconds(10)), (done, total) -> { });
                double metasync = rows / SnapshotScenario.seconds(started, System.nanoTime());
                Resources resources = mark.stop();
                ctx.progress("verify %,d rows, repetition %d: %,.0f rows/s (%s), baseline %,.0f rows/s", rows, rep, metasync,
                        report.clean() ? "in sync" : "DIFFERENCES", baseline);
                repetitions.add(new Repetition(metasync, baseline, resources, null, Map.of(
                        "clean", report.clean(), "rowsChecked", report.rows(), "missing", report.missing(),
                        "extra", report.extra(), "wrong", report.wrong(), "baselineReplies", reply.replies(),
                        "peakRssReset", mark.rssReset())));
            }
        }
        return Summary.of(KIND, rows, repetitions);
    }
}
