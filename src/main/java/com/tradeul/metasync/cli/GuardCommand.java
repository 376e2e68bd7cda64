package com.tradeul.metasync.cli;

import com.tradeul.metasync.clients.RedisClients;
import com.tradeul.metasync.config.MetasyncConfig;
import com.tradeul.metasync.guard.AuditedSettings;
import com.tradeul.metasync.guard.Finding;
import com.tradeul.metasync.guard.PersistenceAudit;
import com.tradeul.metasync.guard.RedisGuard;
import com.tradeul.metasync.guard.RedisInfo;
import com.tradeul.metasync.guard.SavePolicy;
import com.tradeul.metasync.guard.ClusterGuard;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "guard",
        mixinStandardHelpOptions = true,
        description = {
            "Audits the Redis settings that lose data and shows the persistence state, once:",
            "maxmemory-policy other than noeviction (keys evicted), appendonly no (restarts lose unsaved",
            "changes), appendfsync no, maxmemory 0 or little headroom, failed saves or AOF writes,",
            "stop-writes-on-bgsave-error no. Each finding comes with the exact remedy.",
            "--save forces a BGSAVE now and waits until Redis reports it done and ok.",
            "--enforce sets the safe value of each fixable finding with CONFIG SET.",
            "Where metasync's user may not run CONFIG or BGSAVE (managed Redis such as ElastiCache or",
            "MemoryDB), it says persistence is managed by the provider and judges what INFO shows.",
            "On a Redis Cluster (redis.mode=cluster) it does all this on every master serving slots, each",
            "under its address; the exit code is the worst master's.",
            "'metasync run' does the same on a schedule (guard.* settings)."})
final class GuardCommand extends SettingsCommand {

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Option(names = "--save", description = "Force a BGSAVE now and check that it succeeded.")
    boolean save;

    @Option(names = "--enforce", description = "CONFIG SET the safe value of each fixable finding.")
    boolean enforce;

    @Override
    public Integer call() throws Exception {
        MetasyncConfig config = loadConfig();
        RedisClients clients = new RedisClients(config.redis());
        if (clients.isCluster()) {
            return guardCluster(clients);
        }
        RedisClient client = clients.createChecked();
        try (RedisGuard redis = new RedisGuard(client)) {
            Outcome outcome = guardOne(redis);
            if (json) {
                out().println(json(asMap(outcome)));
            } else {
                printText(outcome);
            }
            out().flush();
            return outcome.exitCode();
        } finally {
            client.shutdown();
        }
    }

    /** The same once per master of a Redis Cluster, each under its address; the exit code is the worst. */
    private Integer guardCluster(RedisClients clients) throws Exception {
        RedisClusterClient client = clients.createClusterChecked();
        try (StatefulRedisClusterConnection<String, String> cluster = RedisClients.connect(client)) {
            int exit = ExitCodes.OK;
            List<Map<String, Object>> nodes = new ArrayList<>();
            for (Map.Entry<String, StatefulRedisConnection<String, String>> master : ClusterGuard.masterConnections(cluster).entrySet()) {
                Outcome outcome = guardOne(new RedisGuard(master.getValue()));
                exit = Math.max(exit, outcome.exitCode());
                if (json) {
                    Map<String, Object> node = new LinkedHashMap<>();
                    node.put("node", master.getKey());
                    node.putAll(asMap(outcome));
                    nodes.add(node);
                } else {
                    out().println("master " + master.getKey() + ":");
                    printText(outcome);
                }
            }
            if (json) {
                out().println(json(Map.of("nodes", nodes)));
            }
            out().flush();
            return exit;
        } finally {
            client.shutdown();
        }
    }

    private Outcome guardOne(RedisGuard redis) throws InterruptedException {
        AuditedSettings settings = redis.settings(redis.info());
        RedisGuard.SaveResult saved = save && settings.configReadable() ? redis.save(Duration.ofSeconds(120)) : null;
        String managed = SavePolicy.providerManaged(settings, saved).orElse(null);
        List<Finding> findings = PersistenceAudit.audit(redis.info(), settings.values(), 0);
        List<String> enforced = enforce && managed == null ? enforce(redis, findings) : List.of();
        if (!enforced.isEmpty()) {
            findings = PersistenceAudit.audit(redis.info(), redis.settings(redis.info()).values(), 0);
        }
        return new Outcome(redis.info(), settings, managed, findings, managed == null ? saved : null, enforced);
    }

