package com.tradeul.metasync.clients;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.resource.ClientResources;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A Lettuce client with resources of its own (those that put {@link ReplyDeadline} on each of its
 * connections), which it shuts down with itself: Lettuce leaves resources a client was given running.
 */
final class DeadlineRedisClient extends RedisClient {

    private final ClientResources resources;

    DeadlineRedisClient(ClientResources resources, RedisURI uri) {
        super(resources, uri);
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
