package com.tradeul.metasync.monitor;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What the last samples of the replication slot say, and when that changed: a slot that cannot
 * be read means PostgreSQL cannot be reached, so capture cannot stream either. Its figures are
 * then stale (not the last good ones), and each change of state is one log line. Pure; not thread
 * safe (the monitor's sampling thread owns it).
 */
final class SlotSamples {

    /**
     * @param slot the last sample; null while the slot cannot be read (stale)
     * @param failures consecutive samples that failed (0 when the last one was read)
     * @param cause why the last sample failed, or null
     * @param inactive consecutive samples that found the slot with no consumer (capture not connected)
     */
    record Observation(SlotStatus slot, int failures, String cause, int inactive) {
        static final Observation NONE = new Observation(null, 0, null, 0);
    }

    private Observation current = Observation.NONE;
    private Instant failingSince;

    Observation current() {
        return current;
    }

    /** @return a line to log when PostgreSQL answers again after failing */
    Optional<String> read(SlotStatus slot, Instant now) {
        Optional<String> change = current.failures() > 0
                ? Optional.of("PostgreSQL answers again after " + Duration.between(failingSince, now).toSeconds()
                        + " s; replication slot " + slot.slot() + (slot.active() ? " is active" : " is not active yet"))
                : Optional.empty();
        int inactive = slot.exists() && !slot.active() ? current.inactive() + 1 : 0;
        current = new Observation(slot, 0, null, inactive);
        failingSince = null;
        return change;
    }

    /** @return a line to log when PostgreSQL stops answering (once, not at every failed sample) */
    Optional<String> failed(String slotName, String cause, Instant now) {
        boolean first = current.failures() == 0;
        if (first) {
            failingSince = now;
        }
        current = new Observation(null, current.failures() + 1, cause, 0);
        return first ? Optional.of("cannot read replication slot " + slotName + " (" + cause + "): capture cannot stream until"
                + " PostgreSQL answers; slot figures are stale") : Optional.empty();
    }
}
