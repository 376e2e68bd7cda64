package com.tradeul.metasync.config;

import com.tradeul.metasync.normalize.KeyTemplate;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Validated settings of one metasync process, one group per feature. Immutable; built by
 * {@link ConfigLoader}.
 *
 * @param perTable the settings of each table in {@code postgres.tables}
 * @param raw every setting as given (file, environment, --set; secrets included), for the
 *     connector file's {@code ${setting}} placeholders and for handing the same settings on
 * @param origins where each given setting came from ({@code file <path>}, {@code environment
 *     <variable>}, {@code --set}); a setting missing here has its default
 */
public record MetasyncConfig(
        PostgresSettings postgres,
        KafkaSettings kafka,
        RedisSettings redis,
        ApplySettings apply,
        NormalizeSettings normalize,
        CaptureSettings capture,
        VerifySettings verify,
        GuardSettings guard,
        MonitorSettings monitor,
        ProcessSettings process,
        Map<TableId, TableSettings> perTable,
        Map<String, String> raw,
        Map<String, String> origins) {

    public MetasyncConfig {
        perTable = Map.copyOf(perTable);
        raw = Map.copyOf(raw);
        origins = Map.copyOf(origins);
    }

    public Path dataDir() {
        return process.dataDir();
    }

    /** The key template of each table that has one (configured or built in). */
    public Map<TableId, KeyTemplate> keyTemplates() {
        Map<TableId, KeyTemplate> templates = new LinkedHashMap<>();
        postgres.tables().forEach(t -> perTable.get(t).keyTemplate().ifPresent(k -> templates.put(t, k)));
        return templates;
    }

    public TableSettings.TruncatePolicy truncatePolicy(TableId table) {
        TableSettings settings = perTable.get(table);
        return settings == null ? TableSettings.TruncatePolicy.DELETE : settings.truncate();
    }

    public TableSettings.OnUnconvertible onUnconvertible(TableId table) {
        TableSettings settings = perTable.get(table);
        return settings == null ? TableSettings.OnUnconvertible.DELETE : settings.onUnconvertible();
    }

    /** How the table's rows are written to Redis: the one source of apply's, verify's and repair's rendering. */
    public com.tradeul.metasync.normalize.RowShape rowShape(TableId table) {
        TableSettings settings = perTable.get(table);
        return settings == null ? com.tradeul.metasync.normalize.RowShape.DEFAULT : settings.rowShape();
    }

    public TableSettings tableSettings(TableId table) {
        return perTable.get(table);
    }

    /** The change topic of each captured table. */
    public Map<String, TableId> tablesByTopic() {
        Map<String, TableId> result = new LinkedHashMap<>();
        postgres.tables().forEach(t -> result.put(t.topic(kafka.topicPrefix()), t));
        return result;
    }

    /** Copy with the bootstrap servers of an embedded broker filled in. */
    public MetasyncConfig withBootstrapServers(String servers) {
        return new MetasyncConfig(postgres, kafka.withBootstrapServers(servers), redis, apply, normalize, capture, verify, guard,
                monitor, process, perTable, raw, origins);
    }
}
