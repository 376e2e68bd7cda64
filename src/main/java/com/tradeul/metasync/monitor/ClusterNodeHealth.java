package com.tradeul.metasync.monitor;

import com.tradeul.metasync.guard.ClusterGuard;
import com.tradeul.metasync.guard.Finding;
import com.tradeul.metasync.guard.PersistenceGuard;
import com.tradeul.metasync.monitor.HealthReport.NodeHealth;
import com.tradeul.metasync.monitor.HealthReport.Reason;
import com.tradeul.metasync.monitor.HealthReport.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The health of each node of a Redis Cluster, from the topology and each master's persistence
 * guard. One master that cannot be reached, or a node the cluster marks failed, is DEGRADED naming
 * it, not DOWN: the other masters are still kept current, and where that master's slots cannot be
 * written apply waits, which health reports as DOWN on its own. Only when no master answers is
 * Redis unreachable. Pure.
 */
public final class ClusterNodeHealth {

    /** Each node's line, the reasons to add, and why Redis as a whole is unreachable (null: some master answers). */
    public record Judgement(List<NodeHealth> nodes, List<Reason> reasons, String unreachable) {
        public Judgement {
            nodes = List.copyOf(nodes);
            reasons = List.copyOf(reasons);
        }
    }

    private ClusterNodeHealth() {}

    /**
     * @param topology every node of the cluster as the client sees it
     * @param guards each guarded master's status, by address; a master not in it is not guarded yet
     */
    public static Judgement judge(List<ClusterGuard.Node> topology, Map<String, PersistenceGuard.Status> guards) {
        List<NodeHealth> nodes = new ArrayList<>();
        List<Reason> reasons = new ArrayList<>();
        int masters = 0;
        int unreachableMasters = 0;
        String lastError = null;
        for (ClusterGuard.Node node : topology) {
            if (node.failed()) {
                nodes.add(new NodeHealth(node.address(), node.master() ? "master" : "replica", false, "not guarded: the cluster marks it failed"));
                reasons.add(new Reason(Status.DEGRADED, "redis-node", "Redis Cluster node " + node.address() + " is down (the cluster marks"
                        + " it failed)" + (node.master() && node.servesSlots() ? "; its slots cannot be written until a replica is promoted" : "")
                        + ". Fix: start it again, it rejoins as a replica, or remove it (redis-cli --cluster del-node)"));
                continue;
            }
            if (!node.master() || !node.servesSlots()) {
                nodes.add(new NodeHealth(node.address(), node.master() ? "master" : "replica", true, "not guarded: serves no slots"));
                continue;
            }
            masters++;
            PersistenceGuard.Status guard = guards.get(node.address());
            if (guard != null && guard.error() != null) {
                unreachableMasters++;
                lastError = node.address() + ": " + guard.error();
                nodes.add(new NodeHealth(node.address(), "master", false, "cannot be reached: " + guard.error()));
                reasons.add(new Reason(Status.DEGRADED, "redis-node", "Redis Cluster master " + node.address() + " cannot be reached: "
                        + guard.error()));
            } else {
                nodes.add(new NodeHealth(node.address(), "master", true, guardState(guard)));
            }
        }
        String unreachable = masters > 0 && unreachableMasters == masters ? "no master of the Redis Cluster answers (" + lastError + ")" : null;
        return new Judgement(nodes, reasons, unreachable);
    }

    private static String guardState(PersistenceGuard.Status guard) {
        if (guard == null) {
            return "guard starting";
        }
        if (guard.lastSave() != null && !guard.lastSave().ok()) {
            return "last forced save failed: " + guard.lastSave().message();
        }
        Finding.Severity worst = guard.worst();
        String settings = worst == Finding.Severity.OK ? "settings OK" : "settings " + worst;
        String saved = guard.lastGoodSave() == null ? "no forced save yet" : "saved at " + guard.lastGoodSave();
        return saved + ", " + settings;
    }
}
