package com.tradeul.metasync.clients;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a Redis connection that sent bytes and got none back for longer than the deadline, so
 * that Lettuce connects again. Lettuce's own command timeout fails the command but keeps the
 * connection: on a connection that hangs without being closed (packets dropped, no reset; a frozen
 * proxy or NAT) every later command would wait its full timeout too, for as long as the connection
 * lives. An idle connection (nothing sent) is never closed. First in the channel's pipeline, so it
 * sees the bytes as they cross the socket. Runs on the channel's event loop only; one per channel.
 */
final class ReplyDeadline extends ChannelDuplexHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ReplyDeadline.class);

    private final long deadlineNanos;
    private final String redis;
    /** Whether bytes were sent since bytes last arrived, and since when (System.nanoTime()). */
    private boolean waiting;
    private long waitingSince;
    private ScheduledFuture<?> checks;

    ReplyDeadline(Duration deadline, String redis) {
        this.deadlineNanos = deadline.toNanos();
        this.redis = redis;
    }

    /** Pure: whether a reply awaited since {@code waitingSince} (when {@code waiting}) is overdue at {@code now}. */
    static boolean overdue(boolean waiting, long waitingSince, long now, long deadlineNanos) {
        return waiting && now - waitingSince > deadlineNanos;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        long every = Math.max(TimeUnit.MILLISECONDS.toNanos(50), deadlineNanos / 4);
        checks = ctx.executor().scheduleAtFixedRate(() -> check(ctx), every, every, TimeUnit.NANOSECONDS);
        super.channelActive(ctx);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (!waiting) {
            waiting = true;
            waitingSince = System.nanoTime();
        }
        super.write(ctx, msg, promise);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        waiting = false;
        super.channelRead(ctx, msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (checks != null) {
            checks.cancel(false);
        }
        super.channelInactive(ctx);
    }

    private void check(ChannelHandlerContext ctx) {
        if (overdue(waiting, waitingSince, System.nanoTime(), deadlineNanos) && ctx.channel().isActive()) {
            LOG.warn("no reply from Redis at {} within {} ms on a connection that stays open: closing it, Lettuce connects again",
                    redis, TimeUnit.NANOSECONDS.toMillis(deadlineNanos));
            waiting = false;
            ctx.close();
        }
    }
}
