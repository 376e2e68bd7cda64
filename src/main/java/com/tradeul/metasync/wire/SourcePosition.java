package com.tradeul.metasync.wire;

/**
 * Where a change came from in PostgreSQL's log.
 *
 * @param lsn log sequence number of the change
 * @param txId transaction id, or null when unknown
 * @param commitTimeMicros commit time in microseconds since the Unix epoch
 */
public record SourcePosition(long lsn, Long txId, long commitTimeMicros) {}
