package com.tradeul.metasync.cli;

import com.tradeul.metasync.EmbeddedKafkaAddress;
import com.tradeul.metasync.clients.KafkaClients;
import com.tradeul.metasync.clients.RedisClients;
import com.tradeul.metasync.config.MetasyncConfig;
import com.tradeul.metasync.monitor.ConsumerLagReader;
import com.tradeul.metasync.monitor.LagReport;
import com.tradeul.metasync.replay.RedisOffsets;
import com.tradeul.metasync.cluster.ClusterOffsets;
import com.tradeul.metasync.cluster.SlotOffsetRecords;
import com.tradeul.metasync.replay.HeldOffsets;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.cluster.RedisClusterClient;
import java.io.PrintWriter;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "lag",
        mixinStandardHelpOptions = true,
        description = {
            "Shows how far apply is behind, per partition of each change topic:",
            "  COMMITTED    the offset apply committed to Kafka (what Kafka's own tools show for the group)",
            "  REDIS-HOLDS  the offset stored in Redis with the rows: where apply really resumes from",
            "  LOG-END      the partition's log-end offset",
            "  LAG          LOG-END - COMMITTED, as kafka-consumer-groups.sh --describe computes it",
            "The last line also says how many records are not yet in Redis (LOG-END - REDIS-HOLDS).",
            "Examples:",
            "  metasync lag",
            "  metasync lag --json",
            "  metasync lag --watch --interval 2"})
final class LagCommand extends SettingsCommand {

    @Option(names = "--json", description = "Print the figures as JSON.")
    boolean json;

    @Option(names = "--watch", description = "Refresh in place until Ctrl-C.")
    boolean watch;

    @Option(names = "--interval", paramLabel = "SECONDS", defaultValue = "2", description = "Refresh interval of --watch (default ${DEFAULT-VALUE}).")
    int intervalSeconds;

    @Override
    public Integer call() throws Exception {
        MetasyncConfig config = EmbeddedKafkaAddress.resolve(loadConfig());
        RedisClients clients = new RedisClients(config.redis());
        // On a cluster: the minimum over the slots' offset records, on every master.
        RedisClusterClient cluster = clients.isCluster() ? clients.createCluster() : null;
        AbstractRedisClient client = cluster != null ? cluster : clients.create();
        try (var offsets = cluster != null ? ClusterOffsets.readOnly(new SlotOffsetRecords(cluster, config.apply().groupId()))
                : new RedisOffsets((RedisClient) client, config.apply().groupId());
             ConsumerLagReader reader = new ConsumerLagReader(KafkaClients.of(config.kafka()), config.apply().groupId(),
                     config.tablesByTopic().keySet(), redisOffsetsOrNone(offsets))) {
            do {
                LagReport report = reader.read();
                if (watch && !json) {
                    out().print("\033[H\033[2J"); // clear the screen: the table redraws in place
                }
                out().print(json ? json(LagReportText.asMap(report)) + System.lineSeparator() : LagReportText.table(report));
                out().flush();
                if (watch) {
                    Thread.sleep(intervalSeconds * 1000L);
                }
            } while (watch);
            return ExitCodes.OK;
        } finally {
            client.shutdown();
        }
    }

    /** Redis's offsets, or none (shown as "-") when Redis cannot be read: Kafka's figures still help. */
    private Supplier<Map<String, Long>> redisOffsetsOrNone(HeldOffsets offsets) {
        return () -> {
            try {
                return offsets.read();
            } catch (RuntimeException e) {
                err().println("warning: cannot read the offsets Redis holds: " + e.getMessage());
                return Map.of();
            }
        };
    }

}
