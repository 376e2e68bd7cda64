package com.tradeul.metasync.apply;

import com.tradeul.metasync.replay.HeldOffsets;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * One Redis server for apply's unit tests, modelling what apply relies on:
 * <ul>
 *   <li>the fencing script: a row older than its key's fence ({@code lsn:{key}}, its digits
 *       compared as a number) is skipped and counted; deletes keep their fence;
 *   <li>the offset script: each partition's offset advances only when Redis holds the expected
 *       one; each mismatched field is left as it is and comes back with what Redis holds (null: none);
 *   <li>a refused transaction changes nothing;
 *   <li>a connection's transactions run in order, and only once the client reads an answer (a
 *       slow Redis: while a batch is in flight, other clients do not see it yet);
 *   <li>FLUSHALL, and a restart from an older snapshot (new run_id).
 * </ul>
 * Not thread safe: the tests drive apply from their own thread.
 */
final class FakeRedis {

    enum RefuseAt { SEND, ANSWER }

    /** A copy of what Redis held, as an RDB file would keep it. */
    record Snapshot(Map<String, byte[]> keys, Map<String, String> offsets) {}

    private final Map<String, byte[]> keys = new TreeMap<>();
    private final Map<String, String> offsets = new TreeMap<>();
    private final Map<String, Integer> timesWritten = new HashMap<>();
    private int run = 1;
    private int refusals;
    private RefuseAt refuseAt;
    private String refusal;
    private Runnable onTransaction = () -> {};

    /** A new connection, as {@link LettuceRedisWriter} opens one. */
    RedisWriter connect() {
        return new Connection();
    }

    HeldOffsets heldOffsets() {
        return new HeldOffsets() {
            @Override
            public Map<String, Long> read() {
                return offsets();
            }

            @Override
            public String runId() {
                return "run-" + run;
            }
        };
    }

    /** The next {@code times} transactions are refused, at {@code at}, with {@code reason} (OOM, MISCONF...). */
    void refuse(int times, RefuseAt at, String reason) {
        refusals = times;
        refuseAt = at;
        refusal = reason;
    }

    /** Runs after each transaction Redis accepted, while apply waits for the answer. */
    void onTransaction(Runnable check) {
        onTransaction = check;
    }

    /** Another client sets an offset, as {@code metasync replay} does. */
    void setOffset(String field, long offset) {
        offsets.put(field, Long.toString(offset));
    }

    void flushAll() {
        keys.clear();
        offsets.clear();
    }

    Snapshot save() {
        return new Snapshot(new TreeMap<>(keys), new TreeMap<>(offsets));
    }

    /** A restart that loads an older snapshot. */
    void restartFrom(Snapshot snapshot) {
        flushAll();
        keys.putAll(snapshot.keys());
        offsets.putAll(snapshot.offsets());
        run++;
    }

    String value(String key) {
        byte[] value = keys.get(key);
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }

    /** The source position the key's fence holds, or null. */
    Long fence(String key) {
        byte[] fence = keys.get(FenceKeys.of(key));
        return fence == null ? null : Long.parseLong(new String(fence, StandardCharsets.US_ASCII));
    }

    /** Row keys, fences left out. */
    TreeSet<String> rowKeys() {
        TreeSet<String> rows = new TreeSet<>(keys.keySet());
        rows.removeIf(k -> k.startsWith(FenceKeys.PREFIX));
        return rows;
    }

    Map<String, Long> offsets() {
        Map<String, Long> held = new HashMap<>();
        offsets.forEach((field, offset) -> held.put(field, Long.parseLong(offset)));
        return held;
    }

    /** How often a row key was written (set or deleted) by an accepted write. */
    int timesWritten(String key) {
        return timesWritten.getOrDefault(key, 0);
    }

    private boolean refusing(RefuseAt at) {
        if (refusals > 0 && refuseAt == at) {
            refusals--;
            return true;
        }
        return false;
    }

    private RedisWriter.Result execute(List<RedisWrite> writes, Map<String, OffsetAdvance> advances) {
        List<BatchPlan.PoisonRecord> poison = new ArrayList<>();
        long fenced = 0;
        for (RedisWrite write : writes) {
            if (write instanceof RedisWrite.DeleteMatching all && all.fenced()) {
                truncateMatching(all.key(), FenceKeys.position(all.position()));
            } else if (write instanceof RedisWrite.DeleteMatching all) {
                unlinkMatching(all.key());
                FenceKeys.patternsFor(all.key()).forEach(this::unlinkMatching);
            } else if (!fencedWrite(write, poison)) {
                fenced++;
            }
        }
        Map<String, Long> unexpected = advance(advances);
        onTransaction.run();
        return new RedisWriter.Result(poison, fenced, unexpected, System.nanoTime());
    }

