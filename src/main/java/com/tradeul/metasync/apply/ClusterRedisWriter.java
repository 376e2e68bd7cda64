package com.tradeul.metasync.apply;

import com.tradeul.metasync.clients.MasterByMasterScan;
import com.tradeul.metasync.cluster.SlotOffsetBook;
import com.tradeul.metasync.cluster.SlotOffsetRecords;
import com.tradeul.metasync.cluster.SlotTags;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisAdvancedClusterAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes batches to a Redis Cluster slot by slot: per slot one call of {@code slot-batch.lua},
 * atomic on that slot's master, with the slot's rows, their fences and the compare-and-set of the
 * slot's offset record; the calls of all slots are sent at once (Lettuce routes each to its master,
 * following MOVED and ASK). Records of slots no batch touches are swept up every few seconds and at
 * close ({@link SlotOffsetBook}). A slot that refused (TRYAGAIN during a migration, CLUSTERDOWN,
 * a master gone) fails the batch as a refusal: apply backs off and writes it again (fenced, so the
 * slots that took it are unchanged by the retry). Used from apply's thread only.
 */
public final class ClusterRedisWriter implements RedisWriter {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterRedisWriter.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final long SWEEP_NANOS = Duration.ofSeconds(5).toNanos();

    private final StatefulRedisClusterConnection<String, byte[]> connection;
    private final RedisAdvancedClusterAsyncCommands<String, byte[]> commands;
    private final SlotOffsetRecords records;
    private final SlotOffsetBook book;
    private final String group;
    private final LongSupplier nanoTime;
    private final byte[] script = SlotBatchScript.text();
    private String sha;
    private long lastSweep;

