package com.tradeul.metasync.cluster;

import com.tradeul.metasync.apply.OffsetAdvance;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What apply knows of the per-slot offset records of a Redis Cluster, and what it decides from
 * them. Every slot has a record (a hash {@code topic:partition → next offset}) in that slot, written
 * by the same script call as the slot's rows, so the record says what the slot holds, on whichever
 * master owns it, after a migration or a failover as well.
 *
 * <p>The rule that makes untouched slots cheap: apply remembers the record of every slot as it last
 * saw or wrote it ({@code seen}) and, per partition, {@code current}: every row of the partition
 * before that offset is in its slot, for every slot whose record is still as seen. It holds because
 * apply writes a slot's rows only together with a compare-and-set of that slot's record: a slot
 * whose record did not change took none of the rows between, so it lacks none. A slot whose record
 * did change behind apply's back (master wiped, restarted empty, rolled back to an older snapshot,
 * replay requested) counts with what its record says. Where to resume a partition is the minimum
 * over the slots; a slot without a record (never written, or wiped) means from the beginning.
 *
 * <p>Records of slots no batch touched lag behind {@code current}; a sweep moves them up, only from
 * what apply saw, so a metasync restart (which knows only what the records say) does not replay
 * needlessly. Pure; not thread safe (apply's thread only).
 */
public final class SlotOffsetBook {

    private final Map<Integer, Map<String, Long>> seen = new HashMap<>();
    private final Map<String, Long> current = new HashMap<>();
    private boolean loaded;

    /** Whether apply has read the records once: until then it knows nothing of them. */
    public boolean loaded() {
        return loaded;
    }

    /**
     * Where each partition's rows are all in Redis, by the records Redis holds now: the minimum over
     * the slots, each counting with {@code current} while its record is as apply saw it, else with
     * its record. A partition with a slot that holds no record and that apply cannot vouch for is
     * left out: from the beginning.
     *
     * @param held slot → its record ({@code topic:partition → next offset}); a slot missing holds none
     */
    public Map<String, Long> positions(Map<Integer, Map<String, Long>> held) {
        Set<String> fields = new HashSet<>(current.keySet());
        held.values().forEach(record -> fields.addAll(record.keySet()));
        Map<String, Long> positions = new LinkedHashMap<>();
        for (String field : fields) {
            Long position = positionOf(field, held);
            if (position != null) {
                positions.put(field, position);
            }
        }
        return positions;
    }

    private Long positionOf(String field, Map<Integer, Map<String, Long>> held) {
        Long min = null;
        for (int slot = 0; slot < SlotTags.SLOTS; slot++) {
            Long record = held.getOrDefault(slot, Map.of()).get(field);
            Long counted = loaded && Objects.equals(record, seenOf(slot, field)) ? current.get(field) : record;
            if (counted == null) {
                return null;
            }
            min = min == null ? counted : Math.min(min, counted);
        }
        return min;
    }

    /**
     * Takes what Redis holds as what apply saw, after working out where each partition stands by
     * {@link #positions} (with what apply saw before): from now on that is {@code current}.
     *
     * @return those positions (a partition missing: from the beginning)
     */
    public Map<String, Long> reconcile(Map<Integer, Map<String, Long>> held) {
        Map<String, Long> positions = positions(held);
        seen.clear();
        held.forEach((slot, record) -> {
            if (!record.isEmpty()) {
                seen.put(slot, new HashMap<>(record));
            }
        });
        current.clear();
        current.putAll(positions);
        loaded = true;
        return positions;
    }

    /** Whether some slot's record differs from what apply saw: then {@link #reconcile} is due. */
    public boolean changedBehindApply(Map<Integer, Map<String, Long>> held) {
        for (int slot = 0; slot < SlotTags.SLOTS; slot++) {
            Map<String, Long> record = held.getOrDefault(slot, Map.of());
            if (!record.equals(seen.getOrDefault(slot, Map.of()))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Every slot's record forgot these partitions (a rebuild deleted their rows): apply saw them so,
     * and vouches for none of their rows until a batch from the beginning is in ({@link #batchDone}).
     */
    public void forgotten(Set<String> fields) {
        seen.values().forEach(record -> record.keySet().removeAll(fields));
        current.keySet().removeAll(fields);
    }

    /** The advance of {@code slot}'s record for a batch with rows in it: from what apply saw to each partition's next offset. */
    public Map<String, OffsetAdvance> advancesFor(int slot, Map<String, OffsetAdvance> batch) {
        Map<String, OffsetAdvance> advances = new LinkedHashMap<>();
        batch.forEach((field, move) -> advances.put(field, new OffsetAdvance(seenOf(slot, field), move.next())));
        return advances;
    }

    /** A slot's record took an advance: apply saw it so. */
    public void advanced(int slot, String field, long next) {
        seen.computeIfAbsent(slot, s -> new HashMap<>()).put(field, next);
    }

    /**
     * A batch's rows are all in, and every slot they went to took its advance: {@code current}
     * moves to the batch's next offset where the batch went on from it. {@code expected} is where
     * apply read the partition from (what it believes Redis holds): none means from the beginning,
     * so every row before the next offset is in; from at most {@code current}, the rows before it
     * were in already. A batch from beyond {@code current} leaves it: the rows between are not known.
     */
    public void batchDone(String field, OffsetAdvance move) {
        Long known = current.get(field);
        if (move.expected() == null) {
            current.put(field, move.next());
        } else if (known != null && move.expected() <= known) {
            current.put(field, Math.max(known, move.next()));
        }
    }

    /**
     * The sweep's advance of a slot's record: each partition whose record is behind {@code current},
     * from what apply saw (none included: a slot never written gets its first record), to
     * {@code current}. Empty when the record is up to date.
     */
    public Map<String, OffsetAdvance> sweepOf(int slot) {
        Map<String, OffsetAdvance> advances = new LinkedHashMap<>();
        current.forEach((field, position) -> {
            Long saw = seenOf(slot, field);
            if (!position.equals(saw)) {
                advances.put(field, new OffsetAdvance(saw, position));
            }
        });
        return advances;
    }

    /**
     * Whether some slot holds no record of a partition that apply now vouches for: a sweep is due at
     * once rather than at its interval. It happens after a slot lost its record (a master wiped or
     * restarted empty) and apply replayed from the beginning for it: as soon as a batch from the
     * beginning is in, {@code current} holds again and the slot holds every row before it (the
     * replay wrote them all there, and the slot lost its fences with its rows, so none was skipped);
     * until then the record stays absent, and every reader of the records' minimum sees "from the
     * beginning", which is what the slot holds. Without this, such a slot's record stayed absent
     * until the next interval's sweep, and {@code metasync lag} showed no figure meanwhile. Also a
     * fresh cluster's slots, after the first batch.
     */
    public boolean vouchesForSlotsWithoutRecord() {
        for (String field : current.keySet()) {
            for (int slot = 0; slot < SlotTags.SLOTS; slot++) {
                if (seenOf(slot, field) == null) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Where apply stands per partition: every row before it is in every slot whose record is as apply saw it. */
    public Map<String, Long> current() {
        return Map.copyOf(current);
    }

    private Long seenOf(int slot, String field) {
        Map<String, Long> record = seen.get(slot);
        return record == null ? null : record.get(field);
    }
}
