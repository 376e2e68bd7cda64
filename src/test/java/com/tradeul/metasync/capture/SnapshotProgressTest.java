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
}
