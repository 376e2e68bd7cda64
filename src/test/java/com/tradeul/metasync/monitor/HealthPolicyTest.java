package com.tradeul.metasync.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradeul.metasync.guard.Finding;
import com.tradeul.metasync.monitor.HealthReport.Status;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class HealthPolicyTest {

    private static final HealthPolicy.Thresholds LIMITS = new HealthPolicy.Thresholds(1000, Duration.ofMinutes(15), 1_000_000);
    private static final SlotStatus ACTIVE_SLOT = new SlotStatus("metasync", true, true, "reserved", 1000, "pgoutput");

    private static HealthPolicy.Observations healthy() {
        return new HealthPolicy.Observations(null, null, List.of(), lag(0), Duration.ofSeconds(10), 5, null, List.of(), ACTIVE_SLOT, true);
    }

    private static LagReport lag(long behind) {
        return new LagReport("g", List.of(new LagReport.PartitionLag("t", 0, 100L, 100L, 100 + behind)));
    }

    private static HealthPolicy.Observations with(java.util.function.UnaryOperator<Object[]> change) {
        HealthPolicy.Observations h = healthy();
        Object[] f = {h.redisUnreachable(), h.redisRefusing(), h.stoppedComponents(), h.lag(), h.saveAge(), h.unsavedChanges(),
            h.lastSaveFailure(), h.findings(), h.slot(), h.captureRuns(), h.persistenceManaged()};
        f = change.apply(f);
        @SuppressWarnings("unchecked")
        HealthPolicy.Observations o = new HealthPolicy.Observations((String) f[0], (String) f[1], (List<String>) f[2], (LagReport) f[3],
                (Duration) f[4], (long) f[5], (String) f[6], (List<Finding>) f[7], (SlotStatus) f[8], (boolean) f[9], (boolean) f[10]);
        return o;
    }

    private static HealthReport judge(HealthPolicy.Observations o) {
        return HealthPolicy.evaluate(o, LIMITS);
    }

    @Test
    void all_well_is_up_without_reasons() {
        HealthReport report = judge(healthy());
        assertThat(report.status()).isEqualTo(Status.UP);
        assertThat(report.reasons()).isEmpty();
    }

    @Test
    void unreachable_or_refusing_redis_is_down_with_its_message() {
        HealthReport unreachable = judge(with(f -> { f[0] = "Connection refused"; return f; }));
        assertThat(unreachable.status()).isEqualTo(Status.DOWN);
        assertThat(unreachable.reasons().get(0).message()).isEqualTo("Redis cannot be reached: Connection refused");
        HealthReport refusing = judge(with(f -> { f[1] = "Redis refused writes: OOM command not allowed"; return f; }));
        assertThat(refusing.status()).isEqualTo(Status.DOWN);
        assertThat(refusing.reasons().get(0).check()).isEqualTo("apply");
    }

    @Test
    void a_stopped_component_is_down() {
        HealthReport report = judge(with(f -> { f[2] = List.of("capture stopped: slot in use"); return f; }));
        assertThat(report.status()).isEqualTo(Status.DOWN);
        assertThat(report.reasons().get(0).check()).isEqualTo("capture");
    }

    @Test
    void lag_above_the_threshold_degrades_but_at_the_threshold_does_not() {
        assertThat(judge(with(f -> { f[3] = lag(1000); return f; })).status()).isEqualTo(Status.UP);
        HealthReport report = judge(with(f -> { f[3] = lag(1001); return f; }));
        assertThat(report.status()).isEqualTo(Status.DEGRADED);
        assertThat(report.reasons().get(0).message()).contains("1001 records behind").contains("monitor.lag-threshold");
    }

    @Test
    void an_old_save_degrades_only_while_changes_are_unsaved() {
        assertThat(judge(with(f -> { f[4] = Duration.ofHours(2); f[5] = 0L; return f; })).status()).isEqualTo(Status.UP);
        assertThat(judge(with(f -> { f[4] = Duration.ofHours(2); return f; })).status()).isEqualTo(Status.DEGRADED);
        assertThat(judge(with(f -> { f[6] = "MISCONF disk full"; return f; })).reasons().get(0).message()).contains("MISCONF disk full");
    }

    @Test
    void where_the_provider_manages_persistence_saves_are_not_judged_but_data_loss_still_is() {
        Finding evicted = new Finding(Finding.Severity.ERROR, "evicted_keys", "12 keys evicted", "set noeviction", null);
        assertThat(judge(with(f -> { f[4] = Duration.ofHours(2); f[6] = "BGSAVE refused: NOPERM"; f[10] = true; return f; })).status())
                .isEqualTo(Status.UP);
        assertThat(judge(with(f -> { f[4] = Duration.ofHours(2); f[6] = "BGSAVE refused: NOPERM"; return f; })).reasons())
                .extracting(HealthReport.Reason::check).containsExactly("save", "save");
        HealthReport report = judge(with(f -> { f[7] = List.of(evicted); f[10] = true; return f; }));
        assertThat(report.status()).isEqualTo(Status.DEGRADED);
        assertThat(report.reasons()).singleElement().extracting(HealthReport.Reason::check).isEqualTo("redis-settings");
    }

    @Test
    void only_error_findings_degrade() {
        Finding warning = new Finding(Finding.Severity.WARNING, "appendonly", "is no", "CONFIG SET appendonly yes", "yes");
        Finding error = new Finding(Finding.Severity.ERROR, "maxmemory-policy", "is allkeys-lru", "CONFIG SET maxmemory-policy noeviction", "noeviction");
        assertThat(judge(with(f -> { f[7] = List.of(warning); return f; })).status()).isEqualTo(Status.UP);
        HealthReport report = judge(with(f -> { f[7] = List.of(warning, error); return f; }));
        assertThat(report.status()).isEqualTo(Status.DEGRADED);
        assertThat(report.reasons()).singleElement().extracting(HealthReport.Reason::message)
                .isEqualTo("maxmemory-policy is allkeys-lru. Fix: CONFIG SET maxmemory-policy noeviction");
    }

    @Test
    void slot_rules() {
        SlotStatus big = new SlotStatus("metasync", true, true, "extended", 2_000_000, "pgoutput");
        SlotStatus inactive = new SlotStatus("metasync", true, false, "reserved", 10, "pgoutput");
        SlotStatus lost = new SlotStatus("metasync", true, false, "lost", 0, "pgoutput");
        assertThat(judge(with(f -> { f[8] = big; return f; })).status()).isEqualTo(Status.DEGRADED);
        assertThat(judge(with(f -> { f[8] = inactive; return f; })).status()).isEqualTo(Status.DEGRADED);
        assertThat(judge(with(f -> { f[8] = inactive; f[9] = false; return f; })).status())
                .as("an apply-only process does not own the slot's activity").isEqualTo(Status.UP);
        assertThat(judge(with(f -> { f[8] = lost; return f; })).status()).isEqualTo(Status.DOWN);
        assertThat(judge(with(f -> { f[8] = SlotStatus.missing("metasync"); return f; })).status()).isEqualTo(Status.UP);
    }

    @Test
    void the_worst_reason_decides_and_every_reason_is_listed() {
        HealthReport report = judge(with(f -> { f[0] = "refused"; f[3] = lag(5000); return f; }));
        assertThat(report.status()).isEqualTo(Status.DOWN);
        assertThat(report.reasons()).extracting(HealthReport.Reason::check).containsExactly("redis", "lag");
    }

    @Test
    void rows_that_could_not_be_carried_degrade_health_naming_the_first_keys_until_none_is_left() {
        HealthPolicy.Observations h = healthy();
        java.util.function.Function<HealthPolicy.UnconvertibleRows, HealthReport> judged = rows -> judge(new HealthPolicy.Observations(
                h.redisUnreachable(), h.redisRefusing(), h.stoppedComponents(), h.lag(), h.saveAge(), h.unsavedChanges(),
                h.lastSaveFailure(), h.findings(), h.slot(), h.captureRuns(), h.persistenceManaged(), rows));

        HealthReport marked = judged.apply(new HealthPolicy.UnconvertibleRows(4, List.of("public.t key t:1 (column p: ambiguous)")));
        assertThat(marked.status()).isEqualTo(Status.DEGRADED);
        assertThat(marked.reasons().get(0).message()).startsWith("4 row(s) could not be carried exactly")
                .contains("public.t key t:1 (column p: ambiguous); ...").contains("on-unconvertible");
        assertThat(judged.apply(new HealthPolicy.UnconvertibleRows(0, List.of())).status()).isEqualTo(Status.UP);
        assertThat(judged.apply(null).status()).isEqualTo(Status.UP);
    }

    private static HealthPolicy.Observations slotSeen(boolean captureRuns, SlotStatus slot, HealthPolicy.SlotUnreadable unreadable,
                                                      int inactive) {
        HealthPolicy.Observations h = healthy();
        return new HealthPolicy.Observations(h.redisUnreachable(), h.redisRefusing(), h.stoppedComponents(), h.lag(), h.saveAge(),
                h.unsavedChanges(), h.lastSaveFailure(), h.findings(), slot, captureRuns, h.persistenceManaged(), null, unreadable, inactive);
    }

    @Test
    void an_unreadable_slot_is_degraded_at_once_and_down_on_the_second_sample_while_capture_runs_here() {
        HealthPolicy.SlotUnreadable once = new HealthPolicy.SlotUnreadable("metasync", 1, "Connection refused");
        HealthPolicy.SlotUnreadable twice = new HealthPolicy.SlotUnreadable("metasync", 2, "Connection refused");

        HealthReport first = judge(slotSeen(true, null, once, 0));
        assertThat(first.status()).isEqualTo(Status.DEGRADED);
        assertThat(first.reasons().get(0).message()).isEqualTo("PostgreSQL cannot be reached to read replication slot metasync"
                + " (1 sample(s) in a row): Connection refused; capture cannot stream until it answers");
        assertThat(judge(slotSeen(true, null, twice, 0)).status()).isEqualTo(Status.DOWN);
        assertThat(judge(slotSeen(false, null, twice, 0)).status()).as("apply only: capture runs elsewhere").isEqualTo(Status.DEGRADED);
    }

    @Test
    void an_inactive_slot_is_degraded_then_down_and_not_judged_while_the_snapshot_runs() {
        SlotStatus inactive = new SlotStatus("metasync", true, false, "reserved", 10, "pgoutput");
        assertThat(judge(slotSeen(true, inactive, null, 1)).status()).isEqualTo(Status.DEGRADED);
        assertThat(judge(slotSeen(true, inactive, null, 2)).status()).isEqualTo(Status.DOWN);
        assertThat(judge(slotSeen(true, inactive, null, 0)).status()).as("snapshot running").isEqualTo(Status.UP);
    }

    @Test
    void a_fresh_snapshot_after_a_lost_position_is_degraded_naming_the_fault_and_hides_the_slot_it_replaces() {
        HealthPolicy.Observations h = healthy();
        SlotStatus lost = new SlotStatus("metasync", true, false, "lost", 0, "pgoutput");
        HealthPolicy.Observations healing = new HealthPolicy.Observations(h.redisUnreachable(), h.redisRefusing(), h.stoppedComponents(),
                h.lag(), h.saveAge(), h.unsavedChanges(), h.lastSaveFailure(), h.findings(), lost, true, false, null, null, 3,
                "replication slot metasync was invalidated (wal_status=lost): ...");

        HealthReport report = judge(healing);

        assertThat(report.status()).isEqualTo(Status.DEGRADED);
        assertThat(report.reasons()).extracting(HealthReport.Reason::message)
                .containsExactly("capture is taking a fresh snapshot: replication slot metasync was invalidated (wal_status=lost): ...");
        assertThat(judge(slotSeen(true, lost, null, 0)).status()).as("lost with nothing healing it").isEqualTo(Status.DOWN);
    }
}
