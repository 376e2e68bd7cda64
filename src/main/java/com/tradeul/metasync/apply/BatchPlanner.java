package com.tradeul.metasync.apply;

import com.tradeul.metasync.config.TableId;
import com.tradeul.metasync.config.TableSettings.OnUnconvertible;
import com.tradeul.metasync.config.TableSettings.TruncatePolicy;
import com.tradeul.metasync.normalize.HashFields;
import com.tradeul.metasync.normalize.JsonRenderer;
import com.tradeul.metasync.normalize.RowFormat;
import com.tradeul.metasync.normalize.RowMerger;
import com.tradeul.metasync.normalize.RowShape;
import com.tradeul.metasync.wire.ChangeEvent;
import com.tradeul.metasync.wire.Operation;
import com.tradeul.metasync.wire.Unconvertible;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Decides what a batch of Kafka records does to Redis. Pure: no I/O, so every rule here is
 * unit-tested without Redis or Kafka. Thread safe.
 *
 * <p>Rules: changes of one key collapse to the last (an upsert or delete replaces what came before;
 * a row missing unchanged TOAST columns is completed from the batch's earlier value of that key when
 * there is one, else from Redis when written); a TRUNCATE under the delete policy splits the batch,
 * so writes before it are applied before it and writes after it after it.
 */
public final class BatchPlanner {

    private final Map<String, TableId> tablesByTopic;
    private final ChangeDecoder decoder;
    private final JsonRenderer renderer;
    private final RedisKeys keys;
    private final Function<TableId, TruncatePolicy> truncatePolicy;
    private final Function<TableId, OnUnconvertible> onUnconvertible;
    private final Function<TableId, RowShape> shapes;

    /** With every table's default for rows capture could not carry: delete their keys. */
    public BatchPlanner(Map<String, TableId> tablesByTopic, ChangeDecoder decoder, JsonRenderer renderer, RedisKeys keys,
                        Function<TableId, TruncatePolicy> truncatePolicy) {
        this(tablesByTopic, decoder, renderer, keys, truncatePolicy, table -> OnUnconvertible.DELETE);
    }

    public BatchPlanner(Map<String, TableId> tablesByTopic, ChangeDecoder decoder, JsonRenderer renderer, RedisKeys keys,
                        Function<TableId, TruncatePolicy> truncatePolicy, Function<TableId, OnUnconvertible> onUnconvertible) {
        this(tablesByTopic, decoder, renderer, keys, truncatePolicy, onUnconvertible, table -> RowShape.DEFAULT);
    }

    /**
     * @param shapes how each table's rows are written ({@code MetasyncConfig#rowShape}); asked once per
     *     table, since it must not change while apply runs
     */
    public BatchPlanner(Map<String, TableId> tablesByTopic, ChangeDecoder decoder, JsonRenderer renderer, RedisKeys keys,
                        Function<TableId, TruncatePolicy> truncatePolicy, Function<TableId, OnUnconvertible> onUnconvertible,
                        Function<TableId, RowShape> shapes) {
        // MetasyncConfig builds a RowShape from the table's settings on each call: asked per record,
        // that was 9% of planning in a rebuild's profile (JFR, 300,000 rows).
        Map<TableId, RowShape> known = new ConcurrentHashMap<>();
        this.shapes = table -> known.computeIfAbsent(table, shapes);
        this.tablesByTopic = Map.copyOf(tablesByTopic);
        this.decoder = decoder;
        this.renderer = renderer;
        this.keys = keys;
        this.truncatePolicy = truncatePolicy;
        this.onUnconvertible = onUnconvertible;
    }

    public BatchPlan plan(List<IncomingRecord> records) {
        List<RedisWrite> writes = new ArrayList<>();
        Map<String, RedisWrite> segment = new LinkedHashMap<>();
        List<BatchPlan.PoisonRecord> poison = new ArrayList<>();
        List<BatchPlan.CommittedChange> committed = new ArrayList<>();
        for (IncomingRecord record : records) {
            try {
                RedisWrite write = decide(record, committed);
                if (write instanceof RedisWrite.DeleteMatching) {
                    writes.addAll(segment.values());
                    segment.clear();
                    writes.add(write);
                } else if (write != null) {
                    RedisWrite earlier = segment.get(write.key());
                    if (earlier == null) {
                        segment.put(write.key(), write);
                    } else {
                        // Combined before the earlier write leaves the segment: if combining fails, that write stays.
                        RedisWrite survivor = newer(earlier, write);
                        segment.remove(write.key()); // re-insert: keep batch order of the survivors
                        segment.put(write.key(), survivor);
                    }
                }
            } catch (RuntimeException e) {
                poison.add(new BatchPlan.PoisonRecord(record, e.getClass().getSimpleName() + ": " + e.getMessage()));
            }
        }
        writes.addAll(segment.values());
        return new BatchPlan(List.copyOf(writes), poison, records.size(), committed);
    }

