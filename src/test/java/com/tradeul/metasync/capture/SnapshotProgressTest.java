package com.tradeul.metasync.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SnapshotProgressTest {

    @Test
    void counts_snapshot_reads_per_table_and_ends_with_the_last_flag_or_streaming() {
        SnapshotProgress progress = new SnapshotProgress();
        assertThat(progress.state()).isEqualTo(SnapshotProgress.State.NOT_STARTED);
        progress.observe("public.a", "r", "first");
        progress.observe("public.a", "r", "true");
        progress.observe("public.b", "r", "last_in_data_collection");
        assertThat(progress.state()).isEqualTo(SnapshotProgress.State.RUNNING);
        progress.observe("public.b", "r", "last");
        assertThat(progress.state()).isEqualTo(SnapshotProgress.State.DONE);
        assertThat(progress.rowsRead()).isEqualTo(Map.of("public.a", 2L, "public.b", 2L));
        assertThat(progress.totalRowsRead()).isEqualTo(4);
    }

    @Test
    void streaming_without_a_snapshot_is_done_with_nothing_read() {
        SnapshotProgress progress = new SnapshotProgress();
        progress.observe("public.a", "u", "false");
        assertThat(progress.state()).isEqualTo(SnapshotProgress.State.DONE);
        assertThat(progress.totalRowsRead()).isZero();
    }

    @Test
    void an_inactive_slot_is_expected_during_a_snapshot_and_shortly_after_a_copy_until_a_change_streams() {
        SnapshotProgress progress = new SnapshotProgress();
        long now = System.currentTimeMillis();
        assertThat(progress.streamNotExpectedYet(now)).as("no snapshot: the stream should be up").isFalse();
        progress.observe("public.a", "r", "first");
        assertThat(progress.streamNotExpectedYet(now)).as("Debezium's snapshot running").isTrue();
        progress.observe("public.a", "r", "last");
        assertThat(progress.streamNotExpectedYet(now)).as("Debezium's snapshot done").isFalse();

        SnapshotProgress copied = new SnapshotProgress();
        copied.finished();
        long after = System.currentTimeMillis();
        assertThat(copied.streamNotExpectedYet(after)).as("just after the copy").isTrue();
        assertThat(copied.streamNotExpectedYet(after + SnapshotProgress.STREAM_START_GRACE_MILLIS)).as("grace over").isFalse();
        copied.observe("public.a", "u", null);
        assertThat(copied.streamNotExpectedYet(after)).as("a change streamed: the stream is up").isFalse();
    }
}
