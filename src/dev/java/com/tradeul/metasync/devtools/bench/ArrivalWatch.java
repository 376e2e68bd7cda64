package com.tradeul.metasync.devtools.bench;

/**
 * A watch on the keyspace notifications of the bench table while a latency load runs, recording
 * when each numbered change became visible ({@link ArrivalWatcher} on the single Redis,
 * {@link ClusterArrivalWatcher} on every master of a cluster). Closing it switches the
 * notifications off again. Thread safe.
 */
interface ArrivalWatch extends AutoCloseable {

    /** Notifications received so far (a change overwritten before it was read back is counted but not recorded). */
    long notifications();

    @Override
    void close();
}
