package com.tradeul.metasync.capture;

import io.debezium.connector.postgresql.connection.Lsn;
import io.debezium.connector.postgresql.connection.ReplicationConnection;
import io.debezium.connector.postgresql.connection.ReplicationStream;
import io.debezium.connector.postgresql.connection.WalPositionLocator;
import io.debezium.connector.postgresql.spi.SlotCreationResult;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Debezium's replication connection, except that it never creates the slot: under capture's copy
 * snapshot ({@code capture.snapshot.reader=copy}) the slot is the copy's, and one Debezium created
 * on finding none (dropped after the copy, before Debezium looked) would hold none of the changes
 * since the copy's consistent point. Debezium's task then fails to start, and capture's source check
 * takes the missing slot for what it is (a fresh snapshot, or a stop with the fix). Used by
 * Debezium's task thread only, as the connection it wraps.
 */
final class SlotKeepingReplicationConnection implements ReplicationConnection {

    /** The connector setting CaptureEngine sets under the copy reader. */
    static final String SETTING = "metasync.slot.must-exist";

    /** Whether the slot exists now. */
    interface SlotCheck {
        boolean exists() throws SQLException;
    }

    private final ReplicationConnection connection;
    private final String slot;
    private final SlotCheck check;

    /**
     * @param check asked before streaming starts too: Debezium's connection creates a missing slot
     *     there by itself ({@code initReplicationSlot}), past this wrapper
     */
    SlotKeepingReplicationConnection(ReplicationConnection connection, String slot, SlotCheck check) {
        this.connection = connection;
        this.slot = slot;
        this.check = check;
    }

    @Override
    public Optional<SlotCreationResult> createReplicationSlot() {
        throw gone();
    }

    private IllegalStateException gone() {
        return new IllegalStateException("replication slot " + slot + " is gone: capture's copy snapshot created it, and Debezium"
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
        requireSlot();
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