    /** @return false when the fence skipped it */
    private boolean fencedWrite(RedisWrite write, List<BatchPlan.PoisonRecord> poison) {
        byte[] json = write instanceof RedisWrite.Upsert u ? u.json() : null;
        if (write instanceof RedisWrite.Unconvertible marked && !marked.deleteRow()) {
            json = keys.get(marked.key()); // kept: the last good value stays
        }
        if (write instanceof RedisWrite.Merge merge) {
            json = ToastCompletion.complete(merge, keys.get(merge.key()), poison);
            if (json == null) {
                return true; // dead-lettered, not fenced
            }
        }
        String fence = FenceKeys.of(write.key());
        String position = write.position() == RedisWrite.UNFENCED ? "" : FenceKeys.position(write.position());
        byte[] stored = keys.get(fence);
        if (!position.isEmpty() && stored != null && Long.parseLong(new String(stored, StandardCharsets.US_ASCII)) > Long.parseLong(position)) {
            return false;
        }
        if (!position.isEmpty()) {
            keys.put(fence, position.getBytes(StandardCharsets.US_ASCII));
        }
        if (json == null) {
            keys.remove(write.key());
        } else {
            keys.put(write.key(), json);
        }
        timesWritten.merge(write.key(), 1, Integer::sum);
        return true;
    }

    private Map<String, Long> advance(Map<String, OffsetAdvance> advances) {
        Map<String, Long> mismatched = new LinkedHashMap<>();
        advances.forEach((field, move) -> {
            String held = offsets.get(field);
            if (move.forgets()) {
                offsets.remove(field);
            } else if (Objects.equals(held, move.expected() == null ? null : Long.toString(move.expected()))) {
                offsets.put(field, Long.toString(move.next()));
            } else {
                mismatched.put(field, held == null ? null : Long.parseLong(held));
            }
        });
        return mismatched;
    }

    /** What fenced-truncate.lua does: rows no newer than the TRUNCATE go, and their fences move to it. */
    private void truncateMatching(String glob, String position) {
        Pattern pattern = RedisGlob.pattern(glob);
        for (String key : List.copyOf(keys.keySet())) {
            if (pattern.matcher(key).matches()) {
                byte[] fence = keys.get(FenceKeys.of(key));
                if (fence == null || Long.parseLong(new String(fence, StandardCharsets.US_ASCII)) < Long.parseLong(position)) {
                    keys.remove(key);
                    keys.put(FenceKeys.of(key), position.getBytes(StandardCharsets.US_ASCII));
                }
            }
        }
    }

    private void unlinkMatching(String glob) {
        Pattern pattern = RedisGlob.pattern(glob);
        keys.keySet().removeIf(k -> pattern.matcher(k).matches());
    }

    /** One client connection: what it sent runs in order once an answer is read. */
    private final class Connection implements RedisWriter {
        private final Deque<Sent> queue = new ArrayDeque<>();

        @Override
        public Pending send(List<RedisWrite> writes, Map<String, OffsetAdvance> advances) {
            if (refusing(RefuseAt.SEND)) {
                throw new RedisRefusedException(refusal, null);
            }
            Sent sent = new Sent(List.copyOf(writes), Map.copyOf(advances));
            queue.add(sent);
            return () -> {
                while (sent.result == null && sent.error == null) {
                    queue.remove().run();
                }
                if (sent.error != null) {
                    throw sent.error;
                }
                return sent.result;
            };
        }

        @Override
        public void close() {}
    }

    private final class Sent {
        private final List<RedisWrite> writes;
        private final Map<String, OffsetAdvance> advances;
        private RedisWriter.Result result;
        private RedisRefusedException error;

        Sent(List<RedisWrite> writes, Map<String, OffsetAdvance> advances) {
            this.writes = writes;
            this.advances = advances;
        }

        void run() {
            if (refusing(RefuseAt.ANSWER)) {
                error = new RedisRefusedException(refusal, null);
            } else {
                result = execute(writes, advances);
            }
        }
    }
}