    RedisWrite decide(IncomingRecord record) {
        return decide(record, new ArrayList<>());
    }

    /**
     * @param committed gets the record's commit time when it is a committed change
     * @return the write, or null when the record changes nothing in Redis
     */
    private RedisWrite decide(IncomingRecord record, List<BatchPlan.CommittedChange> committed) {
        TableId table = tablesByTopic.get(record.topic());
        if (table == null) {
            throw new IllegalArgumentException("topic " + record.topic() + " is not the change topic of a configured table");
        }
        ChangeDecoder.Decoded decoded = decoder.decode(record);
        ChangeEvent event = decoded.event();
        if (event != null && event.op() != Operation.SNAPSHOT_READ && event.source().commitTimeMicros() > 0) {
            committed.add(new BatchPlan.CommittedChange(table.toString(), event.source().commitTimeMicros(), record.timestampMillis()));
        }
        if (event != null && event.op() == Operation.TRUNCATE) {
            return truncatePolicy.apply(table) == TruncatePolicy.DELETE ? new RedisWrite.DeleteMatching(keys.pattern(table), event.source().lsn())
                    : null;
        }
        String redisKey = keys.redisKey(table, decoded.keyParts());
        if (event == null) {
            Long position = record.sourcePosition();
            return new RedisWrite.Delete(redisKey, position == null ? RedisWrite.UNFENCED : position);
        }
        long position = event.source().lsn();
        if (event.problem() != null) {
            return unconvertible(table, redisKey, event, position);
        }
        if (event.op().removesRow()) {
            return new RedisWrite.Delete(redisKey, position);
        }
        RowShape shape = shapes.apply(table);
        byte[] json = renderer.renderRow(event.row(), shape);
        // The unchanged columns are kept from Redis under the fields they are written under; one not written needs nothing.
        List<String> unchangedFields = shape.fields(event.unchangedColumns());
        if (shape.format() == RowFormat.HASH) {
            return new RedisWrite.HashUpsert(redisKey, HashFields.of(json), unchangedFields, position);
        }
        if (unchangedFields.isEmpty()) {
            return new RedisWrite.Upsert(redisKey, json, position);
        }
        return new RedisWrite.Merge(redisKey, json, unchangedFields, record, position);
    }

    /** A row capture dead-lettered: its key is deleted or kept per the table's policy, and marked. */
    private RedisWrite unconvertible(TableId table, String redisKey, ChangeEvent event, long position) {
        // stop is capture's to act on; an event that still arrives (capture ran with another policy) deletes.
        boolean keep = onUnconvertible.apply(table) == OnUnconvertible.KEEP;
        Unconvertible why = event.problem();
        return new RedisWrite.Unconvertible(redisKey, position, !keep,
                UnconvertibleMarks.mark(table.toString(), why.column(), why.reason(), position, !keep));
    }

    /** Of two writes of one key in one batch, an older source position never wins (a replayed record). */
    static RedisWrite newer(RedisWrite earlier, RedisWrite later) {
        boolean bothKnown = earlier.position() != RedisWrite.UNFENCED && later.position() != RedisWrite.UNFENCED;
        return bothKnown && later.position() < earlier.position() ? earlier : combine(earlier, later);
    }

    /** Two writes of one key in one batch, {@code later} after {@code earlier}. */
    static RedisWrite combine(RedisWrite earlier, RedisWrite later) {
        if (later instanceof RedisWrite.HashUpsert hash) {
            return HashUpserts.after(earlier, hash);
        }
        if (!(later instanceof RedisWrite.Merge merge)) {
            return later;
        }
        if (earlier instanceof RedisWrite.Unconvertible marked) {
            // The unchanged columns are those of a row that could not be carried: still not carried.
            return new RedisWrite.Unconvertible(marked.key(), merge.position(), marked.deleteRow(), marked.mark());
        }
        if (earlier instanceof RedisWrite.Upsert upsert) {
            RowMerger.Result completed = RowMerger.complete(merge.partialJson(), upsert.json(), merge.unchangedColumns());
            if (!completed.missing().isEmpty()) {
                throw new IllegalArgumentException("unchanged TOAST columns " + completed.missing()
                        + " are not in the row's previous value either");
            }
            return new RedisWrite.Upsert(merge.key(), completed.json(), merge.position());
        }
        if (earlier instanceof RedisWrite.Merge previous) {
            RowMerger.Result completed = RowMerger.complete(merge.partialJson(), previous.partialJson(), merge.unchangedColumns());
            return new RedisWrite.Merge(merge.key(), completed.json(), completed.missing(), merge.source(), merge.position());
        }
        return later; // after a delete nothing can complete it: the writer dead-letters it
    }
}
