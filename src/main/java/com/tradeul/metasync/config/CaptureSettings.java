package com.tradeul.metasync.config;

import static org.apache.kafka.common.config.ConfigDef.Importance.LOW;
import static org.apache.kafka.common.config.ConfigDef.Importance.MEDIUM;
import static org.apache.kafka.common.config.ConfigDef.Type.STRING;

import io.debezium.connector.postgresql.PostgresConnectorConfig;
import io.debezium.embedded.EmbeddedEngineConfig;
import io.debezium.embedded.async.AsyncEngineConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.config.ConfigDef;

/** The Debezium connector capture runs, and where it keeps its offsets. */
public final class CaptureSettings extends SettingsGroup {

    public static final String CONNECTOR_CONFIG = "capture.connector-config";
    public static final String OFFSET_STORAGE = "capture.offset-storage";
    public static final String ON_SLOT_LOST = "capture.on-slot-lost";
    public static final String SNAPSHOT_READER = "capture.snapshot.reader";

    public enum OffsetStorage { KAFKA, FILE }

    /** What capture does when the position it streams from is gone (see {@link #ON_SLOT_LOST}). */
    public enum OnSlotLost { RESNAPSHOT, STOP }

    /** Who reads the tables for a snapshot (see {@link #SNAPSHOT_READER}). */
    public enum SnapshotReader { COPY, DEBEZIUM }

    public static final Definition DEFINITION = new Definition("Capture", new ConfigDef()
            .define(CONNECTOR_CONFIG, STRING, "", Expect.parsedBy(CaptureSettings::existingFileOrEmpty,
                    "an existing Debezium connector properties file, or empty for the packaged one"), LOW,
                    "Debezium connector properties file. Empty: the packaged connectors/debezium-postgres.properties.")
            .define(OFFSET_STORAGE, STRING, "kafka", Expect.oneOf("kafka", "file"), MEDIUM,
                    "Where Debezium keeps its source offsets: kafka (topic <prefix>.capture-offsets) or file (under data-dir).")
            .define(ON_SLOT_LOST, STRING, "resnapshot", Expect.oneOf("resnapshot", "stop"), MEDIUM,
                    "When the position capture streams from is gone (the replication slot dropped, or invalidated by"
                    + " max_slot_wal_keep_size: wal_status=lost; or PostgreSQL replaced by another cluster, found by its system"
                    + " identifier): resnapshot takes a fresh snapshot of every table, removes from Kafka and Redis the rows"
                    + " deleted meanwhile, and goes on streaming; stop stops capture with the fix, for an operator to decide.")
            .define(SNAPSHOT_READER, STRING, "copy", Expect.oneOf("copy", "debezium"), MEDIUM,
                    "Who reads the tables when capture takes a snapshot (the first start, or a fresh snapshot after its position was"
                    + " lost; only under Debezium's snapshot.mode=initial, its default): debezium runs Debezium's own snapshot; copy"
                    + " has metasync create the replication slot with an exported snapshot, read every table under it with COPY (each"
                    + " column as PostgreSQL's text, as Debezium's snapshot reads it), send the same snapshot records to Kafka and"
                    + " then start Debezium without a snapshot (snapshot.mode=no_data) on that slot. A copy interrupted half way is"
                    + " taken again at the next start."));

    /** {@code debezium.<property>}: passed to the connector, over connectors/debezium-postgres.properties. */
    public static final PassThrough DEBEZIUM = new PassThrough("debezium.",
            "Passed to the Debezium connector, overriding connectors/debezium-postgres.properties, e.g. debezium.snapshot.mode=never.",
            CaptureSettings::debeziumPropertyNames, CaptureSettings::debeziumSecretNames);

    private final Map<String, String> debeziumOverrides;

    CaptureSettings(Map<String, Object> values, Map<String, String> debeziumOverrides) {
        super(values);
        this.debeziumOverrides = Map.copyOf(debeziumOverrides);
    }

    private static void existingFileOrEmpty(String path) {
        if (!path.isEmpty() && !Files.isRegularFile(Path.of(path))) {
            throw new IllegalArgumentException(path + " does not exist");
        }
    }

    /** Empty: the connector file packaged in the jar. */
    public Optional<Path> connectorConfig() {
        String path = string(CONNECTOR_CONFIG);
        return path.isEmpty() ? Optional.empty() : Optional.of(Path.of(path));
    }

    public OffsetStorage offsetStorage() {
        return OffsetStorage.valueOf(string(OFFSET_STORAGE).toUpperCase(Locale.ROOT));
    }

    public OnSlotLost onSlotLost() {
        return OnSlotLost.valueOf(string(ON_SLOT_LOST).toUpperCase(Locale.ROOT));
    }

    public SnapshotReader snapshotReader() {
        return SnapshotReader.valueOf(string(SNAPSHOT_READER).toUpperCase(Locale.ROOT));
    }

    /** The {@code debezium.*} settings without their prefix. */
    public Map<String, String> debeziumOverrides() {
        return debeziumOverrides;
    }

    /** Every property the PostgreSQL connector and the embedded engine define. */
    static Set<String> debeziumPropertyNames() {
        return DebeziumNames.ALL;
    }

    static Set<String> debeziumSecretNames() {
        return DebeziumNames.SECRETS;
    }

    /** Read once, when first needed: Debezium builds its definitions on first use. */
    private static final class DebeziumNames {
        static final Set<String> ALL = read();
        static final Set<String> SECRETS = PassThroughNames.secrets(PostgresConnectorConfig.configDef());

        private static Set<String> read() {
            Set<String> names = new TreeSet<>(PostgresConnectorConfig.configDef().names());
            EmbeddedEngineConfig.ALL_FIELDS.forEach(field -> names.add(field.name()));
            AsyncEngineConfig.ALL_FIELDS.forEach(field -> names.add(field.name()));
            return java.util.Collections.unmodifiableSet(names);
        }
    }
}