    /** The audited settings CONFIG would have shown and INFO does not. */
    private static List<String> unreadable(AuditedSettings settings) {
        return RedisGuard.AUDITED.stream().filter(s -> settings.value(s).isEmpty()).toList();
    }

    private static List<String> enforce(RedisGuard redis, List<Finding> findings) {
        List<String> done = new ArrayList<>();
        for (Finding f : findings) {
            if (f.safeValue() != null) {
                String refused = redis.configSet(f.setting(), f.safeValue());
                done.add(refused == null ? "CONFIG SET " + f.setting() + " " + f.safeValue()
                        : "cannot set " + f.setting() + " (" + refused + "): CONFIG is renamed or forbidden; change redis.conf");
            }
        }
        return done;
    }

    /** What one guard run found; {@code managed} says why persistence is the provider's, or is null. */
    private record Outcome(RedisInfo info, AuditedSettings settings, String managed, List<Finding> findings, RedisGuard.SaveResult saved,
                           List<String> enforced) {

        int exitCode() {
            boolean failedSave = managed == null && saved != null && !saved.ok();
            return findings.stream().anyMatch(f -> f.severity() == Finding.Severity.ERROR) || failedSave ? ExitCodes.GUARD_ERROR : ExitCodes.OK;
        }
    }

    private static Map<String, Object> persistence(RedisInfo info) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("lastSaveUnixTime", info.number("rdb_last_save_time", 0));
        state.put("lastBgsaveStatus", info.get("rdb_last_bgsave_status").orElse("?"));
        state.put("changesSinceLastSave", info.number("rdb_changes_since_last_save", 0));
        state.put("aofEnabled", info.flag("aof_enabled"));
        state.put("aofLastWriteStatus", info.get("aof_last_write_status").orElse("?"));
        state.put("evictedKeys", info.number("evicted_keys", 0));
        state.put("usedMemory", info.number("used_memory", 0));
        return state;
    }

    private static Map<String, Object> asMap(Outcome outcome) {
        RedisGuard.SaveResult saved = outcome.saved();
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("persistence", persistence(outcome.info()));
        all.put("findings", outcome.findings());
        all.put("configReadable", outcome.settings().configReadable());
        all.put("persistenceManagedByProvider", outcome.managed() != null);
        all.put("managedBecause", outcome.managed());
        all.put("save", saved == null ? null : Map.of("ok", saved.ok(), "tookMillis", saved.took().toMillis(), "message", saved.message()));
        all.put("enforced", outcome.enforced());
        return all;
    }

    private void printText(Outcome outcome) {
        List<Finding> findings = outcome.findings();
        RedisGuard.SaveResult saved = outcome.saved();
        PrintWriter out = out();
        out.printf("persistence: %s%n", persistence(outcome.info()));
        if (outcome.managed() != null) {
            out.println("MANAGED  persistence is managed by the provider (" + outcome.managed() + "): metasync forces no saves;"
                    + " it still detects wipes, rollbacks and evictions");
        }
        if (!outcome.settings().configReadable()) {
            out.println("WARNING  " + String.join(", ", unreadable(outcome.settings())) + " cannot be checked: "
                    + outcome.settings().unreadable() + ". Fix: check them in your Redis provider's settings");
        }
        findings.forEach(f -> out.printf("%-8s %-28s %s. Fix: %s%n", f.severity(), f.setting(), f.problem(), f.remedy()));
        if (findings.isEmpty()) {
            out.println("OK       no setting that loses data" + (outcome.settings().configReadable() ? "" : " among those readable"));
        }
        outcome.enforced().forEach(e -> out.println("enforced: " + e));
        if (saved != null) {
            out.printf("save: %s in %d ms (%s)%n", saved.ok() ? "OK" : "FAILED", saved.took().toMillis(), saved.message());
        } else if (save && outcome.managed() != null) {
            out.println("save: SKIPPED (persistence is managed by the provider)");
        }
    }
}
