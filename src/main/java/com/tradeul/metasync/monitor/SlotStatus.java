package com.tradeul.metasync.monitor;

/**
 * metasync's replication slot as PostgreSQL reports it.
 *
 * @param walStatus {@code reserved}, {@code extended}, {@code unreserved} or {@code lost}
 *     (PostgreSQL 13+); lost means PostgreSQL removed WAL the slot still needed
 * @param retainedBytes WAL PostgreSQL keeps for the slot: {@code pg_current_wal_lsn() - confirmed_flush_lsn}
 * @param plugin the slot's output plugin (metasync's capture uses pgoutput)
 * @param database the database the slot decodes; null when not known
 */
public record SlotStatus(String slot, boolean exists, boolean active, String walStatus, long retainedBytes, String plugin,
                         String database) {

    /** A slot whose database is not known (the monitor does not need it). */
    public SlotStatus(String slot, boolean exists, boolean active, String walStatus, long retainedBytes, String plugin) {
        this(slot, exists, active, walStatus, retainedBytes, plugin, null);
    }

    public static SlotStatus missing(String slot) {
        return new SlotStatus(slot, false, false, null, 0, null, null);
    }

    public boolean lost() {
        return "lost".equals(walStatus);
    }
}
