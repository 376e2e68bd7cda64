package com.tradeul.metasync.capture;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What capture's source check found, for health and metrics: the fault being healed now (a fresh
 * snapshot running), how many of each kind since start, and how long the last heal took. Written
 * by capture's threads, read by the monitor's; thread safe.
 */
public final class SourceFaults {

    /** A fault whose fresh snapshot is running; {@code message} is the line capture logged. */
    public record Fault(SourceCheck.Cause cause, String message, Instant since) {}

    private final Map<SourceCheck.Cause, AtomicLong> counts = new EnumMap<>(SourceCheck.Cause.class);
    private volatile Fault current;
    private volatile Duration lastHeal;

    public SourceFaults() {
        for (SourceCheck.Cause cause : SourceCheck.Cause.values()) {
            counts.put(cause, new AtomicLong());
        }
    }

    void began(SourceCheck.Cause cause, String message, Instant now) {
        counts.get(cause).incrementAndGet();
        current = new Fault(cause, message, now);
    }

    /** @return how long the fault took to heal, from its detection to the last tombstone acknowledged */
    Duration healed(Instant now) {
        Fault fault = current;
        Duration took = fault == null ? Duration.ZERO : Duration.between(fault.since(), now);
        lastHeal = took;
        current = null;
        return took;
    }

    /** The fault being healed now; empty while capture streams from its position. */
    public Optional<Fault> current() {
        return Optional.ofNullable(current);
    }

    /** Faults of this kind found since start (each began a fresh snapshot). */
    public long count(SourceCheck.Cause cause) {
        return counts.get(cause).get();
    }

    /** Seconds the last heal took; NaN before the first. */
    public double lastHealSeconds() {
        Duration heal = lastHeal;
        return heal == null ? Double.NaN : heal.toMillis() / 1000.0;
    }
}
