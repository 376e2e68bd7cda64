package com.tradeul.metasync.config;

import static org.apache.kafka.common.config.ConfigDef.Importance.HIGH;
import static org.apache.kafka.common.config.ConfigDef.Importance.LOW;
import static org.apache.kafka.common.config.ConfigDef.Importance.MEDIUM;
import static org.apache.kafka.common.config.ConfigDef.Type.INT;
import static org.apache.kafka.common.config.ConfigDef.Type.STRING;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;

/** How apply consumes the change topics and writes Redis. */
public final class ApplySettings extends SettingsGroup {

    public static final String GROUP_ID = "apply.group-id";
    public static final String BATCH_SIZE = "apply.batch-size";
    public static final String MAX_RETRY_BACKOFF_MS = "apply.max-retry-backoff-ms";
    public static final String POSITION_CHECK_INTERVAL_MS = "apply.position-check-interval-ms";
    public static final String SESSION_TIMEOUT_MS = "apply.session-timeout-ms";

    public static final Definition DEFINITION = new Definition("Apply", new ConfigDef()
            .define(GROUP_ID, STRING, "metasync-apply", Expect.text("a consumer group name"), HIGH, "Kafka consumer group of apply.")
            .define(BATCH_SIZE, INT, 2000, Expect.between(1, 100_000, "a whole number from 1 to 100000"), MEDIUM,
                    "Most records applied to Redis in one pipelined batch.")
            .define(MAX_RETRY_BACKOFF_MS, INT, 5000, Expect.between(10, 3_600_000, "milliseconds from 10 to 3600000"), LOW,
                    "Longest wait between retries while Redis refuses writes (apply never skips a batch).")
            .define(POSITION_CHECK_INTERVAL_MS, INT, 200, Expect.between(100, 3_600_000, "milliseconds from 100 to 3600000"), LOW,
                    "How often apply compares the offsets Redis holds with its own position (a wiped or rolled-back Redis is refilled):"
                    + " an idle apply notices a wipe within this. A look reads the server's run_id and the offsets hash; on a"
                    + " Redis Cluster it reads every slot's offset record, so there looks are at most one a second.")
            .define(SESSION_TIMEOUT_MS, INT, 45_000,
                    Expect.between(6_000, 1_800_000, "milliseconds from 6000 to 1800000 (the broker's group.min/max.session.timeout.ms)"),
                    LOW, "Kafka consumer session timeout: how long a crashed apply process holds its partitions before another takes them."));

    ApplySettings(Map<String, Object> values) {
        super(values);
    }

    public String groupId() {
        return string(GROUP_ID);
    }

    public int batchSize() {
        return integer(BATCH_SIZE);
    }

    public Duration maxRetryBackoff() {
        return Duration.ofMillis(integer(MAX_RETRY_BACKOFF_MS));
    }

    public Duration positionCheckInterval() {
        return Duration.ofMillis(integer(POSITION_CHECK_INTERVAL_MS));
    }

    public Duration sessionTimeout() {
        return Duration.ofMillis(integer(SESSION_TIMEOUT_MS));
    }
}
