package com.tradeul.metasync.replay;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a replay starts and ends, per partition ({@code topic:partition}, as apply's offsets in
 * Redis name them): the end offsets are taken once, at the start, so "done" does not move while
 * changes keep arriving. Pure; {@link ReplayPlanner} reads one from Kafka.
 */
public record ReplayPlan(Map<String, Long> startOffsets, Map<String, Long> endOffsets) {

    public ReplayPlan {
        startOffsets = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(startOffsets));
        endOffsets = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(endOffsets));
        if (!startOffsets.keySet().equals(endOffsets.keySet())) {
            throw new IllegalArgumentException("start and end offsets name different partitions");
        }
    }

    /** Records between the start and the end offsets. */
    public long total() {
        return endOffsets.entrySet().stream().mapToLong(e -> Math.max(0, e.getValue() - startOffsets.get(e.getKey()))).sum();
    }

    /** Records re-applied so far, given the offsets Redis holds now. */
    public long replayed(Map<String, Long> held) {
        long done = 0;
        for (var end : endOffsets.entrySet()) {
            long start = startOffsets.get(end.getKey());
            long at = held.getOrDefault(end.getKey(), start);
            done += Math.max(0, Math.min(at, end.getValue()) - start);
        }
        return done;
    }

    /** What the replay will do, a line per step, for {@code --dry-run} and before the real thing. */
    public String describe(java.util.List<String> clearedPatterns) {
        StringBuilder text = new StringBuilder();
        clearedPatterns.forEach(p -> text.append("clear keys matching ").append(p).append(" (and their fences)\n"));
        endOffsets.forEach((partition, end) -> text.append(String.format("replay %s from offset %,d to %,d (%,d records)%n",
                partition, startOffsets.get(partition), end, Math.max(0, end - startOffsets.get(partition)))));
        return text.toString();
    }
}
