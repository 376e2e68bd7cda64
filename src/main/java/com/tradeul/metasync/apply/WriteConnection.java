package com.tradeul.metasync.apply;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Apply's one connection for writes, auto-flush off: nothing is sent before {@link #flush}, so
 * nothing else may use it (see STACK.md). A READONLY reply means it reached a replica: the master
 * was demoted and nothing closed this connection (a managed Redis whose DNS name moved to the new
 * primary leaves it so; Sentinel closes it itself). Before the next batch it is then replaced:
 * a new connection resolves the address again (asking the sentinels, for a Sentinel URI) and
 * reaches the new master, instead of retrying against the old one for as long as it lives. Used
 * from apply's thread only.
 */
final class WriteConnection implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WriteConnection.class);

    private final RedisClient client;
    private StatefulRedisConnection<String, byte[]> connection;
    private RedisAsyncCommands<String, byte[]> commands;
    private boolean onReplica;
    private boolean renewedSinceAccepted;

    WriteConnection(RedisClient client) {
        this.client = client;
        use(connect());
    }

    private StatefulRedisConnection<String, byte[]> connect() {
        return client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
    }

    private void use(StatefulRedisConnection<String, byte[]> fresh) {
        connection = fresh;
        connection.setAutoFlushCommands(false);
        commands = connection.async();
    }

    RedisAsyncCommands<String, byte[]> commands() {
        return commands;
    }

    void flush() {
        connection.flushCommands();
    }

    /** Notes why Redis refused a command; a READONLY makes {@link #renewIfOnReplica} connect again. */
    void refused(String reply) {
        onReplica |= String.valueOf(reply).contains("READONLY");
    }

    /** Redis took a batch on this connection: a later READONLY is news again. */
    void accepted() {
        renewedSinceAccepted = false;
    }

    /**
     * @return true when a new connection replaced one that had reached a replica: scripts must be loaded again
     * @throws RedisRefusedException when Redis cannot be reached for the new connection (retried as any refusal)
     */
    boolean renewIfOnReplica() {
        if (!onReplica) {
            return false;
        }
        if (!renewedSinceAccepted) {
            // Once per episode: while no master answers, every retry connects again, silently.
            LOG.info("Redis answered READONLY (this connection reached a replica): connecting again to find the master");
        }
        renewedSinceAccepted = true;
        StatefulRedisConnection<String, byte[]> fresh;
        try {
            fresh = connect();
        } catch (RuntimeException e) {
            throw new RedisRefusedException("cannot connect to Redis again after READONLY: " + e.getMessage(), e);
        }
        connection.closeAsync();
        use(fresh);
        onReplica = false;
        return true;
    }

    @Override
    public void close() {
        connection.close();
    }
}
