package com.tradeul.metasync.apply;

import com.tradeul.metasync.config.TableId;
import com.tradeul.metasync.normalize.JsonRenderer;
import com.tradeul.metasync.normalize.KeyTemplate;
import java.util.Map;

/**
 * The Redis key of a row, from its Kafka record key (the primary key as JSON). Both change events
 * and tombstones carry that key, so a compacted topic that holds only a tombstone still deletes the
 * right Redis key. A table without a configured template gets {@code <table>:<key values joined by :>}.
 * Pure and thread safe.
 */
public final class RedisKeys {

    private final Map<TableId, KeyTemplate> templates;

    public RedisKeys(Map<TableId, KeyTemplate> templates) {
        this.templates = Map.copyOf(templates);
    }

    /** @throws IllegalArgumentException when the key is not a JSON object or lacks a template column */
    public String redisKey(TableId table, byte[] kafkaKey) {
        Map<String, String> parts = JsonRenderer.keyParts(kafkaKey);
        KeyTemplate template = templates.get(table);
        if (template != null) {
            return template.render(parts);
        }
        return table.table() + ":" + String.join(":", parts.values());
    }
}
