package com.tradeul.metasync.devtools.bench;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Notes when each numbered change becomes visible in Redis, from keyspace notifications
 * ({@code notify-keyspace-events K$}, switched on for the watch and off after): at each SET of a
 * table key it reads the key back, takes the change number from {@code volume} and records the
 * notification's arrival time for it. A change overwritten before it was seen is not recorded.
 * Callbacks run on Lettuce's threads; the arrays are thread safe.
 */
final class ArrivalWatcher implements AutoCloseable {

    private static final String CHANNEL_PREFIX = "__keyspace@0__:";

    private final StatefulRedisPubSubConnection<String, String> pubSub;
    private final StatefulRedisConnection<String, String> reader;
    private final AtomicLongArray arrivals;
    private final AtomicLong notifications = new AtomicLong();

    ArrivalWatcher(RedisClient client, long base, AtomicLongArray arrivals) {
        this.arrivals = arrivals;
        this.reader = client.connect();
        reader.sync().configSet("notify-keyspace-events", "K$");
        this.pubSub = client.connectPubSub();
        pubSub.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String pattern, String channel, String message) {
                long arrived = System.nanoTime();
                notifications.incrementAndGet();
                reader.async().get(channel.substring(CHANNEL_PREFIX.length())).thenAccept(json -> {
                    long n = LatencySamples.volumeOf(json) - base;
                    if (n >= 0 && n < arrivals.length()) {
                        arrivals.compareAndSet((int) n, 0, arrived);
                    }
                });
            }
        });
        pubSub.sync().psubscribe(CHANNEL_PREFIX + BenchSql.KEY_PREFIX + "*");
    }

    long notifications() {
        return notifications.get();
    }

    @Override
    public void close() {
        pubSub.close();
        reader.sync().configSet("notify-keyspace-events", "");
        reader.close();
    }
}
