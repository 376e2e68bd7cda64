package com.tradeul.metasync.devtools.bench;

import com.tradeul.metasync.apply.ApplyStats;
import com.tradeul.metasync.apply.ApplyStats.Stage;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Which stage limits a measured window: the share of its wall time apply's thread spent in each
 * {@link Stage}, the share during which a batch was with Redis (sent, not yet answered), the CPU
 * share of apply's thread and of Lettuce's I/O threads (encoding commands, reading answers), the share
 * apply's thread was runnable but waiting for a core ({@link RunQueueWait}), the share
 * the JVM's collectors report (pauses stop apply in whatever stage it is), and, on the
 * single Redis, the share its main thread was on a CPU (INFO cpu: commands, reading and parsing
 * requests, writing the AOF and replies; not commandstats, which counts a script's or a transaction's
 * commands twice, in themselves and in the EVALSHA or EXEC that ran them).
 * A stage whose share nears 1 is the limit; when none does, the time goes between them.
 */
final class StageShares {

    static final String PREFIX = "stageShare.";
    /** A stage's CPU share is named after it with this suffix: {@code stageShare.plan_cpu}. */
    static final String CPU = "_cpu";

    private final ApplyStats stats;
    private final RedisProbe redis;
    private final long startedNanos;
    private final Map<Stage, Long> stagesAtStart = new EnumMap<>(Stage.class);
    private final Map<Stage, Long> stageCpuAtStart = new EnumMap<>(Stage.class);
    private final long writeAtStart;
    private final double redisCpuAtStart;
    private final ThreadCpu applyThread = ThreadCpu.mark("metasync-apply");
    private final ThreadCpu lettuceThreads = ThreadCpu.mark("lettuce-");
    private final RunQueueWait applyRunQueue = RunQueueWait.mark("metasync-apply");
    private final long gcMillisAtStart = gcMillis();

    private StageShares(ApplyStats stats, RedisProbe redis) {
        this.stats = stats;
        this.redis = redis;
        for (Stage stage : Stage.values()) {
            stagesAtStart.put(stage, stats.stageNanos(stage));
            stageCpuAtStart.put(stage, stats.stageCpuNanos(stage));
        }
        this.writeAtStart = stats.writeNanos();
        this.redisCpuAtStart = redis == null ? 0 : redis.mainThreadCpuSeconds();
        this.startedNanos = System.nanoTime();
    }

    /** @param redis the Redis apply writes to, or null when the bench cannot read it alone (a cluster) */
    static StageShares start(ApplyStats stats, RedisProbe redis) {
        return new StageShares(stats, redis);
    }

    /** The shares since {@link #start}, as checks ({@code stageShare.<stage>}, {@code stageShare.redis_write}, ...). */
    Map<String, Object> stop() {
        double window = Math.max(1, System.nanoTime() - startedNanos);
        Map<String, Object> shares = new LinkedHashMap<>();
        for (Stage stage : Stage.values()) {
            shares.put(PREFIX + stage.label(), round((stats.stageNanos(stage) - stagesAtStart.get(stage)) / window));
            shares.put(PREFIX + stage.label() + CPU, round((stats.stageCpuNanos(stage) - stageCpuAtStart.get(stage)) / window));
        }
        shares.put(PREFIX + "redis_write", round((stats.writeNanos() - writeAtStart) / window));
        shares.put(PREFIX + "apply_thread_cpu", round(applyThread.nanosSinceMark() / window));
        shares.put(PREFIX + "apply_thread_waiting_for_a_core", round(applyRunQueue.nanosSinceMark() / window));
        shares.put(PREFIX + "lettuce_threads_cpu", round(lettuceThreads.nanosSinceMark() / window));
        shares.put(PREFIX + "gc", round((gcMillis() - gcMillisAtStart) * 1e6 / window));
        if (redis != null) {
            shares.put(PREFIX + "redis_main_thread_cpu", round((redis.mainThreadCpuSeconds() - redisCpuAtStart) * 1e9 / window));
        }
        return shares;
    }

    /** Milliseconds this JVM's collectors report (G1: young and mixed pauses, and concurrent cycles). */
    private static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(GarbageCollectorMXBean::getCollectionTime)
                .filter(millis -> millis > 0).sum();
    }

    /** "poll 12% (cpu 5%), plan 30% (cpu 22%), ..." for a progress line: a stage's CPU share beside it. */
    static String describe(Map<String, Object> shares) {
        StringJoiner text = new StringJoiner(", ");
        shares.forEach((name, share) -> {
            Object cpu = shares.get(name + CPU);
            if (name.endsWith(CPU) && shares.containsKey(name.substring(0, name.length() - CPU.length()))) {
                return; // shown beside its stage
            }
            String shown = String.format(Locale.ROOT, "%s %s", name.substring(PREFIX.length()), percent(share));
            text.add(cpu == null ? shown : shown + " (cpu " + percent(cpu) + ")");
        });
        return text.toString();
    }

    private static String percent(Object share) {
        return String.format(Locale.ROOT, "%.0f%%", 100 * ((Number) share).doubleValue());
    }

    private static double round(double share) {
        return Math.round(share * 1000) / 1000.0;
    }
}
