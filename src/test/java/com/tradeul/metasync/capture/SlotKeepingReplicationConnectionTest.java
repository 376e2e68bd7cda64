package com.tradeul.metasync.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.debezium.connector.postgresql.connection.ReplicationConnection;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What Debezium's task may do with the slot through the wrapper, against a stand-in that records the calls it gets. */
class SlotKeepingReplicationConnectionTest {

    private final List<String> calls = new ArrayList<>();
    private final ReplicationConnection debeziums = (ReplicationConnection) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {ReplicationConnection.class}, (proxy, method, args) -> {
                calls.add(method.getName());
                return method.getName().equals("createReplicationSlot") ? Optional.empty() : null;
            });

    @Test
    void under_debeziums_snapshot_the_task_start_creates_a_missing_slot() throws Exception {
        new SlotKeepingReplicationConnection(debeziums, "s", () -> false, true).createReplicationSlot();
        assertThat(calls).containsExactly("createReplicationSlot");
    }

    @Test
    void a_slot_dropped_before_streaming_begins_fails_the_stream_instead_of_being_created_again() {
        SlotKeepingReplicationConnection connection = new SlotKeepingReplicationConnection(debeziums, "s", () -> false, true);
        assertThatThrownBy(() -> connection.startStreaming(null, null)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("replication slot s is gone before streaming began");
        assertThatThrownBy(() -> connection.startStreaming(null)).isInstanceOf(IllegalStateException.class);
        assertThat(calls).as("Debezium's connection, which would create the slot, is not asked").isEmpty();
    }

    @Test
    void a_slot_that_exists_streams() throws Exception {
        new SlotKeepingReplicationConnection(debeziums, "s", () -> true, true).startStreaming(null, null);
        assertThat(calls).containsExactly("startStreaming");
    }

    @Test
    void under_the_copy_reader_the_slot_is_never_created() {
        SlotKeepingReplicationConnection connection = new SlotKeepingReplicationConnection(debeziums, "s", () -> false, false);
        assertThatThrownBy(connection::createReplicationSlot).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("capture's copy snapshot created it");
        assertThatThrownBy(connection::initConnection).isInstanceOf(IllegalStateException.class);
        assertThat(calls).isEmpty();
    }
}
