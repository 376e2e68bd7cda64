package com.tradeul.metasync.devtools.bench;

/**
 * The Redis metasync writes to in a bench context, as the measurements need it: the single Redis
 * ({@link RedisProbe}) or a Redis Cluster ({@link ClusterKeys}). Not thread safe.
 */
interface BenchKeys extends AutoCloseable {

    /** Keys of the bench table, counted with SCAN (over every master of a cluster). */
    long tableKeys();

    /** Wipes every key (on every master of a cluster), metasync's offset records included. */
    void flushAll();

    @Override
    void close();
}
