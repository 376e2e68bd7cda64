package com.tradeul.metasync.monitor;

import java.util.List;

/**
 * The pipeline's health: UP, DEGRADED (working, but an operator should act) or DOWN (Redis is not
 * being kept current), with every reason.
 */
public record HealthReport(Status status, List<Reason> reasons) {

    /** Ordered from good to bad: the report's status is its worst reason's. */
    public enum Status {
        UP, DEGRADED, DOWN;

        /** For the {@code metasync_health_status} gauge. */
        public int code() {
            return ordinal();
        }
    }

    /** @param check a short stable name (redis, apply, capture, lag, save, redis-settings, slot) */
    public record Reason(Status severity, String check, String message) {}

    public HealthReport {
        reasons = List.copyOf(reasons);
    }
}
