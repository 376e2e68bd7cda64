package com.tradeul.metasync.apply;

import com.tradeul.metasync.replay.RedisOffsets;
import com.tradeul.metasync.replay.RedisPositionPolicy.Decision;
import com.tradeul.metasync.replay.RedisPositionPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What apply remembers between batches, and what it decides from that: the one batch in flight,
 * the offsets apply believes Redis holds (every advance starts from them, so Redis refuses an
 * advance once it lost data), whether apply went back to what Redis holds since the batch in flight
 * was sent (records polled meanwhile are then stale), what to commit, and where to read each
 * partition from ({@link RedisPositionPolicy}). Pure: no Kafka client, Redis connection, clock or
 * thread; {@link ApplyRunner} does the I/O and tells it what happened. Not thread safe.
 */
final class ApplyBookkeeping {

    /** How long a poll may wait for records when no batch waits for Redis's answer. */
    static final Duration IDLE_POLL = Duration.ofMillis(200);

    /** A partition of a change topic, free of the Kafka client's types. */
    record Partition(String topic, int partition) {
        /** Its field in Redis's offset hash. */
        String field() {
            return RedisOffsets.field(topic, partition);
        }
    }

    /**
     * A batch sent to Redis whose answer has not been read yet.
     *
     * @param polledMillis when Kafka's poll returned its records (wall clock, for freshness's hops)
     */
    record InFlight(BatchPlan plan, Map<String, OffsetAdvance> advances, Map<Partition, Long> next,
                    RedisWriter.Pending pending, long sentNanos, long polledMillis) {}

    /** What Redis holds for a partition: {@code offset} null when it holds none. */
    record Held(Partition partition, Long offset) {}

    /**
     * What follows Redis's answer to a batch.
     *
     * @param poison the batch's records to dead-letter: those planning found, then those Redis did
     * @param commit the next offsets to commit to Kafka, for standard lag tools
     * @param recheck assigned partitions whose offsets Redis did not hold as expected: apply decides
     *     again where to read them from ({@link #follow})
     */
    record Answer(List<BatchPlan.PoisonRecord> poison, Map<Partition, Long> commit, List<Held> recheck) {}

    private final long checkIntervalMillis;
    /** The next offsets apply last wrote to Redis, per partition field: what Redis must still hold. */
    private final Map<String, Long> lastWritten = new HashMap<>();
    private InFlight inFlight;
    private boolean repositioned;
    private long nextCheckMillis;
    private String lastRunId;

    ApplyBookkeeping(Duration positionCheckInterval) {
        this.checkIntervalMillis = positionCheckInterval.toMillis();
    }

    /** Whether the periodic check of what Redis holds is due. */
    boolean checkDue(long nowMillis) {
        return nowMillis >= nextCheckMillis;
    }

    /** The check of what Redis holds is due at once: a check or recheck could not be made. */
    void checkNow() {
        nextCheckMillis = Long.MIN_VALUE;
    }

    /** Apply checks what Redis holds now (any trigger): the periodic check is due an interval later. */
    void checking(long nowMillis) {
        nextCheckMillis = nowMillis + checkIntervalMillis;
    }

    /** @return the run_id seen before when Redis restarted since (its run_id changed), else null */
    String restartedFrom(String runId) {
        String before = lastRunId;
        lastRunId = runId;
        return before != null && !before.equals(runId) ? before : null;
    }

    /**
     * With a batch in flight, only what is already fetched is taken: when nothing is, that batch is
     * finished at once rather than after a wait (its freshness would show the wait). Without one, the
     * wait ends when the periodic check is due, so an idle apply notices a wiped Redis within the interval.
     */
    Duration pollTimeout(long nowMillis) {
        if (inFlight != null) {
            return Duration.ZERO;
        }
        if (nextCheckMillis <= nowMillis) {
            return Duration.ZERO; // also after checkNow(), whose Long.MIN_VALUE a subtraction would wrap
        }
        return Duration.ofMillis(Math.min(IDLE_POLL.toMillis(), nextCheckMillis - nowMillis));
    }

    /** The next offset of each partition in a batch: one past its last record. */
    static Map<Partition, Long> nextOffsets(List<IncomingRecord> records) {
        Map<Partition, Long> next = new LinkedHashMap<>();
        for (IncomingRecord r : records) {
            next.put(new Partition(r.topic(), r.partition()), r.offset() + 1);
        }
        return next;
    }

    /**
     * The offset moves of a batch, from what the batch before left in Redis: taken only once that
     * one is answered, which is why only one batch is in flight.
     */
    Map<String, OffsetAdvance> advances(Map<Partition, Long> next) {
        requireNoneInFlight();
        Map<String, OffsetAdvance> advances = new LinkedHashMap<>();
        next.forEach((partition, offset) -> advances.put(partition.field(), new OffsetAdvance(lastWritten.get(partition.field()), offset)));
        return advances;
    }