    /**
     * @param records the offset records, read when apply starts and after any record was not what apply expected
     * @param book shared with apply's reader of what the cluster holds ({@link com.tradeul.metasync.cluster.ClusterOffsets#forApply})
     */
    public ClusterRedisWriter(RedisClusterClient client, SlotOffsetRecords records, SlotOffsetBook book, String group,
                              LongSupplier nanoTime) {
        this.connection = com.tradeul.metasync.clients.RedisClients.connect(client, RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
        this.commands = connection.async();
        this.records = records;
        this.book = book;
        this.group = group;
        this.nanoTime = nanoTime;
        this.lastSweep = nanoTime.getAsLong();
    }

    @Override
    public Pending send(List<RedisWrite> writes, Map<String, OffsetAdvance> offsets) {
        try {
            if (!book.loaded()) {
                book.reconcile(records.readAll());
            }
            ensureScript();
        } catch (RuntimeException e) {
            throw refusal(e);
        }
        List<BatchPlan.PoisonRecord> poison = new ArrayList<>();
        long fenced = 0;
        List<RedisWrite> segment = new ArrayList<>();
        for (RedisWrite write : writes) {
            if (write instanceof RedisWrite.DeleteMatching deleteAll) {
                fenced += sendSlots(segment, Map.of(), poison, false).await(new LinkedHashMap<>());
                segment.clear();
                if (deleteAll.fenced()) {
                    truncateMatching(deleteAll.key(), deleteAll.position());
                } else {
                    deleteMatching(deleteAll.key());
                    FenceKeys.patternsFor(deleteAll.key()).forEach(this::deleteMatching);
                }
            } else {
                segment.add(write);
            }
        }
        offsets = forgetEverywhere(offsets);
        boolean sweep = sweepDue();
        SentSlots last = sendSlots(segment, offsets, poison, sweep);
        long fencedBefore = fenced;
        return () -> {
            Map<String, Long> unexpected = new LinkedHashMap<>();
            long fencedLast = last.await(unexpected);
            if (sweep) {
                lastSweep = nanoTime.getAsLong();
            }
            return new Result(poison, fencedBefore + fencedLast, unexpected, last.answeredNanos);
        };
    }

    /**
     * Carries out the {@link OffsetAdvance#forget}s of a rebuild in every slot's record (a partition's
     * offset is the minimum over all slots, so a record left in one slot would still vouch for rows
     * the rebuild deleted there), then books them.
     *
     * @return the other advances, for the segment's slots
     */
    private Map<String, OffsetAdvance> forgetEverywhere(Map<String, OffsetAdvance> offsets) {
        Map<String, OffsetAdvance> forgets = new LinkedHashMap<>();
        Map<String, OffsetAdvance> others = new LinkedHashMap<>();
        offsets.forEach((field, move) -> (move.forgets() ? forgets : others).put(field, move));
        if (forgets.isEmpty()) {
            return offsets;
        }
        List<SlotCall> calls = new ArrayList<>(SlotTags.SLOTS);
        for (int slot = 0; slot < SlotTags.SLOTS; slot++) {
            calls.add(call(slot, ScriptArguments.fencedWrites(List.of(), Map.of(), SlotOffsetRecords.marksKey(group, slot)), forgets));
        }
        for (SlotCall call : calls) {
            await(call.reply());
        }
        book.forgotten(forgets.keySet());
        return others;
    }

    /** One slot's script call and the offset advances it carries. */
    private record SlotCall(int slot, Map<String, OffsetAdvance> advances, RedisFuture<List<Object>> reply) {}

    /** A segment's script calls, sent; {@link #await} reads their answers and books them. */
    private final class SentSlots {
        private final List<SlotCall> calls;
        private final Map<String, OffsetAdvance> batch;
        private long answeredNanos;

        SentSlots(List<SlotCall> calls, Map<String, OffsetAdvance> batch) {
            this.calls = calls;
            this.batch = batch;
        }

        /** @return writes the fences skipped; partitions whose records were not as expected go to {@code unexpected} */
        long await(Map<String, Long> unexpected) {
            long fenced = 0;
            RuntimeException refused = null;
            Set<String> mismatched = new HashSet<>();
            for (SlotCall call : calls) {
                List<Object> reply;
                try {
                    reply = ClusterRedisWriter.this.await(call.reply());
                } catch (RuntimeException e) {
                    refused = refused == null ? e : refused; // book the slots that took theirs first
                    continue;
                }
                for (Object applied : (List<?>) reply.get(0)) {
                    fenced += Long.valueOf(0L).equals(applied) ? 1 : 0;
                }
                Set<String> slotMismatched = mismatchedFields((List<?>) reply.get(1));
                mismatched.addAll(slotMismatched);
                call.advances().forEach((field, move) -> {
                    if (!slotMismatched.contains(field)) {
                        book.advanced(call.slot(), field, move.next());
                    }
                });
            }
            answeredNanos = System.nanoTime();
            if (refused != null) {
                throw refusal(refused);
            }
            batch.forEach((field, move) -> {
                if (!mismatched.contains(field)) {
                    book.batchDone(field, move);
                }
            });
            if (!mismatched.isEmpty()) {
                Map<String, Long> positions;
                try {
                    positions = book.reconcile(records.readAll());
                } catch (RuntimeException e) {
                    // A master down while its records are read: the batch is written again, and mismatches again.
                    throw refusal(e);
                }
                LOG.warn("the offset records of some slots were not what apply wrote (a master wiped, restarted empty or rolled"
                        + " back, or a replay requested): {} now stand at {}", mismatched, positions);
                mismatched.forEach(field -> unexpected.put(field, positions.get(field)));
            }
            return fenced;
        }
    }

    private static Set<String> mismatchedFields(List<?> reply) {
        Set<String> fields = new HashSet<>();
        for (int i = 0; i + 1 < reply.size(); i += 2) {
            fields.add(new String((byte[]) reply.get(i), StandardCharsets.US_ASCII));
        }
        return fields;
    }

    private SentSlots sendSlots(List<RedisWrite> writes, Map<String, OffsetAdvance> offsets, List<BatchPlan.PoisonRecord> poison,
                                boolean sweep) {
        Map<String, byte[]> completed = completeMerges(writes, poison);
        Map<Integer, List<RedisWrite>> bySlot = new LinkedHashMap<>();
        for (RedisWrite write : writes) {
            bySlot.computeIfAbsent(SlotTags.slotOf(write.key()), s -> new ArrayList<>()).add(write);
        }
        List<SlotCall> calls = new ArrayList<>();
        bySlot.forEach((slot, slotWrites) -> {
            ScriptArguments.Call rows = ScriptArguments.fencedWrites(slotWrites, completed, SlotOffsetRecords.marksKey(group, slot));
            if (!rows.isEmpty()) {
                calls.add(call(slot, rows, book.advancesFor(slot, offsets)));
            }
        });
        if (sweep) {
            for (int slot = 0; slot < SlotTags.SLOTS; slot++) {
                Map<String, OffsetAdvance> behind = bySlot.containsKey(slot) ? Map.of() : book.sweepOf(slot);
                if (!behind.isEmpty()) {
                    calls.add(call(slot, ScriptArguments.fencedWrites(List.of(), Map.of(), SlotOffsetRecords.marksKey(group, slot)), behind));
                }
            }
        }
        return new SentSlots(calls, offsets);
    }

    private SlotCall call(int slot, ScriptArguments.Call rows, Map<String, OffsetAdvance> advances) {
        String[] keys = java.util.Arrays.copyOf(rows.keys(), rows.keys().length + 1);
        keys[keys.length - 1] = SlotOffsetRecords.key(group, slot);
        byte[][] offsetArgs = ScriptArguments.advance(advances);
        byte[][] args = new byte[1 + rows.args().length + offsetArgs.length][];
        args[0] = Integer.toString(rows.args().length).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(rows.args(), 0, args, 1, rows.args().length);
        System.arraycopy(offsetArgs, 0, args, 1 + rows.args().length, offsetArgs.length);
        return new SlotCall(slot, advances, commands.evalsha(sha, ScriptOutputType.MULTI, keys, args));
    }

    /**
     * Loads the script on every master that serves slots, not through Lettuce's broadcast, which
     * also goes to a killed master still listed as failed and then fails. A master that appears
     * later (a promoted replica) answers NOSCRIPT once: then it is loaded again.
     */
    private void ensureScript() {
        if (sha != null) {
            return;
        }
        List<RedisFuture<String>> loads = new ArrayList<>();
        for (io.lettuce.core.cluster.models.partitions.RedisClusterNode node : connection.getPartitions()) {
            if (node.is(io.lettuce.core.cluster.models.partitions.RedisClusterNode.NodeFlag.UPSTREAM)
                    && !node.is(io.lettuce.core.cluster.models.partitions.RedisClusterNode.NodeFlag.FAIL) && !node.getSlots().isEmpty()) {
                loads.add(connection.getConnection(node.getUri().getHost(), node.getUri().getPort()).async().scriptLoad(script));
            }
        }
        String loaded = null;
        for (RedisFuture<String> load : loads) {
            loaded = await(load);
        }
        sha = loaded;
    }

    private Map<String, byte[]> completeMerges(List<RedisWrite> writes, List<BatchPlan.PoisonRecord> poison) {
        Map<String, RedisFuture<byte[]>> reads = new LinkedHashMap<>();
        for (RedisWrite write : writes) {
            if (write instanceof RedisWrite.Merge partial) {
                reads.put(partial.key(), commands.get(partial.key()));
            }
        }
        Map<String, byte[]> completed = new LinkedHashMap<>();
        for (RedisWrite write : writes) {
            if (write instanceof RedisWrite.Merge partial) {
                byte[] json = ToastCompletion.complete(partial, await(reads.get(partial.key())), poison);
                if (json != null) {
                    completed.put(partial.key(), json);
                }
            }
        }
        return completed;
    }

    /** UNLINK is split by slot (Lettuce). */
    private void deleteMatching(String pattern) {
        forEachPage(pattern, keys -> await(commands.unlink(keys.toArray(String[]::new))));
    }

    /** A TRUNCATE's fenced deletion ({@link FencedTruncate}): each SCAN page split by slot, one script call per slot. */
    private void truncateMatching(String pattern, long position) {
        forEachPage(pattern, keys -> {
            List<RedisFuture<Long>> calls = new ArrayList<>();
            FencedTruncate.bySlot(keys).values().forEach(slotKeys -> {
                ScriptArguments.Call call = FencedTruncate.call(slotKeys, position);
                calls.add(commands.eval(FencedTruncate.script(), ScriptOutputType.INTEGER, call.keys(), call.args()));
            });
            calls.forEach(this::await);
        });
    }

    /** SCANs every master serving slots for the keys matching {@code pattern}; {@code page} runs on each non-empty page. */
    private void forEachPage(String pattern, java.util.function.Consumer<List<String>> page) {
        ScanArgs args = ScanArgs.Builder.matches(pattern).limit(1000);
        ScanCursor cursor = ScanCursor.INITIAL;
        MasterByMasterScan<byte[]> scan = new MasterByMasterScan<>(connection);
        do {
            KeyScanCursor<String> keys;
            try {
                keys = scan.page(cursor, args);
            } catch (RuntimeException e) {
                throw refusal(e);
            }
            if (!keys.getKeys().isEmpty()) {
                page.accept(keys.getKeys());
            }
            cursor = keys;
        } while (!cursor.isFinished());
    }

    private RedisRefusedException refusal(RuntimeException e) {
        if (e instanceof RedisRefusedException refused) {
            return refused;
        }
        return new RedisRefusedException(String.valueOf(e.getMessage()), e);
    }

    private <T> T await(RedisFuture<T> reply) {
        try {
            return reply.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            String message = String.valueOf(e.getCause().getMessage());
            if (message.contains("NOSCRIPT")) {
                sha = null; // a master that restarted or was promoted lacks it: loaded again on the retry
            }
            throw new RedisRefusedException(message, e.getCause());
        } catch (TimeoutException e) {
            throw new RedisRefusedException("no reply from the Redis Cluster within " + TIMEOUT.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RedisRefusedException("interrupted while waiting for the Redis Cluster", e);
        }
    }

    /** Every few seconds, or at once when a slot lacks a record apply can vouch for (after a wipe's replay from the beginning). */
    private boolean sweepDue() {
        return nanoTime.getAsLong() - lastSweep >= SWEEP_NANOS || book.vouchesForSlotsWithoutRecord();
    }

    /**
     * Sweeps the untouched slots' records up when a sweep is due and no batch did it (apply idle).
     *
     * @throws RedisRefusedException when the cluster refused: tried again at the next check
     */
    public void sweepIfDue() {
        if (book.loaded() && sweepDue()) {
            ensureScript();
            sendSlots(List.of(), Map.of(), new ArrayList<>(), true).await(new LinkedHashMap<>());
            lastSweep = nanoTime.getAsLong();
        }
    }

    /** A last sweep, so a restart of metasync resumes where it stood rather than where untouched slots' records lag. */
    @Override
    public void close() {
        try {
            if (book.loaded()) {
                ensureScript();
                sendSlots(List.of(), Map.of(), new ArrayList<>(), true).await(new LinkedHashMap<>());
            }
        } catch (RuntimeException e) {
            LOG.info("could not sweep the offset records up at close ({}); the next start replays a little more", e.getMessage());
        } finally {
            connection.close();
        }
    }
}
