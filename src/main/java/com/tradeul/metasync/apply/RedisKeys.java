package com.tradeul.metasync.apply;

import com.tradeul.metasync.config.TableId;
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

    /** @throws IllegalArgumentException when the key lacks a template column */
    public String redisKey(TableId table, Map<String, String> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("record key has no columns");
        }
        KeyTemplate template = templates.get(table);
        if (template != null) {
            return template.render(parts);
        }
        return table.table() + ":" + String.join(":", parts.values());
    }

    /**
     * The template in force for a table: the configured one, or {@code <table>:{k1}:{k2}...} over
     * its primary-key columns, which renders exactly like {@link #redisKey}'s default.
     */
    public KeyTemplate templateFor(TableId table, java.util.List<String> keyColumns) {
        KeyTemplate template = templates.get(table);
        if (template != null) {
            return template;
        }
        StringBuilder text = new StringBuilder(table.table());
        keyColumns.forEach(column -> text.append(":{").append(column).append('}'));
        return KeyTemplate.parse(text.toString());
    }

    /** A SCAN MATCH pattern covering every key of the table. */
    public String pattern(TableId table) {
        KeyTemplate template = templates.get(table);
        return template != null ? template.globPattern() : KeyTemplate.parse(table.table() + ":{key}").globPattern();
    }
}
