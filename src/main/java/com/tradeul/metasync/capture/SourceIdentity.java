package com.tradeul.metasync.capture;

import java.util.Objects;

/**
 * What capture remembers about the PostgreSQL it streams from, kept next to Debezium's offsets
 * ({@link SourceIdentityStore}) because it says what those offsets mean: the cluster they are
 * positions of, which of Debezium's offset namespaces is current, and what capture adds to every
 * LSN it forwards. Immutable.
 *
 * @param systemIdentifier {@code pg_control_system().system_identifier} of the cluster; a dump
 *     restored into a fresh initdb has another one
 * @param generation how many fresh snapshots capture took after losing its position; each one
 *     streams under offsets of its own ({@link #engineName}), so Debezium's old offsets are never read again
 * @param positionBase added to every LSN capture forwards: raised above every position of an old
 *     cluster when PostgreSQL is replaced, so the per-key fences in Redis never take a change of the
 *     new cluster (whose LSNs start lower) for an older one; 0 until then
 * @param pending the fault whose fresh snapshot has not finished (tombstones for the rows it no longer
 *     has included); null when none. Capture redoes an unfinished one at its next start.
 */
public record SourceIdentity(String systemIdentifier, int generation, long positionBase, SourceCheck.Cause pending) {

    static final String BASE_ENGINE_NAME = ConnectorProperties.ENGINE_NAME;

    public SourceIdentity {
        Objects.requireNonNull(systemIdentifier, "systemIdentifier");
        if (generation < 0 || positionBase < 0) {
            throw new IllegalArgumentException("generation and positionBase cannot be negative");
        }
    }

    /** The first identity of a cluster capture has not streamed from before. */
    public static SourceIdentity first(String systemIdentifier) {
        return new SourceIdentity(systemIdentifier, 0, 0, null);
    }

    /** Debezium's offsets are kept under this name; generation 0 keeps the name capture always used. */
    public String engineName() {
        return generation == 0 ? BASE_ENGINE_NAME : BASE_ENGINE_NAME + "-" + generation;
    }

    /** A fresh snapshot of {@code systemIdentifier} begins: new offsets, same positions until {@link #withPositionBase}. */
    SourceIdentity resnapshot(String systemIdentifier, SourceCheck.Cause cause) {
        return new SourceIdentity(systemIdentifier, generation + 1, positionBase, cause);
    }

    SourceIdentity withPositionBase(long base) {
        return new SourceIdentity(systemIdentifier, generation, base, pending);
    }

    SourceIdentity finished() {
        return new SourceIdentity(systemIdentifier, generation, positionBase, null);
    }

    SourceIdentity pending(SourceCheck.Cause cause) {
        return new SourceIdentity(systemIdentifier, generation, positionBase, cause);
    }

    /** The position capture forwards for an LSN of this cluster. */
    public long position(long lsn) {
        return Math.addExact(positionBase, lsn);
    }

    /**
     * The base that puts every LSN of a new cluster above {@code highestOldPosition}, the highest
     * position capture forwarded from the old one: LSNs are never 0, so base = highest is enough.
     */
    static long baseAbove(long currentBase, long highestOldPosition) {
        return Math.max(currentBase, highestOldPosition);
    }

    /** The stored form: one line of {@code key=value} pairs, read back by {@link #parse}. */
    String format() {
        return "system-identifier=" + systemIdentifier + ";generation=" + generation + ";position-base=" + positionBase
                + ";pending=" + (pending == null ? "" : pending.name());
    }

    static SourceIdentity parse(String text) {
        java.util.Map<String, String> fields = new java.util.HashMap<>();
        for (String part : text.trim().split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                fields.put(part.substring(0, eq), part.substring(eq + 1));
            }
        }
        String pending = fields.getOrDefault("pending", "");
        return new SourceIdentity(required(fields, "system-identifier", text), Integer.parseInt(required(fields, "generation", text)),
                Long.parseLong(required(fields, "position-base", text)), pending.isEmpty() ? null : SourceCheck.Cause.valueOf(pending));
    }

    private static String required(java.util.Map<String, String> fields, String name, String text) {
        String value = fields.get(name);
        if (value == null) {
            throw new IllegalArgumentException("capture's source record '" + text + "' has no " + name);
        }
        return value;
    }
}
