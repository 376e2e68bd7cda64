package com.tradeul.metasync.guard;

import com.tradeul.metasync.apply.ApplyStats;
import com.tradeul.metasync.config.MetasyncConfig;
import com.tradeul.metasync.replay.ReplayRequests;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The persistence guard of a Redis Cluster: one {@link PersistenceGuard} per master (forced saves,
 * LASTSAVE, the audit of the settings that lose data, evictions), over that master's connection of
 * the cluster connection. The masters are looked up again every few seconds from the topology
 * Lettuce keeps, so a replica promoted by a failover, or a master added, is guarded too, and a
 * demoted one is left. Thread safe.
 */
public final class ClusterGuard implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterGuard.class);

    private final MetasyncConfig config;
    private final StatefulRedisClusterConnection<String, String> cluster;
    private final ApplyStats applied;
    private final ReplayRequests replays;
    private final Clock clock;
    private final Map<String, PersistenceGuard> byMaster = new LinkedHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "metasync-cluster-guard");
        t.setDaemon(true);
        return t;
    });

    public ClusterGuard(MetasyncConfig config, StatefulRedisClusterConnection<String, String> cluster, ApplyStats applied,
                        ReplayRequests replays, Clock clock) {
        this.config = config;
        this.cluster = cluster;
        this.applied = applied;
        this.replays = replays;
        this.clock = clock;
    }

    /** {@link PersistenceGuard#checkEvictionAtStart} on every master: an evicting one is refused, enforced or accepted alike. */
    public static void checkEvictionAtStart(MetasyncConfig config, StatefulRedisClusterConnection<String, String> cluster) {
        for (RedisClusterNode master : masters(cluster)) {
            PersistenceGuard.checkEvictionAtStart(config, new RedisGuard(node(cluster, master)), address(master));
        }
    }

    /** Each master serving slots, by address in address order: its connection, kept (and closed) by {@code cluster}. */
    public static Map<String, io.lettuce.core.api.StatefulRedisConnection<String, String>> masterConnections(
            StatefulRedisClusterConnection<String, String> cluster) {
        Map<String, io.lettuce.core.api.StatefulRedisConnection<String, String>> connections = new LinkedHashMap<>();
        for (RedisClusterNode master : masters(cluster)) {
            connections.put(address(master), node(cluster, master));
        }
        return connections;
    }

    public void start() {
        timer.scheduleWithFixedDelay(this::followMasters, 0, 5, TimeUnit.SECONDS);
    }

    /** Each master's status, by address, in address order. */
    public synchronized Map<String, PersistenceGuard.Status> statuses() {
        Map<String, PersistenceGuard.Status> statuses = new LinkedHashMap<>();
        byMaster.forEach((address, guard) -> statuses.put(address, guard.status()));
        return statuses;
    }

    /**
     * A node of the cluster as the client's topology shows it.
     *
     * @param failed the cluster marks it failed (or the node seeing it suspects so)
     */
    public record Node(String address, boolean master, boolean failed, boolean servesSlots) {}

    /** Every node the cluster lists, in address order: for health's line per node. */
    public List<Node> topology() {
        List<Node> nodes = new ArrayList<>();
        for (RedisClusterNode node : cluster.getPartitions()) {
            nodes.add(new Node(address(node), node.is(RedisClusterNode.NodeFlag.UPSTREAM),
                    node.is(RedisClusterNode.NodeFlag.FAIL) || node.is(RedisClusterNode.NodeFlag.EVENTUAL_FAIL), !node.getSlots().isEmpty()));
        }
        nodes.sort(Comparator.comparing(Node::address));
        return nodes;
    }

    /**
     * The status of the master worst off (naming it in the error): what the guard metrics and the
     * save-age rule judge for the cluster; health's line per master reads {@link #statuses} instead.
     */
    public synchronized PersistenceGuard.Status status() {
        PersistenceGuard.Status worst = null;
        String where = null;
        for (Map.Entry<String, PersistenceGuard.Status> entry : statuses().entrySet()) {
            PersistenceGuard.Status status = entry.getValue();
            if (worst == null || rank(status) > rank(worst)) {
                worst = status;
                where = entry.getKey();
            }
        }
        if (worst == null) {
            return new PersistenceGuard.Status(List.of(), null, null, null, 0, "no master of the cluster seen yet", null);
        }
        String error = worst.error() == null ? null : "master " + where + ": " + worst.error();
        return new PersistenceGuard.Status(worst.findings(), worst.lastSave(), worst.lastGoodSave(), worst.redisLastSave(),
                worst.unsavedChanges(), error, worst.providerManaged() == null ? null : "master " + where + ": " + worst.providerManaged());
    }

    private static int rank(PersistenceGuard.Status status) {
        return (status.error() != null ? 100 : 0) + (status.lastSave() != null && !status.lastSave().ok() ? 50 : 0)
                + status.worst().ordinal();
    }

    private synchronized void followMasters() {
        try {
            List<String> now = new ArrayList<>();
            for (RedisClusterNode master : masters(cluster)) {
                String address = address(master);
                now.add(address);
                if (!byMaster.containsKey(address)) {
                    PersistenceGuard guard = new PersistenceGuard(config, new RedisGuard(node(cluster, master)), applied, replays, clock);
                    byMaster.put(address, guard);
                    guard.start();
                    LOG.info("persistence guard watches Redis Cluster master {}", address);
                }
            }
            for (String address : new ArrayList<>(byMaster.keySet())) {
                if (!now.contains(address)) {
                    byMaster.remove(address).close();
                    LOG.info("persistence guard leaves {}: no longer a master of the cluster", address);
                }
            }
        } catch (RuntimeException e) {
            LOG.debug("cannot list the cluster's masters ({}); trying again", e.getMessage());
        }
    }

    private static List<RedisClusterNode> masters(StatefulRedisClusterConnection<String, String> cluster) {
        List<RedisClusterNode> masters = new ArrayList<>();
        for (RedisClusterNode node : cluster.getPartitions()) {
            if (node.is(RedisClusterNode.NodeFlag.UPSTREAM) && !node.is(RedisClusterNode.NodeFlag.FAIL) && !node.getSlots().isEmpty()) {
                masters.add(node);
            }
        }
        masters.sort(Comparator.comparing(ClusterGuard::address));
        return masters;
    }

    private static io.lettuce.core.api.StatefulRedisConnection<String, String> node(StatefulRedisClusterConnection<String, String> cluster,
                                                                                   RedisClusterNode master) {
        return cluster.getConnection(master.getUri().getHost(), master.getUri().getPort());
    }

    private static String address(RedisClusterNode node) {
        return node.getUri().getHost() + ":" + node.getUri().getPort();
    }

    @Override
    public synchronized void close() {
        timer.shutdownNow();
        byMaster.values().forEach(PersistenceGuard::close);
        byMaster.clear();
    }
}
