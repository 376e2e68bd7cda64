package com.tradeul.metasync.devtools.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Redis alone taking metasync's writes for the rebuild's rows under each {@link FenceLayout}: per
 * layout, the rows, fences and offsets piped with {@code redis-cli --pipe} into the emptied baseline
 * database (rows/s), and once, the memory per row that leaves there (against the bare SETs').
 * Not thread safe.
 */
final class FenceLayoutRuns {

    static final String PREFIX = "fenceLayout.";
    static final String ROWS_PER_SECOND = ".rowsPerSecond";
    static final String MEMORY_PER_ROW = ".memoryPerRowBytes";
    static final String MEMORY_RATIO = ".memoryPerRowRatio";

    private final Map<FenceLayout, Path> files = new EnumMap<>(FenceLayout.class);
    private final Map<FenceLayout, List<Double>> rates = new EnumMap<>(FenceLayout.class);
    private final Map<FenceLayout, Long> bytes = new EnumMap<>(FenceLayout.class);
    private final Map<FenceLayout, Long> errors = new EnumMap<>(FenceLayout.class);
    /** Repetitions whose offsets did not end at the rows' count: some batch wrote nothing (per-partition's check refused it). */
    private final Map<FenceLayout, Long> incomplete = new EnumMap<>(FenceLayout.class);

    private FenceLayoutRuns() {}

    /** Writes one file of commands per layout, from the baseline's file of SETs. */
    static FenceLayoutRuns prepare(Path setCommands, Path directory, int rows, Set<FenceLayout> layouts) throws IOException {
        FenceLayoutRuns runs = new FenceLayoutRuns();
        for (FenceLayout layout : layouts) {
            Path file = directory.resolve("resp-fenced-" + layout.label() + "-" + rows + ".txt");
            try (InputStream in = new BufferedInputStream(Files.newInputStream(setCommands));
                 OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
                FencedWritesFile.convert(in, out, layout, FencedWritesFile.ROWS_PER_CALL);
            }
            runs.files.put(layout, file);
            runs.rates.put(layout, new ArrayList<>());
        }
        return runs;
    }

    /** One repetition: every layout into the emptied baseline database; its memory too when asked. */
    void runOnce(BenchContext ctx, int rows, boolean measureMemory) throws Exception {
        for (Map.Entry<FenceLayout, Path> layout : files.entrySet()) {
            ctx.redis.flushBaseline();
            ctx.redis.settle();
            long started = System.nanoTime();
            RedisPipeReply reply = ctx.pipe.fromFile(layout.getValue(), RedisProbe.BASELINE_DB);
            rates.get(layout.getKey()).add(rows / SnapshotScenario.seconds(started, System.nanoTime()));
            errors.merge(layout.getKey(), reply.errors(), Long::sum);
            boolean complete = Long.toString(rows).equals(ctx.redis.baselineHashField(FencedWritesFile.OFFSETS_KEY, "table:0"));
            incomplete.merge(layout.getKey(), complete ? 0L : 1L, Long::sum);
            if (measureMemory) {
                bytes.put(layout.getKey(), ctx.redis.baselineDatabaseBytes());
            }
        }
        ctx.redis.flushBaseline();
    }

    /** Median rows/s of a layout over the repetitions. */
    double rowsPerSecond(FenceLayout layout) {
        return Stats.median(rates.get(layout));
    }

    long errors(FenceLayout layout) {
        return errors.getOrDefault(layout, 0L);
    }

    long incompleteRuns(FenceLayout layout) {
        return incomplete.getOrDefault(layout, 0L);
    }

    /** Every layout's figures as checks ({@code fenceLayout.<label>.rowsPerSecond}, ...); memory only where measured. */
    Map<String, Object> checks(long rows, long bareSetBytes) {
        Map<String, Object> checks = new LinkedHashMap<>();
        for (FenceLayout layout : files.keySet()) {
            checks.put(PREFIX + layout.label() + ROWS_PER_SECOND, rowsPerSecond(layout));
            checks.put(PREFIX + layout.label() + ".errors", errors(layout));
            checks.put(PREFIX + layout.label() + ".incompleteRuns", incompleteRuns(layout));
            Long measured = bytes.get(layout);
            if (measured != null && bareSetBytes > 0) {
                MemoryPerRow memory = new MemoryPerRow(rows, measured, bareSetBytes);
                checks.put(PREFIX + layout.label() + MEMORY_PER_ROW, memory.metasyncPerRow());
                checks.put(PREFIX + layout.label() + MEMORY_RATIO, memory.ratio());
            }
        }
        return checks;
    }

    void delete() throws IOException {
        for (Path file : files.values()) {
            Files.deleteIfExists(file);
        }
    }
}
