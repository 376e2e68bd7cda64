package com.tradeul.metasync.apply;

import com.tradeul.metasync.config.TableId;
import com.tradeul.metasync.normalize.JsonRenderer;
import com.tradeul.metasync.wire.ChangeEvent;
import com.tradeul.metasync.wire.ChangeEventCodec;
import com.tradeul.metasync.wire.Operation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides what a batch of Kafka records does to Redis. Pure: no I/O, so every rule here is
 * unit-tested without Redis or Kafka. Thread safe.
 */
public final class BatchPlanner {

    private final Map<String, TableId> tablesByTopic;
    private final ChangeEventCodec codec;
    private final JsonRenderer renderer;
    private final RedisKeys keys;

    public BatchPlanner(Map<String, TableId> tablesByTopic, ChangeEventCodec codec, JsonRenderer renderer, RedisKeys keys) {
        this.tablesByTopic = Map.copyOf(tablesByTopic);
        this.codec = codec;
        this.renderer = renderer;
        this.keys = keys;
    }

    public BatchPlan plan(List<IncomingRecord> records) {
        Map<String, RedisWrite> lastWriteByKey = new LinkedHashMap<>();
        List<BatchPlan.PoisonRecord> poison = new ArrayList<>();
        for (IncomingRecord record : records) {
            try {
                RedisWrite write = decide(record);
                if (write != null) {
                    lastWriteByKey.remove(write.key()); // keep batch order of the surviving writes
                    lastWriteByKey.put(write.key(), write);
                }
            } catch (RuntimeException e) {
                poison.add(new BatchPlan.PoisonRecord(record, e.getClass().getSimpleName() + ": " + e.getMessage()));
            }
        }
        return new BatchPlan(List.copyOf(lastWriteByKey.values()), poison, records.size());
    }

    /** @return the write, or null when the record changes nothing in Redis */
    RedisWrite decide(IncomingRecord record) {
        TableId table = tablesByTopic.get(record.topic());
        if (table == null) {
            throw new IllegalArgumentException("topic " + record.topic() + " is not the change topic of a configured table");
        }
        if (record.key() == null) {
            throw new IllegalArgumentException("record has no key; change records are keyed by primary key");
        }
        String redisKey = keys.redisKey(table, record.key());
        if (record.value() == null) {
            return new RedisWrite.Delete(redisKey);
        }
        ChangeEvent event = codec.decode(record.value());
        if (event.op() == Operation.TRUNCATE) {
            return null;
        }
        if (event.op().removesRow()) {
            return new RedisWrite.Delete(redisKey);
        }
        if (!event.unchangedColumns().isEmpty()) {
            // Writing the row without them would silently drop those columns from Redis.
            throw new IllegalArgumentException("columns " + event.unchangedColumns()
                    + " were not sent by PostgreSQL (unchanged TOAST); set REPLICA IDENTITY FULL on " + table);
        }
        return new RedisWrite.Upsert(redisKey, renderer.renderRow(event.row()));
    }
}
