package com.tradeul.metasync.apply;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.TransactionResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Writes batches pipelined in MULTI/EXEC: the rows, all through one call of the fencing script, and
 * the consumer's next offsets, applied by Redis all at once. This connection is used for nothing else,
 * since auto-flush off holds back every command on it (see STACK.md). A batch runs in segments
 * split at {@link RedisWrite.DeleteMatching}, which needs round trips of its own (SCAN); merges
 * read their current values just before their segment's transaction.
 *
 * <p>Over 250 lines on purpose: it is the one class that speaks Lettuce for apply's writes, and its
 * parts (segments, merge reads, the transaction's replies and how a refusal is read from them)
 * share one connection whose auto-flush is off ({@link WriteConnection}); split up, each part would have to know that
 * connection's rules. What can be pure is elsewhere: the scripts' arguments ({@link ScriptArguments}),
 * merges ({@link ToastCompletion}), fence keys ({@link FenceKeys}).
 */
public final class LettuceRedisWriter implements RedisWriter {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final WriteConnection link;
    private final String offsetsKey;
    private final String marksKey;
    private final byte[] script = fencedWritesScript();
    private final byte[] advanceScript = ScriptArguments.loadScript("/redis/advance-offsets.lua");
    private String scriptSha;
    private String advanceSha;

    /**
     * @param offsetsKey the hash of the consumer offsets Redis holds
     * @param marksKey the hash of rows capture could not carry ({@link RedisWrite.Unconvertible})
     */
    public LettuceRedisWriter(RedisClient client, String offsetsKey, String marksKey) {
        this.link = new WriteConnection(client);
        this.offsetsKey = offsetsKey;
        this.marksKey = marksKey;
    }

    @Override
    public Pending send(List<RedisWrite> writes, Map<String, OffsetAdvance> nextOffsets) {
        if (link.renewIfOnReplica()) {
            scriptSha = null; // loaded again on the new connection's server
        }
        ensureScript();
        List<BatchPlan.PoisonRecord> poison = new ArrayList<>();
        long fenced = 0;
        List<RedisWrite> segment = new ArrayList<>();
        for (RedisWrite write : writes) {
            if (write instanceof RedisWrite.DeleteMatching deleteAll) {
                fenced += sendSegment(segment, Map.of(), poison).await(poison, new LinkedHashMap<>());
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
        long fencedBefore = fenced;
        SentSegment last = sendSegment(segment, nextOffsets, poison);
        return () -> {
            Map<String, Long> unexpected = new LinkedHashMap<>();
            long fencedLast = last.await(poison, unexpected);
            return new Result(poison, fencedBefore + fencedLast, unexpected, last.answeredNanos());
        };
    }

    /** A segment's transaction, flushed to Redis; its replies are read by {@link #await}. */
    private final class SentSegment {
        private final RedisFuture<TransactionResult> exec;
        private final List<RedisFuture<?>> queued;
        private final RedisFuture<List<Object>> scripted;
        private final RedisFuture<List<byte[]>> advance;
        private volatile long answeredNanos;

        SentSegment(RedisFuture<TransactionResult> exec, List<RedisFuture<?>> queued, RedisFuture<List<Object>> scripted,
                    RedisFuture<List<byte[]>> advance) {
            this.exec = exec;
            this.queued = queued;
            this.scripted = scripted;
            this.advance = advance;
            if (exec != null) {
                exec.whenComplete((result, error) -> answeredNanos = System.nanoTime());
            }
        }

        /**
         * When Redis's answer to the transaction arrived; now if nothing was sent, or if the thread
         * waiting for the answer woke before the callback that notes its time ran.
         */
        long answeredNanos() {
            long answered = answeredNanos;
            return answered != 0 ? answered : System.nanoTime();
        }

        /** @return how many writes the fence skipped; offsets Redis did not hold as expected go to {@code unexpected} */
        long await(List<BatchPlan.PoisonRecord> poison, Map<String, Long> unexpected) {
            if (exec == null) {
                return 0;
            }
            TransactionResult result = awaitExec(exec, queued);
            if (result.wasDiscarded()) {
                throw new RedisRefusedException("Redis discarded the transaction", null);
            }
            for (Object reply : result) {
                if (reply instanceof Exception e) {
                    throw refused(e);
                }
            }
            link.accepted();
            if (advance != null) {
                List<byte[]> mismatched = advance.toCompletableFuture().getNow(List.of());
                for (int i = 0; i + 1 < mismatched.size(); i += 2) {
                    String held = new String(mismatched.get(i + 1), StandardCharsets.US_ASCII);
                    unexpected.put(new String(mismatched.get(i), StandardCharsets.US_ASCII), held.isEmpty() ? null : Long.parseLong(held));
                }
            }
            return scripted == null ? 0 : scripted.toCompletableFuture().getNow(List.of()).stream().filter(Long.valueOf(0L)::equals).count();
        }
    }

    private SentSegment sendSegment(List<RedisWrite> writes, Map<String, OffsetAdvance> offsets, List<BatchPlan.PoisonRecord> poison) {
        if (writes.isEmpty() && offsets.isEmpty()) {
            return new SentSegment(null, List.of(), null, null);
        }
        Map<String, byte[]> completed = completeMerges(writes, poison);
        List<RedisFuture<?>> queued = new ArrayList<>();
        queued.add(link.commands().multi());
        // Loaded inside the transaction: a Redis that restarted since cannot fail the scripts with
        // NOSCRIPT halfway through EXEC (MULTI does not roll back), leaving offsets ahead of the rows.
        queued.add(link.commands().scriptLoad(script));
        queued.add(link.commands().scriptLoad(advanceScript));
        RedisFuture<List<Object>> scripted = fencedWrites(writes, completed);
        RedisFuture<List<byte[]>> advance = offsets.isEmpty() ? null : advanceOffsets(offsets);
        if (scripted != null) {
            queued.add(scripted);
        }
        if (advance != null) {
            queued.add(advance);
        }
        RedisFuture<TransactionResult> exec = link.commands().exec();
        link.flush();
        return new SentSegment(exec, queued, scripted, advance);
    }

    private RedisFuture<List<byte[]>> advanceOffsets(Map<String, OffsetAdvance> offsets) {
        return link.commands().evalsha(advanceSha, ScriptOutputType.MULTI, new String[] {offsetsKey}, ScriptArguments.advance(offsets));
    }

    /**
     * One script call for all rows: per-row calls cost Redis more than the writes themselves.
     *
     * @param completed merges' full rows; a merge missing here was dead-lettered and is left out
     * @return null when no row is left to write
     */
    private RedisFuture<List<Object>> fencedWrites(List<RedisWrite> writes, Map<String, byte[]> completed) {
        ScriptArguments.Call call = ScriptArguments.fencedWrites(writes, completed, marksKey);
        return call.isEmpty() ? null : link.commands().evalsha(scriptSha, ScriptOutputType.MULTI, call.keys(), call.args());
    }

    private Map<String, byte[]> completeMerges(List<RedisWrite> writes, List<BatchPlan.PoisonRecord> poison) {
        Map<String, RedisFuture<byte[]>> reads = new LinkedHashMap<>();
        for (RedisWrite write : writes) {
            if (write instanceof RedisWrite.Merge partial) {
                reads.put(partial.key(), link.commands().get(partial.key()));
            }
        }
        Map<String, byte[]> completed = new LinkedHashMap<>();
        if (reads.isEmpty()) {
            return completed;
        }
        link.flush();
        for (RedisWrite write : writes) {
            if (write instanceof RedisWrite.Merge partial) {
                RedisFuture<byte[]> read = reads.get(partial.key());
                byte[] json = heldAsOtherType(read) ? ToastCompletion.heldAsOtherType(partial, poison)
                        : ToastCompletion.complete(partial, await(read), poison);
                if (json != null) {
                    completed.put(partial.key(), json);
                }
            }
        }
        return completed;
    }

    /** A key of another Redis type (a hash, from before its table's format changed) answers GET with WRONGTYPE. */
    private static boolean heldAsOtherType(RedisFuture<byte[]> read) {
        try {
            read.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return false;
        } catch (ExecutionException e) {
            return String.valueOf(e.getCause().getMessage()).startsWith("WRONGTYPE");
        } catch (TimeoutException e) {
            return false; // await reports it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * EXEC's own error (EXECABORT) hides why Redis refused: the reason (OOM, MISCONF, READONLY, ...)
     * is on the queued commands, so that is what apply reports while it waits.
     */
    private TransactionResult awaitExec(RedisFuture<TransactionResult> exec, List<RedisFuture<?>> queued) {
        try {
            return await(exec);
        } catch (RedisRefusedException e) {
            for (RedisFuture<?> command : queued) {
                var future = command.toCompletableFuture();
                if (future.isCompletedExceptionally()) {
                    try {
                        future.join();
                    } catch (java.util.concurrent.CompletionException cause) {
                        throw refused(cause.getCause());
                    }
                }
            }
            throw e;
        }
    }

    private void deleteMatching(String pattern) {
        forEachPage(pattern, keys -> link.commands().unlink(keys.toArray(String[]::new)));
    }

    /** A TRUNCATE's fenced deletion ({@link FencedTruncate}), a SCAN page at a time. */
    private void truncateMatching(String pattern, long position) {
        forEachPage(pattern, keys -> {
            ScriptArguments.Call call = FencedTruncate.call(keys, position);
            return link.commands().eval(FencedTruncate.script(), ScriptOutputType.INTEGER, call.keys(), call.args());
        });
    }

    /** SCANs the keys matching {@code pattern} and runs {@code command} on each non-empty page, awaiting its reply before the next page. */
    private void forEachPage(String pattern, java.util.function.Function<List<String>, RedisFuture<?>> command) {
        ScanArgs args = ScanArgs.Builder.matches(pattern).limit(1000);
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            RedisFuture<KeyScanCursor<String>> scan = link.commands().scan(cursor, args);
            link.flush();
            KeyScanCursor<String> page = await(scan);
            if (!page.getKeys().isEmpty()) {
                RedisFuture<?> reply = command.apply(page.getKeys());
                link.flush();
                await(reply);
            }
            cursor = page;
        } while (!cursor.isFinished());
    }

    private void ensureScript() {
        if (scriptSha == null) {
            RedisFuture<String> load = link.commands().scriptLoad(script);
            RedisFuture<String> loadAdvance = link.commands().scriptLoad(advanceScript);
            link.flush();
            scriptSha = await(load);
            advanceSha = await(loadAdvance);
        }
    }

    private RedisRefusedException refused(Throwable e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("NOSCRIPT")) {
            scriptSha = null; // Redis restarted and forgot the script: load it again on the retry
        }
        link.refused(message);
        return new RedisRefusedException(e.getMessage(), e);
    }

    private <T> T await(RedisFuture<T> reply) {
        try {
            return reply.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw refused(e.getCause());
        } catch (TimeoutException e) {
            throw new RedisRefusedException("no reply from Redis within " + TIMEOUT.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RedisRefusedException("interrupted while waiting for Redis", e);
        }
    }

    /** The batch fencing script (the bench pipes it to Redis to measure Redis's own share). */
    public static byte[] fencedWritesScript() {
        return ScriptArguments.fencingScript("/redis/fenced-writes.lua");
    }

    @Override
    public void close() {
        link.close();
    }
}
