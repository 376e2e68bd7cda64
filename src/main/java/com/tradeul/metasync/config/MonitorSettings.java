package com.tradeul.metasync.config;

import static org.apache.kafka.common.config.ConfigDef.Importance.MEDIUM;
import static org.apache.kafka.common.config.ConfigDef.Type.INT;
import static org.apache.kafka.common.config.ConfigDef.Type.LONG;
import static org.apache.kafka.common.config.ConfigDef.Type.STRING;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;

/** The metrics and health endpoint, and the thresholds health judges by. */
public final class MonitorSettings extends SettingsGroup {

    public static final String BIND = "monitor.bind";
    public static final String PORT = "monitor.port";
    public static final String INTERVAL_SECONDS = "monitor.interval-seconds";
    public static final String LAG_THRESHOLD = "monitor.lag-threshold";
    public static final String SAVE_AGE_THRESHOLD_SECONDS = "monitor.save-age-threshold-seconds";
    public static final String SLOT_WAL_THRESHOLD_BYTES = "monitor.slot-wal-threshold-bytes";

    public static final Definition DEFINITION = new Definition("Monitoring", new ConfigDef()
            .define(BIND, STRING, "127.0.0.1", Expect.text("an address"), MEDIUM,
                    "Address the metrics and health endpoint listens on (127.0.0.1: this machine only; 0.0.0.0: every interface).")
            .define(PORT, INT, 9464, Expect.between(-1, 65535, "-1 (off), 0 (a free port) or a port number"), MEDIUM,
                    "Port of /metrics (Prometheus text format) and /health (JSON). 0 picks a free port (logged); -1 turns the endpoint off.")
            .define(INTERVAL_SECONDS, INT, 10, Expect.between(1, 3_600, "seconds from 1 to 3600"), MEDIUM,
                    "How often consumer lag and the replication slot are sampled for metrics and health.")
            .define(LAG_THRESHOLD, INT, 10_000, Expect.atLeast(0, "a whole number >= 0"), MEDIUM,
                    "Health is DEGRADED while apply is more than this many records behind the change topics.")
            .define(SAVE_AGE_THRESHOLD_SECONDS, INT, 900, Expect.between(1, 86_400 * 7, "seconds from 1 to 604800"), MEDIUM,
                    "Health is DEGRADED when Redis's last good save is older than this while there are unsaved changes.")
            .define(SLOT_WAL_THRESHOLD_BYTES, LONG, 1_073_741_824L,
                    Expect.atLeast(1, "a number of bytes >= 1, e.g. 1073741824 for 1 GiB"), MEDIUM,
                    "Health is DEGRADED when the replication slot retains more WAL than this (bytes; PostgreSQL keeps it on disk)."));

    MonitorSettings(Map<String, Object> values) {
        super(values);
    }

    public String bind() {
        return string(BIND);
    }

    /** -1: no endpoint; 0: a free port. */
    public int port() {
        return integer(PORT);
    }

    public boolean enabled() {
        return port() >= 0;
    }

    public Duration interval() {
        return Duration.ofSeconds(integer(INTERVAL_SECONDS));
    }

    public long lagThreshold() {
        return integer(LAG_THRESHOLD);
    }

    public Duration saveAgeThreshold() {
        return Duration.ofSeconds(integer(SAVE_AGE_THRESHOLD_SECONDS));
    }

    public long slotWalThresholdBytes() {
        return longValue(SLOT_WAL_THRESHOLD_BYTES);
    }
}
