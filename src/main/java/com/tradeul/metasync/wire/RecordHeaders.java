package com.tradeul.metasync.wire;

/** Kafka record headers that are part of metasync's wire format. */
public final class RecordHeaders {

    /**
     * The PostgreSQL LSN of the change, in decimal, on every change record capture writes. Apply
     * fences writes with it; a tombstone, which has no event, carries its position only here.
     */
    public static final String SOURCE_POSITION = "metasync.lsn";

    private RecordHeaders() {}
}
