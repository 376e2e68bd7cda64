package com.tradeul.metasync.config;

import com.tradeul.metasync.normalize.KeyTemplate;
import com.tradeul.metasync.normalize.SpecialNumberPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Validated settings of one metasync process. Immutable; built by {@link ConfigLoader}. */
public record MetasyncConfig(
        Postgres postgres,
        Kafka kafka,
        String redisUri,
        Apply apply,
        Verify verify,
        Guard guard,
        Monitor monitor,
        SpecialNumberPolicy specialNumbers,
        Map<TableId, KeyTemplate> keyTemplates,
        Map<TableId, TruncatePolicy> truncatePolicies,
        Optional<Path> connectorConfig,
        OffsetStorage offsetStorage,
        Path dataDir,
        Map<String, String> debeziumOverrides,
        Map<String, String> raw) {

    public enum OffsetStorage { KAFKA, FILE }

    /** What a TRUNCATE of a table does to its Redis keys. */
    public enum TruncatePolicy {
        /** Delete every key of the table (found with SCAN on the key template's pattern): Redis mirrors PostgreSQL. */
        DELETE,
        /** Keep the keys: Redis keeps the rows PostgreSQL no longer has. */
        IGNORE
    }

    public TruncatePolicy truncatePolicy(TableId table) {
        return truncatePolicies.getOrDefault(table, TruncatePolicy.DELETE);
    }

    public record Postgres(String host, int port, String database, String user, String password,
                           List<TableId> tables, String slot, String publication) {
        public String jdbcUrl() {
            return "jdbc:postgresql://" + host + ":" + port + "/" + database;
        }

        @Override
        public String toString() {
            return user + "@" + host + ":" + port + "/" + database;
        }
    }

    /** @param bootstrapServers empty: the embedded broker */
    public record Kafka(Optional<String> bootstrapServers, String topicPrefix, int partitions,
                        short replicationFactor, String deadLetterTopic) {
        public String offsetTopic() {
            return topicPrefix + ".capture-offsets";
        }
    }

    public record Apply(String groupId, int batchSize, Duration maxRetryBackoff, Duration positionCheckInterval,
                        Duration sessionTimeout) {}

    /** @param saveInterval zero: no forced saves */
    public record Guard(boolean enforce, Duration saveInterval, long saveAfterChanges, Duration auditInterval) {}

    /**
     * The metrics/health endpoint and the thresholds health judges by.
     *
     * @param port -1: no endpoint; 0: a free port
     */
    public record Monitor(String bind, int port, Duration interval, long lagThreshold, Duration saveAgeThreshold,
                          long slotWalThresholdBytes) {
        public boolean enabled() {
            return port >= 0;
        }
    }

    /** @param interval zero: no scheduled drift check */
    public record Verify(Duration interval, int sampleSize) {}

    /** Copy with the bootstrap servers of an embedded broker filled in. */
    public MetasyncConfig withBootstrapServers(String servers) {
        Kafka k = new Kafka(Optional.of(servers), kafka.topicPrefix(), kafka.partitions(),
                kafka.replicationFactor(), kafka.deadLetterTopic());
        return new MetasyncConfig(postgres, k, redisUri, apply, verify, guard, monitor, specialNumbers, keyTemplates, truncatePolicies, connectorConfig,
                offsetStorage, dataDir, debeziumOverrides, raw);
    }

    /** The change topic of each captured table. */
    public Map<String, TableId> tablesByTopic() {
        java.util.LinkedHashMap<String, TableId> result = new java.util.LinkedHashMap<>();
        postgres.tables().forEach(t -> result.put(t.topic(kafka.topicPrefix()), t));
        return result;
    }
}
