package com.tradeul.metasync.devtools.bench;

import com.tradeul.metasync.clients.RedisClients;
import com.tradeul.metasync.verify.KeyCounter;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;

/**
 * A Redis Cluster as the bench sees it, through the cluster client metasync uses: Lettuce sends
 * SCAN and FLUSHALL of a cluster connection to every master. Not thread safe.
 */
final class ClusterKeys implements BenchKeys {

    private final RedisClusterClient client;
    private final StatefulRedisClusterConnection<String, String> connection;

    ClusterKeys(RedisClients redis) {
        this.client = redis.createClusterChecked();
        this.connection = RedisClients.connect(client);
    }

    @Override
    public long tableKeys() {
        return KeyCounter.count(connection.sync(), BenchSql.KEY_PREFIX + "*");
    }

    @Override
    public void flushAll() {
        connection.sync().flushall();
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown();
    }
}
