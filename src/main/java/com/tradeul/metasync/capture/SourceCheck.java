package com.tradeul.metasync.capture;

import com.tradeul.metasync.config.CaptureSettings.OnSlotLost;

/**
 * Decides, before capture streams (at start, and after its engine stopped on an error), whether the
 * position it would stream from still exists: the same cluster it captured from, its replication
 * slot there and not invalidated. When it does not, the changes committed since capture last read
 * are gone from PostgreSQL's log, and only a fresh snapshot can bring Redis back to the truth. Pure.
 */
public final class SourceCheck {

    /** Why a fresh snapshot is needed, in a word metrics can label by. */
    public enum Cause {
        SLOT_DROPPED("slot_dropped"), SLOT_LOST("slot_lost"), CLUSTER_REPLACED("cluster_replaced"),
        /** Capture's copy snapshot (capture.snapshot.reader=copy) stopped before it was done: its slot's snapshot is gone. */
        SNAPSHOT_INTERRUPTED("snapshot_interrupted");

        private final String label;

        Cause(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** The replication slot as {@code pg_replication_slots} shows it. */
    public enum Slot { PRESENT, MISSING, LOST }

    /** What capture found in PostgreSQL just now. */
    public record Observed(String systemIdentifier, Slot slot) {}

    /** What capture does. */
    public sealed interface Decision {
        /** Stream on from Debezium's offsets; {@code identity} is what to remember (written when it changed). */
        record Stream(SourceIdentity identity) implements Decision {}

        /**
         * Take a fresh snapshot under {@code next} (new offsets); {@code shiftPositions}: raise the
         * position base above the old cluster's positions first. {@code message} is the one log line.
         */
        record Resnapshot(Cause cause, SourceIdentity next, boolean shiftPositions, String message) implements Decision {}

        /** Stop capture: {@code message} says what happened, {@code fix} what to do. */
        record Stop(Cause cause, String message, String fix) implements Decision {}
    }

    private SourceCheck() {}

    /**
     * @param stored what capture remembered; null when it never ran against any cluster (or ran
     *     before it remembered one): the cluster found now is taken as the one its offsets belong to
     * @param where the PostgreSQL capture connects to, for the messages ({@code host:port/database})
     */
    public static Decision decide(Observed now, SourceIdentity stored, OnSlotLost policy, String slot, String where) {
        SourceIdentity known = stored == null ? SourceIdentity.first(now.systemIdentifier()) : stored;
        if (!known.systemIdentifier().equals(now.systemIdentifier())) {
            String what = "PostgreSQL at " + where + " is another cluster (system identifier " + now.systemIdentifier()
                    + ", capture streamed from " + known.systemIdentifier() + "): its log positions do not continue the old"
                    + " cluster's, and the slot " + slot + " stayed with it";
            return act(Cause.CLUSTER_REPLACED, known.resnapshot(now.systemIdentifier(), Cause.CLUSTER_REPLACED), true, what, policy,
                    "if this is the right database, set capture.on-slot-lost=resnapshot (or restart with it) to take a fresh snapshot;"
                            + " if not, correct postgres.host / postgres.port / postgres.database");
        }
        if (known.pending() != null) {
            String what = known.pending() == Cause.CLUSTER_REPLACED
                    ? "PostgreSQL at " + where + " replaced the cluster capture streamed from (now system identifier "
                            + now.systemIdentifier() + ")"
                    : slotFault(known.pending(), slot);
            return new Decision.Resnapshot(known.pending(), known.resnapshot(now.systemIdentifier(), known.pending()),
                    known.pending() == Cause.CLUSTER_REPLACED, what + "; the fresh snapshot this needs is not done yet: taking it"
                            + " now (capture.on-slot-lost=resnapshot); rows deleted meanwhile are removed from Kafka and Redis");
        }
        return switch (now.slot()) {
            case PRESENT -> new Decision.Stream(known);
            case MISSING -> stored == null
                    ? new Decision.Stream(known) // first start: Debezium creates the slot and takes its initial snapshot
                    : act(Cause.SLOT_DROPPED, known.resnapshot(now.systemIdentifier(), Cause.SLOT_DROPPED), false,
                            slotFault(Cause.SLOT_DROPPED, slot), policy,
                            "set capture.on-slot-lost=resnapshot to take a fresh snapshot; to prevent it, never drop the slot"
                                    + " while metasync uses it");
            case LOST -> act(Cause.SLOT_LOST, known.resnapshot(now.systemIdentifier(), Cause.SLOT_LOST), false,
                    slotFault(Cause.SLOT_LOST, slot), policy,
                    "set capture.on-slot-lost=resnapshot to take a fresh snapshot (capture drops the invalidated slot);"
                            + " to prevent it, raise max_slot_wal_keep_size or keep capture from falling behind");
        };
    }

    private static String slotFault(Cause cause, String slot) {
        if (cause == Cause.SNAPSHOT_INTERRUPTED) {
            return "capture's copy snapshot from replication slot " + slot + " stopped before it was done, and the snapshot"
                    + " the slot exported ended with it";
        }
        return cause == Cause.SLOT_LOST
                ? "replication slot " + slot + " was invalidated (wal_status=lost): PostgreSQL removed WAL it still needed"
                        + " (max_slot_wal_keep_size), so the changes committed since capture last read it are gone"
                : "replication slot " + slot + " no longer exists (dropped): the changes committed since capture last"
                        + " read it are not in PostgreSQL's log any more";
    }

    private static Decision act(Cause cause, SourceIdentity next, boolean shift, String what, OnSlotLost policy, String fix) {
        if (policy == OnSlotLost.STOP) {
            return new Decision.Stop(cause, what + "; capture stops (capture.on-slot-lost=stop)", fix);
        }
        return new Decision.Resnapshot(cause, next, shift, what + ": taking a fresh snapshot of every table"
                + " (capture.on-slot-lost=resnapshot); rows deleted meanwhile are removed from Kafka and Redis");
    }
}
