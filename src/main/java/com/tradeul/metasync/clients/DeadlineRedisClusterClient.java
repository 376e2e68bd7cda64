package com.tradeul.metasync.clients;

import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.resource.ClientResources;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** {@link DeadlineRedisClient}'s twin for a Redis Cluster: it shuts its own resources down with itself. */
final class DeadlineRedisClusterClient extends RedisClusterClient {

    private final ClientResources resources;

    DeadlineRedisClusterClient(ClientResources resources, Iterable<RedisURI> seeds) {
        super(resources, seeds);
        this.resources = resources;
    }

    @Override
    public CompletableFuture<Void> shutdownAsync(long quietPeriod, long timeout, TimeUnit timeUnit) {
        return super.shutdownAsync(quietPeriod, timeout, timeUnit).thenCompose(done -> {
            CompletableFuture<Void> resourcesDown = new CompletableFuture<>();
            resources.shutdown(quietPeriod, timeout, timeUnit).addListener(future -> resourcesDown.complete(null));
            return resourcesDown;
        });
    }
}
