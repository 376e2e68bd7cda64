package com.tradeul.metasync.config;

import java.util.List;

/** Every setting metasync knows, with its default and documentation; the README's reference is made from this. */
public final class Settings {

    public static final Setting POSTGRES_HOST = new Setting("postgres.host", "localhost", "PostgreSQL host.");
    public static final Setting POSTGRES_PORT = new Setting("postgres.port", "5432", "PostgreSQL port.");
    public static final Setting POSTGRES_DATABASE = new Setting("postgres.database", "postgres", "Database holding the tables.");
    public static final Setting POSTGRES_USER = new Setting("postgres.user", "postgres",
            "User with the REPLICATION attribute (or superuser) and SELECT on the tables.");
    public static final Setting POSTGRES_PASSWORD = new Setting("postgres.password", "",
            "Password of postgres.user. Prefer the environment variable METASYNC_POSTGRES_PASSWORD.");
    public static final Setting POSTGRES_TABLES = new Setting("postgres.tables", "public.ticker_metadata",
            "Comma-separated schema.table list to copy into Redis.");
    public static final Setting POSTGRES_SLOT = new Setting("postgres.slot", "metasync",
            "Logical replication slot name (created when missing).");
    public static final Setting POSTGRES_PUBLICATION = new Setting("postgres.publication", "metasync",
            "Publication name (created for postgres.tables when missing).");

    public static final Setting KAFKA_BOOTSTRAP_SERVERS = new Setting("kafka.bootstrap-servers", "",
            "Kafka brokers, host:port,... Empty: run an embedded single-node broker with its data under data-dir.");
    public static final Setting KAFKA_TOPIC_PREFIX = new Setting("kafka.topic-prefix", "metasync",
            "Change topics are named <prefix>.<schema>.<table>.");
    public static final Setting KAFKA_PARTITIONS = new Setting("kafka.partitions", "1",
            "Partitions of change topics metasync creates. Changes of one row always share a partition.");
    public static final Setting KAFKA_REPLICATION_FACTOR = new Setting("kafka.replication-factor", "-1",
            "Replication factor of topics metasync creates; -1 uses the broker default.");
    public static final Setting KAFKA_DEAD_LETTER_TOPIC = new Setting("kafka.dead-letter-topic", "",
            "Topic for records that can never be applied. Empty: <prefix>.dead-letter.");

    public static final Setting REDIS_URI = new Setting("redis.uri", "redis://127.0.0.1:6379",
            "Redis URI, e.g. redis://:password@host:6379/0 or rediss:// for TLS.");

    public static final Setting APPLY_GROUP_ID = new Setting("apply.group-id", "metasync-apply",
            "Kafka consumer group of apply.");
    public static final Setting APPLY_BATCH_SIZE = new Setting("apply.batch-size", "2000",
            "Most records applied to Redis in one pipelined batch.");
    public static final Setting APPLY_MAX_RETRY_BACKOFF_MS = new Setting("apply.max-retry-backoff-ms", "5000",
            "Longest wait between retries while Redis refuses writes (apply never skips a batch).");

    public static final Setting APPLY_POSITION_CHECK_MS = new Setting("apply.position-check-interval-ms", "1000",
            "How often apply compares the offsets Redis holds with its own position (a wiped or rolled-back Redis is refilled).");

    public static final Setting APPLY_SESSION_TIMEOUT_MS = new Setting("apply.session-timeout-ms", "45000",
            "Kafka consumer session timeout: how long a crashed apply process holds its partitions before another takes them.");

    public static final Setting SPECIAL_NUMBERS = new Setting("normalize.special-numbers", "string",
            "How NaN and +/-Infinity, which JSON cannot hold, are written: string (\"NaN\", \"Infinity\", \"-Infinity\") or null.");

    public static final Setting CAPTURE_CONNECTOR_CONFIG = new Setting("capture.connector-config", "",
            "Debezium connector properties file. Empty: the packaged connectors/debezium-postgres.properties.");
    public static final Setting CAPTURE_OFFSET_STORAGE = new Setting("capture.offset-storage", "kafka",
            "Where Debezium keeps its source offsets: kafka (topic <prefix>.capture-offsets) or file (under data-dir).");

    public static final Setting VERIFY_INTERVAL_SECONDS = new Setting("verify.interval-seconds", "300",
            "How often run checks a sample of each table against PostgreSQL (0 = never).");
    public static final Setting VERIFY_SAMPLE_SIZE = new Setting("verify.sample-size", "1000",
            "Rows per table in each scheduled drift check.");

