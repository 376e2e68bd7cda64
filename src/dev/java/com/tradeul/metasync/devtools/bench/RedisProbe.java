package com.tradeul.metasync.devtools.bench;

import com.tradeul.metasync.clients.RedisClients;
import com.tradeul.metasync.guard.RedisInfo;
import com.tradeul.metasync.verify.KeyCounter;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.ArrayOutput;
import io.lettuce.core.output.IntegerOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * The bench's own view of Redis, outside metasync: counts, wipes, sampled values, and the
 * round trip of one SET. Not thread safe (one connection per database).
 */
final class RedisProbe implements BenchKeys {

    /** The database the baselines load into, so they start from an empty key space beside metasync's. */
    static final int BASELINE_DB = 1;

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> main;
    private final StatefulRedisConnection<String, String> baseline;

    RedisProbe(RedisClients redis) {
        this.client = redis.create();
        this.main = client.connect();
        this.baseline = client.connect(redis.uri(BASELINE_DB));
    }

    RedisClient client() {
        return client;
    }

    RedisCommands<String, String> sync() {
        return main.sync();
    }

    @Override
    public long tableKeys() {
        return KeyCounter.count(main.sync(), BenchSql.KEY_PREFIX + "*");
    }

    @Override
    public void flushAll() {
        main.sync().flushall();
    }

    void flushBaseline() {
        baseline.sync().flushdb();
    }

    long baselineKeys() {
        return baseline.sync().dbsize();
    }

    /** A field of a hash in the baseline database, or null when absent. */
    String baselineHashField(String key, String field) {
        return baseline.sync().hget(key, field);
    }

    String version() {
        return main.sync().info("server").lines().filter(l -> l.startsWith("redis_version:"))
                .map(l -> l.substring("redis_version:".length()).strip()).findFirst().orElse("?");
    }

    /** The values of about {@code count} keys spread over the table, from metasync's database or the baseline's. */
    Map<String, String> sample(long rows, int count, boolean fromBaseline) {
        RedisCommands<String, String> redis = fromBaseline ? baseline.sync() : main.sync();
        Map<String, String> values = new LinkedHashMap<>();
        long step = Math.max(1, rows / count);
        for (long i = 0; i < rows; i += step) {
            String key = BenchSql.KEY_PREFIX + BenchSql.symbol(i);
            values.put(key, String.valueOf(redis.get(key)));
        }
        return values;
    }

    /** Keys whose values differ between two samples. */
    static List<String> differing(Map<String, String> a, Map<String, String> b) {
        List<String> keys = new ArrayList<>();
        a.forEach((k, v) -> {
            if (!v.equals(b.get(k))) {
                keys.add(k);
            }
        });
        return keys;
    }

    /** metasync's database: {@link MemoryPerRow#databaseBytes} of every key in it. */
    long metasyncDatabaseBytes() {
        return databaseBytes(main, 0);
    }

    /** The baselines' database, likewise. */
    long baselineDatabaseBytes() {
        return databaseBytes(baseline, BASELINE_DB);
    }

