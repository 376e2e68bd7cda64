package com.tradeul.metasync.verify;

import com.tradeul.metasync.clients.KafkaClients;
import com.tradeul.metasync.clients.PostgresConnections;
import com.tradeul.metasync.config.MetasyncConfig;
import com.tradeul.metasync.config.TableId;
import com.tradeul.metasync.normalize.JsonRenderer;
import com.tradeul.metasync.normalize.PgText;
import com.tradeul.metasync.wire.Column;
import com.tradeul.metasync.wire.ColumnValue;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Brings differing keys back through the normal pipeline, never by writing Redis around it:
 * <ul>
 *   <li>a missing or wrong key: its row is touched in PostgreSQL ({@code UPDATE t SET pk = pk}),
 *       a no-op for the data that makes capture emit the row's full current value, in WAL order
 *       with every other change of that row;</li>
 *   <li>an extra key: a tombstone for its primary key goes to the table's change topic, as capture
 *       writes after a delete, so apply removes it (and compaction forgets the row).</li>
 * </ul>
 */
public final class Repairer {

    /** @param touched rows updated in place; @param tombstones tombstones sent */
    public record Result(long touched, long tombstones) {}

    private final MetasyncConfig config;
    private final PostgresConnections postgres;
    private final KafkaClients kafka;
    private final JsonRenderer renderer;

    public Repairer(MetasyncConfig config, PostgresConnections postgres, KafkaClients kafka, JsonRenderer renderer) {
        this.config = config;
        this.postgres = postgres;
        this.kafka = kafka;
        this.renderer = renderer;
    }

    public Result repair(TableReport report, List<String> keyColumns) throws Exception {
        List<Map<String, String>> touch = new ArrayList<>();
        List<Map<String, String>> remove = new ArrayList<>();
        for (TableReport.KeyProblem problem : report.problems()) {
            if (problem.keyParts().isEmpty()) {
                continue; // a key that fits no row key at all: nothing in the pipeline owns it
            }
            (problem.kind() == Difference.Kind.EXTRA ? remove : touch).add(problem.keyParts());
        }
        Map<String, String> types = keyTypes(report.table());
        long touched = touchRows(report.table(), keyColumns, types, touch);
        long tombstones = sendTombstones(report.table(), keyColumns, types, remove);
        return new Result(touched, tombstones);
    }

    private long touchRows(TableId table, List<String> keyColumns, Map<String, String> types,
                           List<Map<String, String>> keys) throws Exception {
        long touched = 0;
        String first = "\"" + keyColumns.get(0) + "\"";
        String columns = String.join(", ", keyColumns.stream().map(c -> "\"" + c + "\"").toList());
        String tuple = "(" + String.join(", ", keyColumns.stream().map(c -> "?::" + types.get(c)).toList()) + ")";
        try (Connection connection = postgres.open("repair")) {
            for (int from = 0; from < keys.size(); from += TableVerifier.BATCH) {
                List<Map<String, String>> batch = keys.subList(from, Math.min(keys.size(), from + TableVerifier.BATCH));
                String sql = "UPDATE \"" + table.schema() + "\".\"" + table.table() + "\" SET " + first + " = " + first
                        + " WHERE (" + columns + ") IN (" + String.join(", ", Collections.nCopies(batch.size(), tuple)) + ")";
                try (PreparedStatement statement = connection.prepareStatement(sql)) {
                    int index = 1;
                    for (Map<String, String> key : batch) {
                        for (String column : keyColumns) {
                            statement.setString(index++, key.get(column));
                        }
                    }
                    touched += statement.executeUpdate();
                }
            }
        }
        return touched;
    }

    private long sendTombstones(TableId table, List<String> keyColumns, Map<String, String> types,
                                List<Map<String, String>> keys) throws Exception {
        if (keys.isEmpty()) {
            return 0;
        }
        String topic = table.topic(config.kafka().topicPrefix());
        // Capture's positions are LSNs plus its base (raised when PostgreSQL was replaced): the same here.
        long now = Math.addExact(currentWalPosition(), com.tradeul.metasync.capture.SourcePositions.base(config, kafka));
        byte[] position = Long.toString(now).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        try (Producer<byte[], byte[]> producer = kafka.producer("metasync-repair", Map.of(ProducerConfig.ACKS_CONFIG, "all"))) {
            List<Future<?>> sends = new ArrayList<>();
            for (Map<String, String> key : keys) {
                List<Column> columns = new ArrayList<>();
                for (String column : keyColumns) {
                    columns.add(new Column(column, typed(key.get(column), types.get(column))));
                }
                ProducerRecord<byte[], byte[]> tombstone = new ProducerRecord<>(topic, renderer.renderKey(columns), null);
                // Positioned now, so the fence lets it pass any older write of the key, and no newer one.
                tombstone.headers().add(com.tradeul.metasync.wire.RecordHeaders.SOURCE_POSITION, position);
                sends.add(producer.send(tombstone));
            }
            for (Future<?> send : sends) {
                send.get();
            }
        }
        return keys.size();
    }

    /** The key value as capture types it, so the tombstone's Kafka key equals the row's. */
    static ColumnValue typed(String text, String type) {
        if (type.startsWith("smallint") || type.startsWith("integer") || type.startsWith("bigint")) {
            return new ColumnValue.Int(Long.parseLong(text));
        }
        if (type.startsWith("numeric")) {
            // The key part is the rendered number, in PostgreSQL's own digits (or NaN, Infinity): its numeric text.
            return PgText.builtIn().parse("numeric", text);
        }
        if (type.equals("uuid")) {
            return new ColumnValue.Uuid(text);
        }
        if (type.equals("boolean")) {
            return new ColumnValue.Bool(Boolean.parseBoolean(text));
        }
        return new ColumnValue.Text(text);
    }

    private long currentWalPosition() throws Exception {
        try (Connection connection = postgres.open("repair");
             PreparedStatement statement = connection.prepareStatement("SELECT (pg_current_wal_lsn() - '0/0')::bigint");
             java.sql.ResultSet rs = statement.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private Map<String, String> keyTypes(TableId table) throws Exception {
        try (Connection connection = postgres.open("repair")) {
            return PostgresRows.columnTypes(connection, table);
        }
    }
}
