package com.tradeul.metasync.devtools.bench;

import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.cluster.pubsub.RedisClusterPubSubAdapter;
import io.lettuce.core.cluster.pubsub.StatefulRedisClusterPubSubConnection;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * {@link ArrivalWatcher} for a Redis Cluster: each master notifies only of its own keys, so the
 * notifications are switched on and subscribed to on every master (not on replicas, which would
 * notify the same SETs again), and each key is read back through the cluster connection. Callbacks
 * run on Lettuce's threads; the arrays are thread safe.
 */
final class ClusterArrivalWatcher implements ArrivalWatch {

    private final StatefulRedisClusterPubSubConnection<String, String> pubSub;
    private final StatefulRedisClusterConnection<String, String> reader;
    private final AtomicLong notifications = new AtomicLong();

    ClusterArrivalWatcher(RedisClusterClient client, StatefulRedisClusterConnection<String, String> reader, long base,
                          AtomicLongArray arrivals) {
        this.reader = reader;
        reader.sync().upstream().commands().configSet("notify-keyspace-events", "K$");
        this.pubSub = client.connectPubSub();
        pubSub.addListener(new RedisClusterPubSubAdapter<>() {
            @Override
            public void message(RedisClusterNode node, String pattern, String channel, String message) {
                long arrived = System.nanoTime();
                notifications.incrementAndGet();
                reader.async().get(channel.substring(ArrivalWatcher.CHANNEL_PREFIX.length())).thenAccept(json -> {
                    long n = LatencySamples.volumeOf(json) - base;
                    if (n >= 0 && n < arrivals.length()) {
                        arrivals.compareAndSet((int) n, 0, arrived);
                    }
                });
            }
        });
        pubSub.sync().upstream().commands().psubscribe(ArrivalWatcher.CHANNEL_PREFIX + BenchSql.KEY_PREFIX + "*");
    }

    @Override
    public long notifications() {
        return notifications.get();
    }

    @Override
    public void close() {
        pubSub.close();
        reader.sync().upstream().commands().configSet("notify-keyspace-events", "");
    }
}