    void sent(BatchPlan plan, Map<String, OffsetAdvance> advances, Map<Partition, Long> next, RedisWriter.Pending pending,
              long sentNanos, long polledMillis) {
        requireNoneInFlight();
        inFlight = new InFlight(plan, Map.copyOf(advances), Map.copyOf(next), pending, sentNanos, polledMillis);
    }

    /** Takes the batch in flight to read Redis's answer; null when there is none. */
    InFlight take() {
        InFlight batch = inFlight;
        if (batch != null) {
            inFlight = null;
            repositioned = false;
        }
        return batch;
    }

    /**
     * Redis acknowledged a batch taken with {@link #take}: its advances are what Redis now holds,
     * except for the partitions its answer names, whose offsets Redis left as they were (another
     * member moved them, or Redis lost data): for those apply expects what Redis said it holds, and
     * looks at them again if they are still assigned.
     */
    Answer answered(InFlight batch, RedisWriter.Result result, Collection<Partition> assigned) {
        List<BatchPlan.PoisonRecord> poison = new ArrayList<>(batch.plan().poison());
        poison.addAll(result.poison());
        batch.advances().forEach((field, move) -> {
            if (!result.unexpectedOffsets().containsKey(field)) {
                lastWritten.put(field, move.next());
            } else if (result.unexpectedOffsets().get(field) == null) {
                lastWritten.remove(field);
            } else {
                lastWritten.put(field, result.unexpectedOffsets().get(field));
            }
        });
        List<Held> recheck = new ArrayList<>();
        for (Partition partition : assigned) {
            if (result.unexpectedOffsets().containsKey(partition.field())) {
                recheck.add(new Held(partition, result.unexpectedOffsets().get(partition.field())));
            }
        }
        return new Answer(List.copyOf(poison), batch.next(), List.copyOf(recheck));
    }

    /**
     * Where to read a partition from, given what Redis holds; from now on apply expects Redis to
     * hold {@code held}, or after a rebuild none ({@link #rebuildAdvance} forgets the offsets).
     *
     * @param oldestSafe see {@link RedisPositionPolicy#decide}; only read when {@link #needsOldestSafe}
     */
    Decision follow(Partition partition, Long held, long position, long beginning, long oldestSafe) {
        Decision decision = RedisPositionPolicy.decide(held, position, beginning, oldestSafe);
        if (!(decision instanceof Decision.Continue)) {
            repositioned = true;
        }
        if (held == null || decision instanceof Decision.Rebuild) {
            lastWritten.remove(partition.field());
        } else {
            lastWritten.put(partition.field(), held);
        }
        return decision;
    }

    /**
     * The offset moves a rebuild writes once it deleted the table's keys: it forgets the offset of
     * every partition of the topic, not only the one that found Redis behind. The deletion took the
     * rows of all of them, so an offset left standing would tell its owner (this member or another)
     * that Redis still holds them, and that partition would never be replayed. With none held, each
     * owner replays from the beginning when it next writes or checks ({@link RedisPositionPolicy}:
     * none held is a plain replay). Setting them to the beginning instead would not do: an owner past
     * it would find Redis "rolled back" before the retained tombstones and clear the table again,
     * and so on, one partition after the other.
     *
     * @param partitions how many partitions the topic has
     */
    static Map<String, OffsetAdvance> rebuildAdvance(String topic, int partitions) {
        Map<String, OffsetAdvance> forget = new LinkedHashMap<>();
        for (int p = 0; p < partitions; p++) {
            forget.put(new Partition(topic, p).field(), OffsetAdvance.forget());
        }
        return forget;
    }

    /**
     * What Redis holds for a partition during one look at several: once a rebuild of its topic was
     * carried out in that look, none (the rebuild forgot it), whatever was read before it.
     */
    static Long heldAfterRebuilds(java.util.Set<String> rebuiltTopics, Partition partition, Long held) {
        return rebuiltTopics.contains(partition.topic()) ? null : held;
    }

    /** Only a Redis that went back needs the partition's retention bound, which costs a broker round trip. */
    static boolean needsOldestSafe(Long held, long position) {
        return held != null && held < position;
    }

    /** Whether apply went back to what Redis holds since the batch last taken was sent: records polled meanwhile are stale. */
    boolean repositioned() {
        return repositioned;
    }

    private void requireNoneInFlight() {
        if (inFlight != null) {
            throw new IllegalStateException("a batch is still in flight: its answer decides where the next one starts");
        }
    }
}
