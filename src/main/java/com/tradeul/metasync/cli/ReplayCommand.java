package com.tradeul.metasync.cli;

import com.tradeul.metasync.EmbeddedKafkaAddress;
import com.tradeul.metasync.Pipeline;
import com.tradeul.metasync.apply.RedisKeys;
import com.tradeul.metasync.clients.KafkaClients;
import com.tradeul.metasync.clients.RedisClients;
import com.tradeul.metasync.config.MetasyncConfig;
import com.tradeul.metasync.config.TableId;
import com.tradeul.metasync.replay.RedisOffsets;
import com.tradeul.metasync.replay.ReplayPlan;
import com.tradeul.metasync.replay.ReplayPlanner;
import com.tradeul.metasync.replay.ReplayRequests;
import com.tradeul.metasync.replay.TableKeys;
import com.tradeul.metasync.cluster.ClusterOffsets;
import com.tradeul.metasync.cluster.SlotOffsetRecords;
import com.tradeul.metasync.replay.HeldOffsets;
import io.lettuce.core.RedisClient;
import io.lettuce.core.cluster.RedisClusterClient;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "replay",
        mixinStandardHelpOptions = true,
        description = {
            "Re-applies a table's changes from its compacted Kafka topic into Redis, for operators.",
            "It sets the offsets Redis holds for the table's partitions back to the start point; apply",
            "(a running 'metasync run', or the apply this command starts itself; both may run) notices and",
            "replays from there. Per-key fencing keeps newer values: a replay never moves a key backwards.",
            "With --clear the table's keys (and their fences) are deleted first (SCAN + UNLINK, never",
            "FLUSHALL), so Redis is rebuilt from the topic alone; readers see the table fill up meanwhile.",
            "Examples:",
            "  metasync replay --table public.ticker_metadata --from-beginning",
            "  metasync replay --from-timestamp 2026-11-25T08:00:00Z --dry-run",
            "  metasync replay --from-beginning --clear"})
final class ReplayCommand extends SettingsCommand {

    @Option(names = "--table", paramLabel = "SCHEMA.TABLE", description = "Replay only this table (default: every table).")
    List<String> tables;

    static final class From {
        @Option(names = "--from-beginning", required = true, description = "Replay the whole topic.")
        boolean beginning;

        @Option(names = "--from-timestamp", required = true, paramLabel = "ISO-8601",
                description = "Replay changes written to Kafka at or after this instant, e.g. 2026-11-25T08:00:00Z.")
        Instant timestamp;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    From from;

    @Option(names = "--clear", description = "Delete the table's keys first (rebuild from the topic alone).")
    boolean clear;

    @Option(names = "--dry-run", description = "Say what would be done, change nothing.")
    boolean dryRun;

    @Option(names = "--timeout-seconds", defaultValue = "3600", description = "Give up waiting after this long (default ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Override
    public Integer call() throws Exception {
        configOptions.overrides.putIfAbsent("verify.interval-seconds", "0");
        MetasyncConfig config = EmbeddedKafkaAddress.resolve(loadConfig());
        List<TableId> selected = TableSelection.of(config, tables);
        ReplayPlan plan = ReplayPlanner.read(KafkaClients.of(config.kafka()), config.kafka().topicPrefix(), selected,
                from.beginning ? null : from.timestamp);
        PrintWriter out = out();
        RedisClients clients = new RedisClients(config.redis());
        // On a cluster: every slot's offset record is set, and the replay ends when their minimum reaches the end offsets.
        RedisClusterClient cluster = clients.isCluster() ? clients.createClusterChecked() : null;
        RedisClient client = cluster == null ? clients.createChecked() : null;
        SlotOffsetRecords records = cluster == null ? null : new SlotOffsetRecords(cluster, config.apply().groupId());
        try (var offsets = cluster != null ? ClusterOffsets.readOnly(records) : new RedisOffsets(client, config.apply().groupId())) {
            RedisKeys keys = new RedisKeys(config.keyTemplates());
            out.print(plan.describe(clear ? selected.stream().map(keys::pattern).toList() : List.of()));
            if (dryRun) {
                out.println("dry run: nothing changed");
                return ExitCodes.OK;
            }
            if (clear) {
                for (TableId table : selected) {
                    long removed = cluster != null ? TableKeys.clear(cluster, keys.pattern(table)) : TableKeys.clear(client, keys.pattern(table));
                    out.printf("cleared %,d keys of %s%n", removed, table);
                }
            }
            (records != null ? new ReplayRequests(records::writeAll) : new ReplayRequests((RedisOffsets) offsets))
                    .replayFrom(plan.startOffsets(), "metasync replay");
            try (Pipeline apply = Pipeline.start(config, EnumSet.of(Pipeline.Component.APPLY), Clock.systemUTC())) {
                return awaitEnd(out, offsets, plan);
            }
        } finally {
            (cluster != null ? cluster : client).shutdown();
        }
    }

    private int awaitEnd(PrintWriter out, HeldOffsets offsets, ReplayPlan plan) throws InterruptedException {
        long started = System.nanoTime();
        long deadline = started + Duration.ofSeconds(timeoutSeconds).toNanos();
        ProgressBar bar = new ProgressBar(err(), ProgressBar.mode(false), "records");
        long done = 0;
        while (System.nanoTime() < deadline) {
            done = plan.replayed(offsets.read());
            bar.update("replay", done, plan.total());
            if (done >= plan.total()) {
                bar.finish("replay", done, plan.total());
                out.printf("replay done: %,d records re-applied in %.1f s; Redis holds every change up to the end offsets "
                        + "taken at the start%n", plan.total(), (System.nanoTime() - started) / 1e9);
                return ExitCodes.OK;
            }
            Thread.sleep(200);
        }
        bar.finish("replay", done, plan.total());
        out.println("replay did not reach the end offsets within " + timeoutSeconds + " s");
        return ExitCodes.FAILED;
    }
}