    /**
     * Sums {@code MEMORY USAGE key SAMPLES 0} (exact, every element of a hash counted) over a SCAN of
     * the database, pipelined a page at a time, and adds the main dictionary's bucket array from
     * {@code MEMORY STATS}, once Redis finished resizing it (waiting at most 10 s, then the larger table).
     */
    private static long databaseBytes(StatefulRedisConnection<String, String> connection, int db) {
        RedisAsyncCommands<String, String> redis = connection.async();
        long bytes = 0;
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<String> page = await(redis.scan(cursor, ScanArgs.Builder.limit(1000)));
            List<RedisFuture<Long>> usages = new ArrayList<>(page.getKeys().size());
            for (String key : page.getKeys()) {
                usages.add(redis.dispatch(CommandType.MEMORY, new IntegerOutput<>(StringCodec.UTF8),
                        new CommandArgs<>(StringCodec.UTF8).add("USAGE").addKey(key).add("SAMPLES").add(0)));
            }
            for (RedisFuture<Long> usage : usages) {
                Long used = await(usage);
                bytes += used == null ? 0 : used; // null: the key went away between SCAN and MEMORY USAGE
            }
            cursor = page;
        } while (!cursor.isFinished());
        return MemoryPerRow.databaseBytes(bytes, bucketArrayBytes(redis, db));
    }

    private static long bucketArrayBytes(RedisAsyncCommands<String, String> redis, int db) {
        long buckets = 0;
        for (int attempt = 0; attempt < 100; attempt++) {
            long keys = await(redis.dbsize());
            List<Object> stats = await(redis.dispatch(CommandType.MEMORY, new ArrayOutput<>(StringCodec.UTF8),
                    new CommandArgs<>(StringCodec.UTF8).add("STATS")));
            buckets = MemoryPerRow.bucketArrayBytes(MemoryPerRow.mainHashtableOverhead(stats, db), keys);
            if (MemoryPerRow.oneTable(buckets)) {
                return buckets;
            }
            sleep(100); // Redis's cron resizes a step every 100 ms (hz 10)
        }
        return MemoryPerRow.grownTable(buckets);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Redis", e);
        }
    }

    private static <T> T await(RedisFuture<T> reply) {
        try {
            return reply.get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while measuring Redis memory", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not measure Redis memory: " + e.getMessage(), e);
        }
    }

    /** CPU seconds of Redis's main thread (the one that runs commands) since it started; its I/O threads and children not included. */
    double mainThreadCpuSeconds() {
        RedisInfo cpu = RedisInfo.parse(main.sync().info("cpu"));
        return seconds(cpu, "used_cpu_user_main_thread") + seconds(cpu, "used_cpu_sys_main_thread");
    }

    private static double seconds(RedisInfo info, String field) {
        return info.get(field).map(Double::parseDouble).orElse(0.0);
    }

    /** How many saves and AOF rewrites Redis finished since it started (INFO persistence). */
    record Children(long saves, long aofRewrites) {
        Children since(Children earlier) {
            return new Children(saves - earlier.saves, aofRewrites - earlier.aofRewrites);
        }

        /** As a repetition's checks: {@code <side>Saves}, {@code <side>AofRewrites}. */
        Map<String, Object> checks(String side) {
            return Map.of(side + "Saves", saves, side + "AofRewrites", aofRewrites);
        }
    }

    Children children() {
        RedisInfo info = persistence();
        return new Children(info.number("rdb_saves", 0), info.number("aof_rewrites", 0));
    }

    /**
     * Lets Redis settle before a measured side: waits until no save or AOF rewrite runs, then, with
     * the AOF on, rewrites it and waits for that too, then has the kernel write the dirty pages out. Each side then starts from a freshly rewritten
     * AOF with no child running, so the automatic rewrite ({@code auto-aof-rewrite-percentage}) falls
     * in a side's window only when that side's own writes grow the file enough; without this, a
     * rewrite the previous side started (a fork, then a second copy of the data written out) ran in
     * whichever side came next, and the baselines' rates spread by 2-4x between runs.
     */
    void settle() {
        awaitPersistence(RedisProbe::noChild, "its save or AOF rewrite to finish");
        RedisInfo info = persistence();
        if (info.flag("aof_enabled")) {
            long rewrites = info.number("aof_rewrites", 0);
            main.sync().bgrewriteaof();
            awaitPersistence(i -> noChild(i) && i.number("aof_rewrites", 0) > rewrites, "the AOF rewrite the bench asked for");
        }
        flushPageCache();
    }

    /**
     * Runs {@code sync}: the rewrite leaves its file, the whole data set, as dirty pages, which the
     * kernel writes back over the next half minute ({@code vm.dirty_expire_centisecs}) while Redis
     * appends and fsyncs the AOF; a side that starts then, as the short baseline would, runs
     * against that writeback and the other side mostly does not.
     */
    private static void flushPageCache() {
        try {
            Process sync = new ProcessBuilder("sync").redirectErrorStream(true).start();
            if (!sync.waitFor(5, TimeUnit.MINUTES)) {
                sync.destroyForcibly();
                throw new IllegalStateException("sync did not finish within 5 minutes");
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException("could not run sync: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for sync", e);
        }
    }

    private static boolean noChild(RedisInfo info) {
        return !info.flag("rdb_bgsave_in_progress") && !info.flag("aof_rewrite_in_progress") && !info.flag("aof_rewrite_scheduled");
    }

    private void awaitPersistence(Predicate<RedisInfo> done, String what) {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (!done.test(persistence())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Redis did not finish " + what + " within 5 minutes");
            }
            sleep(50);
        }
    }

    private RedisInfo persistence() {
        return RedisInfo.parse(main.sync().info("persistence"));
    }

    /** Round trips of one SET each from this JVM, in nanoseconds, after a warm-up. */
    long[] setRoundTrips(int count) {
        RedisCommands<String, String> redis = main.sync();
        for (int i = 0; i < 200; i++) {
            redis.set("metasync-bench:rtt", Integer.toString(i));
        }
        long[] nanos = new long[count];
        for (int i = 0; i < count; i++) {
            long started = System.nanoTime();
            redis.set("metasync-bench:rtt", Integer.toString(i));
            nanos[i] = System.nanoTime() - started;
        }
        redis.del("metasync-bench:rtt");
        return nanos;
    }

    @Override
    public void close() {
        main.close();
        baseline.close();
        client.shutdown();
    }
}
