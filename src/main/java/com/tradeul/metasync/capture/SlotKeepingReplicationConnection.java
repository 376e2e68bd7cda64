package com.tradeul.metasync.capture;

import io.debezium.connector.postgresql.connection.Lsn;
import io.debezium.connector.postgresql.connection.ReplicationConnection;
import io.debezium.connector.postgresql.connection.ReplicationStream;
import io.debezium.connector.postgresql.connection.WalPositionLocator;
import io.debezium.connector.postgresql.spi.SlotCreationResult;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Debezium's replication connection, except that it never creates the slot where a slot of that
 * name would miss changes. When streaming starts, the slot must exist: Debezium's own connection
 * creates a missing one there by itself ({@code initReplicationSlot}), and a slot dropped between
 * Debezium's snapshot and its stream (CaptureEngineLeakIT saw it, the drop 30-90 ms after the snapshot's
 * last row on a loaded machine) came back at once, before capture's watchdog looked, holding none of
 * the changes since the drop. Under capture's copy snapshot ({@code capture.snapshot.reader=copy},
 * {@link #SETTING}) it never creates the slot at all: the slot is the copy's, and one Debezium created
 * on finding none (dropped after the copy, before Debezium looked) would hold none of the changes
 * since the copy's consistent point. Debezium's task then fails, and capture's source check
 * takes the missing slot for what it is (a fresh snapshot, or a stop with the fix). Used by
 * Debezium's task thread only, as the connection it wraps.
 */
final class SlotKeepingReplicationConnection implements ReplicationConnection {

    /** The connector setting CaptureEngine sets under the copy reader. */
    static final String SETTING = "metasync.slot.must-exist";
    /**
     * The connector setting CaptureEngine sets under either reader: the slot must exist when streaming
     * starts (the task's start still creates a missing one for Debezium's snapshot, or for its own
     * restart after a retriable failure, which capture's watchdog notices: the slot is gone for the
     * 10 s Debezium waits first).
     */
    static final String STREAM_SETTING = "metasync.slot.must-exist-to-stream";

    /** Whether the slot exists now. */
    interface SlotCheck {
        boolean exists() throws SQLException;
    }

    private final ReplicationConnection connection;
    private final String slot;
    private final SlotCheck check;
    private final boolean creates;

    /**
     * @param check asked before streaming starts too: Debezium's connection creates a missing slot
     *     there by itself ({@code initReplicationSlot}), past this wrapper
     * @param creates whether the task's start may create a missing slot (Debezium's snapshot reads
     *     under it); false under the copy reader
     */
    SlotKeepingReplicationConnection(ReplicationConnection connection, String slot, SlotCheck check, boolean creates) {
        this.connection = connection;
        this.slot = slot;
        this.check = check;
        this.creates = creates;
    }

    @Override
    public Optional<SlotCreationResult> createReplicationSlot() throws SQLException {
        if (creates) {
            return connection.createReplicationSlot();
        }
        throw gone();
    }

    private IllegalStateException gone() {
        return new IllegalStateException(creates
                ? "replication slot " + slot + " is gone before streaming began: Debezium does not create another (it would miss"
                        + " every change since the drop)"
                : "replication slot " + slot + " is gone: capture's copy snapshot created it, and Debezium"
                        + " does not create another (it would miss every change since the snapshot)");
    }

    private void requireSlot() throws SQLException {
        if (!check.exists()) {
            throw gone();
        }
    }

    @Override
    public ReplicationStream startStreaming(WalPositionLocator walPosition) throws SQLException, InterruptedException {
        requireSlot();
        return connection.startStreaming(walPosition);
    }

    @Override
    public ReplicationStream startStreaming(Lsn offset, WalPositionLocator walPosition) throws SQLException, InterruptedException {
        requireSlot();
        return connection.startStreaming(offset, walPosition);
    }

    @Override
    public void initConnection() throws SQLException, InterruptedException {
        if (!creates) {
            requireSlot();
        }
        connection.initConnection();
    }

    @Override
    public boolean isConnected() throws SQLException {
        return connection.isConnected();
    }

    @Override
    public void reconnect() throws SQLException {
        connection.reconnect();
    }

    @Override
    public void close() throws Exception {
        connection.close();
    }
}
