package com.tradeul.metasync.monitor;

import com.tradeul.metasync.guard.Finding;
import com.tradeul.metasync.monitor.HealthReport.Reason;
import com.tradeul.metasync.monitor.HealthReport.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides health from what the pipeline last observed. Pure: every rule is unit-tested.
 *
 * <p>DOWN means Redis is not being kept current: Redis cannot be reached or refuses writes, or a
 * component that should run has stopped. DEGRADED means data still flows but an operator should
 * act before it stops or is lost: lag above the threshold, no recent save while changes are
 * unsaved, a failing save, a Redis setting that loses data, a slot retaining too much WAL. Saves
 * are not judged where the Redis provider keeps persistence to itself.
 */
public final class HealthPolicy {

    /**
     * What health is judged from. Null fields were not observed (that part does not run here, or
     * has not been sampled yet) and judge nothing.
     *
     * @param redisUnreachable why the guard could not reach Redis at its last check
     * @param redisRefusing why Redis refused apply's last write (apply waits)
     * @param stoppedComponents a line per component that should run but stopped, with its error
     * @param saveAge time since Redis's last successful save
     * @param lastSaveFailure why the last forced save failed, or null when it succeeded
     * @param captureRuns whether capture runs in this process (an inactive slot matters then)
     * @param persistenceManaged whether the Redis provider keeps persistence to itself (metasync may not
     *     run BGSAVE or CONFIG there): save age and failed saves are then the provider's, not health's
     * @param unconvertible the rows capture could not carry, as Redis holds their marks
     * @param slotUnreadable how many slot samples in a row failed, and why; null while it is read
     * @param slotInactiveSamples consecutive samples that found the slot without capture connected
     *     (not counted while the initial snapshot runs: capture streams only after it)
     * @param sourceFault why capture is taking a fresh snapshot now (its slot dropped or invalidated,
     *     PostgreSQL replaced), as capture logged it; null while capture streams from its position
     */
    public record Observations(
            String redisUnreachable,
            String redisRefusing,
            List<String> stoppedComponents,
            LagReport lag,
            Duration saveAge,
            long unsavedChanges,
            String lastSaveFailure,
            List<Finding> findings,
            SlotStatus slot,
            boolean captureRuns,
            boolean persistenceManaged,
            UnconvertibleRows unconvertible,
            SlotUnreadable slotUnreadable,
            int slotInactiveSamples,
            String sourceFault) {

        public Observations(String redisUnreachable, String redisRefusing, List<String> stoppedComponents, LagReport lag,
                            Duration saveAge, long unsavedChanges, String lastSaveFailure, List<Finding> findings, SlotStatus slot,
                            boolean captureRuns, boolean persistenceManaged, UnconvertibleRows unconvertible,
                            SlotUnreadable slotUnreadable, int slotInactiveSamples) {
            this(redisUnreachable, redisRefusing, stoppedComponents, lag, saveAge, unsavedChanges, lastSaveFailure, findings, slot,
                    captureRuns, persistenceManaged, unconvertible, slotUnreadable, slotInactiveSamples, null);
        }

        public Observations(String redisUnreachable, String redisRefusing, List<String> stoppedComponents, LagReport lag,
                            Duration saveAge, long unsavedChanges, String lastSaveFailure, List<Finding> findings, SlotStatus slot,
                            boolean captureRuns, boolean persistenceManaged) {
            this(redisUnreachable, redisRefusing, stoppedComponents, lag, saveAge, unsavedChanges, lastSaveFailure, findings, slot,
                    captureRuns, persistenceManaged, null, null, 1);
        }

        public Observations(String redisUnreachable, String redisRefusing, List<String> stoppedComponents, LagReport lag,
                            Duration saveAge, long unsavedChanges, String lastSaveFailure, List<Finding> findings, SlotStatus slot,
                            boolean captureRuns, boolean persistenceManaged, UnconvertibleRows unconvertible) {
            this(redisUnreachable, redisRefusing, stoppedComponents, lag, saveAge, unsavedChanges, lastSaveFailure, findings, slot,
                    captureRuns, persistenceManaged, unconvertible, null, 1);
        }

        /** Observations of a Redis whose persistence metasync manages. */
        public Observations(String redisUnreachable, String redisRefusing, List<String> stoppedComponents, LagReport lag,
                            Duration saveAge, long unsavedChanges, String lastSaveFailure, List<Finding> findings, SlotStatus slot,
                            boolean captureRuns) {
            this(redisUnreachable, redisRefusing, stoppedComponents, lag, saveAge, unsavedChanges, lastSaveFailure, findings, slot,
                    captureRuns, false);
        }
    }

    /**
     * Rows capture could not carry exactly (dead-lettered), from the marks Redis holds.
     *
     * @param first a few of them, each {@code table key k (column c: reason)}
     */
    public record UnconvertibleRows(long count, List<String> first) {
        public UnconvertibleRows {
            first = List.copyOf(first);
        }
    }

    /** The replication slot could not be read {@code failures} samples in a row, {@code cause} the last error. */
    public record SlotUnreadable(String slot, int failures, String cause) {}

    /** @param saveAgeThreshold a save older than this, with unsaved changes, degrades health */
    public record Thresholds(long lag, Duration saveAgeThreshold, long slotWalBytes) {}

