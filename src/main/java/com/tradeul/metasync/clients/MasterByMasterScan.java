package com.tradeul.metasync.clients;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * SCAN over a Redis Cluster, one master after the other: those that serve slots when the scan
 * starts. Lettuce's own cluster SCAN also visits masters the cluster marked failed (a master
 * killed stays listed, without slots, until it is forgotten or returns as a replica) and then fails
 * the whole scan with "connection refused". Used from one thread per scan.
 */
public final class MasterByMasterScan<V> {

    private final StatefulRedisClusterConnection<String, V> cluster;

    public MasterByMasterScan(StatefulRedisClusterConnection<String, V> cluster) {
        this.cluster = cluster;
    }

    /** Where a scan stands: the masters to walk, which one it is on, and that master's own cursor. */
    private static final class Position extends KeyScanCursor<String> {
        final List<RedisClusterNode> masters;
        final int index;

        Position(List<RedisClusterNode> masters, int index, String nodeCursor, List<String> keys) {
            this.masters = masters;
            this.index = index;
            setCursor(nodeCursor);
            getKeys().addAll(keys);
            setFinished(index >= masters.size());
        }
    }

    /** The next page: from {@link ScanCursor#INITIAL}, then from the cursor returned, until it is finished. */
    public KeyScanCursor<String> page(ScanCursor cursor, ScanArgs args) {
        Position at = cursor instanceof Position p ? p : new Position(masters(), 0, "0", List.of());
        RedisClusterNode master = at.masters.get(at.index);
        KeyScanCursor<String> page = cluster.getConnection(master.getUri().getHost(), master.getUri().getPort()).sync()
                .scan(ScanCursor.of(at.getCursor()), args);
        List<String> keys = page.getKeys();
        return page.isFinished() ? new Position(at.masters, at.index + 1, "0", keys) : new Position(at.masters, at.index, page.getCursor(), keys);
    }

    private List<RedisClusterNode> masters() {
        List<RedisClusterNode> masters = new ArrayList<>();
        for (RedisClusterNode node : cluster.getPartitions()) {
            if (node.is(RedisClusterNode.NodeFlag.UPSTREAM) && !node.is(RedisClusterNode.NodeFlag.FAIL) && !node.getSlots().isEmpty()) {
                masters.add(node);
            }
        }
        masters.sort(Comparator.comparing(n -> n.getUri().toString()));
        if (masters.isEmpty()) {
            throw new IllegalStateException("the Redis Cluster lists no master serving slots (cluster_state not ok?)");
        }
        return masters;
    }
}