    public static final Setting GUARD_MODE = new Setting("guard.mode", "warn",
            "warn: report Redis settings that lose data; enforce: also CONFIG SET the safe value.");
    public static final Setting GUARD_SAVE_INTERVAL_SECONDS = new Setting("guard.save-interval-seconds", "300",
            "Force and check a BGSAVE at least this often while there are unsaved changes (0 = never).");
    public static final Setting GUARD_SAVE_AFTER_CHANGES = new Setting("guard.save-after-changes", "10000",
            "Also force a save after this many applied changes.");
    public static final Setting GUARD_AUDIT_INTERVAL_SECONDS = new Setting("guard.audit-interval-seconds", "60",
            "How often the Redis settings are audited.");

    public static final Setting MONITOR_BIND = new Setting("monitor.bind", "127.0.0.1",
            "Address the metrics and health endpoint listens on (127.0.0.1: this machine only; 0.0.0.0: every interface).");
    public static final Setting MONITOR_PORT = new Setting("monitor.port", "9464",
            "Port of /metrics (Prometheus text format) and /health (JSON). 0 picks a free port (logged); -1 turns the endpoint off.");
    public static final Setting MONITOR_INTERVAL_SECONDS = new Setting("monitor.interval-seconds", "10",
            "How often consumer lag and the replication slot are sampled for metrics and health.");
    public static final Setting MONITOR_LAG_THRESHOLD = new Setting("monitor.lag-threshold", "10000",
            "Health is DEGRADED while apply is more than this many records behind the change topics.");
    public static final Setting MONITOR_SAVE_AGE_THRESHOLD_SECONDS = new Setting("monitor.save-age-threshold-seconds", "900",
            "Health is DEGRADED when Redis's last good save is older than this while there are unsaved changes.");
    public static final Setting MONITOR_SLOT_WAL_THRESHOLD_BYTES = new Setting("monitor.slot-wal-threshold-bytes", "1073741824",
            "Health is DEGRADED when the replication slot retains more WAL than this (bytes; PostgreSQL keeps it on disk).");

    public static final Setting DATA_DIR = new Setting("data-dir", "metasync-data",
            "Directory for the embedded broker's log and capture offsets in file mode.");

    /** Per-table settings: {@code tables.<schema.table>.key-template}. */
    public static final String TABLE_PREFIX = "tables.";
    public static final String KEY_TEMPLATE_SUFFIX = ".key-template";
    /** Per-table: {@code tables.<schema.table>.truncate} = delete (default) or ignore. */
    public static final String TRUNCATE_SUFFIX = ".truncate";
    /** Debezium connector settings pass through under this prefix, e.g. {@code debezium.snapshot.mode}. */
    public static final String DEBEZIUM_PREFIX = "debezium.";

    public static final List<Setting> ALL = List.of(
            POSTGRES_HOST, POSTGRES_PORT, POSTGRES_DATABASE, POSTGRES_USER, POSTGRES_PASSWORD,
            POSTGRES_TABLES, POSTGRES_SLOT, POSTGRES_PUBLICATION,
            KAFKA_BOOTSTRAP_SERVERS, KAFKA_TOPIC_PREFIX, KAFKA_PARTITIONS, KAFKA_REPLICATION_FACTOR,
            KAFKA_DEAD_LETTER_TOPIC,
            REDIS_URI,
            APPLY_GROUP_ID, APPLY_BATCH_SIZE, APPLY_MAX_RETRY_BACKOFF_MS, APPLY_POSITION_CHECK_MS, APPLY_SESSION_TIMEOUT_MS,
            SPECIAL_NUMBERS,
            CAPTURE_CONNECTOR_CONFIG, CAPTURE_OFFSET_STORAGE,
            VERIFY_INTERVAL_SECONDS, VERIFY_SAMPLE_SIZE,
            GUARD_MODE, GUARD_SAVE_INTERVAL_SECONDS, GUARD_SAVE_AFTER_CHANGES, GUARD_AUDIT_INTERVAL_SECONDS,
            MONITOR_BIND, MONITOR_PORT, MONITOR_INTERVAL_SECONDS, MONITOR_LAG_THRESHOLD, MONITOR_SAVE_AGE_THRESHOLD_SECONDS,
            MONITOR_SLOT_WAL_THRESHOLD_BYTES,
            DATA_DIR);

    private Settings() {}
}
