package com.tradeul.metasync.verify;

import com.tradeul.metasync.apply.RedisKeys;
import com.tradeul.metasync.clients.PostgresConnections;
import com.tradeul.metasync.clients.RedisKeyspace;
import com.tradeul.metasync.config.MetasyncConfig;
import com.tradeul.metasync.config.TableId;
import com.tradeul.metasync.normalize.JsonRenderer;
import com.tradeul.metasync.normalize.KeyTemplate;
import com.tradeul.metasync.normalize.RowShape;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Proves one table's keys equal its rows: every row rendered by apply's own normalizer and
 * compared byte for byte with its key (missing, wrong), every key of the table's pattern checked
 * for a row (extra). Differences are then re-checked against PostgreSQL's current rows until they
 * persist for the settle time, so changes still in flight through the pipeline are not reported.
 * Memory is bounded by the batch size and the number of differing keys kept.
 */
public final class TableVerifier {

    /** @param sample null for every row */
    public record Options(Integer sample, int show, Duration settle) {}

    /** Told how far the row pass has come. */
    public interface Progress {
        void rows(long done, long estimatedTotal);
    }

    static final int BATCH = 500;
    static final int MAX_PROBLEMS = 100_000;

    private final PostgresConnections postgres;
    private final RedisKeyspace redis;
    private final JsonRenderer renderer;
    private final RedisKeys keys;
    private final Function<TableId, RowShape> shapes;

    /** Every table's rows written whole, as numbers. */
    public TableVerifier(PostgresConnections postgres, RedisKeyspace redis,
                         JsonRenderer renderer, RedisKeys keys) {
        this(postgres, redis, renderer, keys, table -> RowShape.DEFAULT);
    }

    /** @param shapes how apply writes each table's rows ({@code MetasyncConfig#rowShape}): verify expects the same */
    public TableVerifier(PostgresConnections postgres, RedisKeyspace redis,
                         JsonRenderer renderer, RedisKeys keys, Function<TableId, RowShape> shapes) {
        this.shapes = shapes;
        this.postgres = postgres;
        this.redis = redis;
        this.renderer = renderer;
        this.keys = keys;
    }

    public TableReport verify(TableId table, List<String> keyColumns, Options options, Progress progress) throws Exception {
        KeyTemplate template = keys.templateFor(table, keyColumns);
        RowShape shape = shapes.apply(table);
        Tally tally = new Tally(options.show());
        try (PostgresRows rows = new PostgresRows(postgres, table, keyColumns)) {
            long estimate = options.sample() != null ? options.sample() : rows.estimatedRows();
            List<PostgresRows.Row> batch = new ArrayList<>(BATCH);
            rows.forEach(options.sample(), row -> {
                batch.add(row);
                if (batch.size() == BATCH) {
                    compareBatch(template, shape, batch, tally);
                    batch.clear();
                    progress.rows(tally.rows, estimate);
                }
            });
            compareBatch(template, shape, batch, tally);
            progress.rows(tally.rows, estimate);
            findExtras(template, rows, options.sample(), tally);
            new Settler(rows, this::keyPartsOf, (key, row, actual) -> renderAndCompare(shape, key, row, actual),
                    key -> await(StoredValues.request(redis, shape.format(), key))).settle(tally, options.settle());
        }
        return tally.report(table, options.sample() != null);
    }

    private void compareBatch(KeyTemplate template, RowShape shape, List<PostgresRows.Row> batch, Tally tally) {
        Map<String, PostgresRows.Row> byKey = new LinkedHashMap<>();
        for (PostgresRows.Row row : batch) {
            byKey.put(template.render(keyPartsOf(row)), row);
        }
        Map<String, CompletableFuture<StoredValue>> replies = new LinkedHashMap<>();
        byKey.keySet().forEach(key -> replies.put(key, StoredValues.request(redis, shape.format(), key)));
        for (var entry : byKey.entrySet()) {
            tally.rowCompared(entry.getKey(), keyPartsOf(entry.getValue()),
                    renderAndCompare(shape, entry.getKey(), entry.getValue(), await(replies.get(entry.getKey()))));
        }
    }

    private Map<String, String> keyPartsOf(PostgresRows.Row row) {
        return JsonRenderer.keyParts(renderer.renderKey(row.key()));
    }

    List<Difference> renderAndCompare(RowShape shape, String key, PostgresRows.Row row, StoredValue actual) {
        return StoredComparison.compare(shape.format(), key, renderer.renderRow(row.columns(), shape), actual, shape.byField(row.unreadable()));
    }

    /** Keys of the table's pattern whose row does not exist. In sample mode only the first keys SCAN returns. */
    private void findExtras(KeyTemplate template, PostgresRows rows, Integer sample, Tally tally) throws Exception {
        ScanArgs args = ScanArgs.Builder.matches(template.globPattern()).limit(1000);
        ScanCursor cursor = ScanCursor.INITIAL;
        long scanned = 0;
        do {
            KeyScanCursor<String> page = redis.scan().page(cursor, args);
            List<String> pageKeys = page.getKeys();
            for (int from = 0; from < pageKeys.size(); from += BATCH) {
                checkExistence(template, rows, pageKeys.subList(from, Math.min(pageKeys.size(), from + BATCH)), tally);
            }
            scanned += pageKeys.size();
            cursor = page;
        } while (!cursor.isFinished() && (sample == null || scanned < sample));
    }

    private void checkExistence(KeyTemplate template, PostgresRows rows, List<String> redisKeys, Tally tally) throws Exception {
        Map<String, Map<String, String>> parts = new LinkedHashMap<>();
        for (String key : redisKeys) {
            template.match(key).ifPresentOrElse(p -> parts.put(key, p), () -> tally.extra(key, Map.of()));
        }
        tally.keysSeen(redisKeys.size());
        java.util.Set<Map<String, String>> present = new java.util.HashSet<>();
        for (PostgresRows.Row row : rows.byKeys(parts.values())) {
            present.add(keyPartsOf(row));
        }
        parts.forEach((key, p) -> {
            if (!present.contains(p)) {
                tally.extra(key, p);
            }
        });
    }

    static <T> T await(RedisFuture<T> reply) {
        return await(reply.toCompletableFuture());
    }

    static <T> T await(java.util.concurrent.Future<T> reply) {
        try {
            return reply.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Redis did not answer: " + e.getMessage(), e);
        }
    }
}
