package com.tradeul.metasync.monitor;

import java.util.ArrayList;
import java.util.List;

/**
 * The pipeline's health: UP, DEGRADED (working, but an operator should act) or DOWN (Redis is not
 * being kept current), with every reason; on a Redis Cluster also a line per node.
 */
public record HealthReport(Status status, List<Reason> reasons, List<NodeHealth> nodes) {

    /** Ordered from good to bad: the report's status is its worst reason's. */
    public enum Status {
        UP, DEGRADED, DOWN;

        /** For the {@code metasync_health_status} gauge. */
        public int code() {
            return ordinal();
        }
    }

    /** @param check a short stable name (redis, redis-node, apply, capture, lag, save, redis-settings, slot) */
    public record Reason(Status severity, String check, String message) {}

    /**
     * One node of a Redis Cluster.
     *
     * @param role master or replica
     * @param guard what the persistence guard last saw there, or why it does not watch it
     */
    public record NodeHealth(String address, String role, boolean reachable, String guard) {}

    public HealthReport {
        reasons = List.copyOf(reasons);
        nodes = List.copyOf(nodes);
    }

    public HealthReport(Status status, List<Reason> reasons) {
        this(status, reasons, List.of());
    }

    /** This report with the cluster's node lines and their reasons: the status is the worst of all. */
    public HealthReport withNodes(List<NodeHealth> nodeLines, List<Reason> more) {
        List<Reason> all = new ArrayList<>(reasons);
        all.addAll(more);
        Status worst = all.stream().map(Reason::severity).max(Enum::compareTo).orElse(Status.UP);
        return new HealthReport(worst, all, nodeLines);
    }
}