    private HealthPolicy() {}

    public static HealthReport evaluate(Observations seen, Thresholds limits) {
        List<Reason> reasons = new ArrayList<>();
        if (seen.redisUnreachable() != null) {
            reasons.add(new Reason(Status.DOWN, "redis", "Redis cannot be reached: " + seen.redisUnreachable()));
        }
        if (seen.redisRefusing() != null) {
            reasons.add(new Reason(Status.DOWN, "apply", "apply is waiting: " + seen.redisRefusing()));
        }
        for (String stopped : seen.stoppedComponents()) {
            reasons.add(new Reason(Status.DOWN, stopped.startsWith("capture") ? "capture" : "apply", stopped));
        }
        if (seen.lag() != null && seen.lag().totalLag() > limits.lag()) {
            reasons.add(new Reason(Status.DEGRADED, "lag", "apply is " + seen.lag().totalLag() + " records behind the change topics"
                    + " (threshold " + limits.lag() + ", monitor.lag-threshold)"));
        }
        if (!seen.persistenceManaged()) {
            judgeSaves(seen, limits, reasons);
        }
        for (Finding f : seen.findings()) {
            if (f.severity() == Finding.Severity.ERROR) {
                reasons.add(new Reason(Status.DEGRADED, "redis-settings", f.setting() + " " + f.problem() + ". Fix: " + f.remedy()));
            }
        }
        judgeSlot(seen, limits, reasons);
        if (seen.unconvertible() != null && seen.unconvertible().count() > 0) {
            reasons.add(new Reason(Status.DEGRADED, "unconvertible", seen.unconvertible().count()
                    + " row(s) could not be carried exactly and went to the dead-letter topic: "
                    + String.join("; ", seen.unconvertible().first())
                    + (seen.unconvertible().count() > seen.unconvertible().first().size() ? "; ..." : "")
                    + ". Fix the value in PostgreSQL (its next change flows again), or see tables.<table>.on-unconvertible"));
        }
        Status worst = reasons.stream().map(Reason::severity).max(Enum::compareTo).orElse(Status.UP);
        return new HealthReport(worst, reasons);
    }

    private static void judgeSaves(Observations seen, Thresholds limits, List<Reason> reasons) {
        if (seen.lastSaveFailure() != null) {
            reasons.add(new Reason(Status.DEGRADED, "save", "the last forced Redis save failed: " + seen.lastSaveFailure()));
        }
        if (seen.saveAge() != null && seen.unsavedChanges() > 0 && seen.saveAge().compareTo(limits.saveAgeThreshold()) > 0) {
            reasons.add(new Reason(Status.DEGRADED, "save", "Redis's last save is " + seen.saveAge().toSeconds() + " s old with "
                    + seen.unsavedChanges() + " unsaved changes (threshold " + limits.saveAgeThreshold().toSeconds()
                    + " s, monitor.save-age-threshold-seconds)"));
        }
    }

    private static void judgeSlot(Observations seen, Thresholds limits, List<Reason> reasons) {
        SlotUnreadable unreadable = seen.slotUnreadable();
        if (unreadable != null && unreadable.failures() > 0) {
            // One failed sample can be a blip; the second in a row (two monitor intervals) means capture is down.
            Status severity = seen.captureRuns() && unreadable.failures() >= 2 ? Status.DOWN : Status.DEGRADED;
            reasons.add(new Reason(severity, "postgres", "PostgreSQL cannot be reached to read replication slot " + unreadable.slot()
                    + " (" + unreadable.failures() + " sample(s) in a row): " + unreadable.cause()
                    + (seen.captureRuns() ? "; capture cannot stream until it answers" : "")));
            return;
        }
        if (seen.sourceFault() != null) {
            // Data still flows and heals by itself; what the operator should act on is the cause.
            reasons.add(new Reason(Status.DEGRADED, "slot", "capture is taking a fresh snapshot: " + seen.sourceFault()));
            return;
        }
        SlotStatus slot = seen.slot();
        if (slot == null || !slot.exists()) {
            return;
        }
        if (slot.lost()) {
            reasons.add(new Reason(Status.DOWN, "slot", "replication slot " + slot.slot() + " lost WAL it needed (wal_status=lost):"
                    + " changes were lost; with capture.on-slot-lost=resnapshot capture takes a fresh snapshot at its next check,"
                    + " with stop: drop the slot and restart metasync to snapshot again"));
            return;
        }
        if (slot.retainedBytes() > limits.slotWalBytes()) {
            reasons.add(new Reason(Status.DEGRADED, "slot", "replication slot " + slot.slot() + " retains " + slot.retainedBytes()
                    + " bytes of WAL (threshold " + limits.slotWalBytes() + ", monitor.slot-wal-threshold-bytes)"));
        }
        if (seen.captureRuns() && !slot.active() && seen.slotInactiveSamples() > 0) {
            // Capture retrying (or gone): DEGRADED at once, DOWN when it is still so two samples later.
            Status severity = seen.slotInactiveSamples() >= 2 ? Status.DOWN : Status.DEGRADED;
            reasons.add(new Reason(severity, "slot", "replication slot " + slot.slot() + " is inactive: capture is not"
                    + " connected to PostgreSQL (" + seen.slotInactiveSamples() + " sample(s) in a row; see capture's log line)"));
        }
    }
}
