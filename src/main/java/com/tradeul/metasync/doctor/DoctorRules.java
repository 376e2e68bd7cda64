package com.tradeul.metasync.doctor;

import com.tradeul.metasync.capture.AccessVerdict;
import com.tradeul.metasync.capture.CaptureAccessRules;
import com.tradeul.metasync.guard.AuditedSettings;
import com.tradeul.metasync.guard.Finding;
import com.tradeul.metasync.guard.PersistenceAudit;
import com.tradeul.metasync.guard.RedisInfo;
import com.tradeul.metasync.monitor.SlotStatus;
import java.util.ArrayList;
import java.util.List;

/**
 * The judgements of {@code metasync doctor}, from facts already read. Pure: every rule is
 * unit-tested without a database or broker.
 */
public final class DoctorRules {

    static final String PG = "PostgreSQL";
    static final String KAFKA = "Kafka";
    static final String REDIS = "Redis";

    private DoctorRules() {}

    /** Replication slots and WAL senders: capture needs one of each (two while an old slot lingers). */
    public static Check slotCapacity(String setting, int used, int max, boolean ownSlotExists) {
        String detail = used + " of " + max + " in use";
        if (ownSlotExists || used < max) {
            return Check.pass(PG, setting, detail);
        }
        return Check.fail(PG, setting, detail + ": none free for metasync",
                "ALTER SYSTEM SET " + setting + " = " + (max + 4) + "; then restart PostgreSQL (or drop unused slots)");
    }

    /**
     * @param identity pg_class.relreplident: d default, f full, i index, n nothing
     * @param toastable columns whose values PostgreSQL may store out of line (TOAST)
     */
    public static Check replicaIdentity(String table, char identity, List<String> toastable) {
        String item = "REPLICA IDENTITY of " + table;
        String fullFix = "ALTER TABLE " + table + " REPLICA IDENTITY FULL;";
        switch (identity) {
            case 'f':
                return Check.pass(PG, item, "FULL: every update carries every column");
            case 'n':
                return Check.fail(PG, item, "NOTHING: PostgreSQL sends no key with updates and deletes, so they cannot be applied",
                        fullFix + " (or REPLICA IDENTITY DEFAULT)");
            default:
                String name = identity == 'i' ? "USING INDEX" : "DEFAULT";
                if (toastable.isEmpty()) {
                    return Check.pass(PG, item, name + "; no column can be stored out of line (TOAST)");
                }
                return Check.warn(PG, item, name + " with large columns " + toastable + ": an update that leaves them unchanged"
                        + " carries no value for them; metasync completes them from Redis, but a rebuild from a compacted"
                        + " topic may not find the value", fullFix);
        }
    }

    /** @param value SHOW max_slot_wal_keep_size, e.g. "-1" or "10GB" */
    public static Check walKeepSize(String value) {
        if ("-1".equals(value.trim())) {
            return Check.warn(PG, "max_slot_wal_keep_size", "-1 (unlimited): while metasync is stopped its slot keeps WAL"
                    + " until the disk is full", "ALTER SYSTEM SET max_slot_wal_keep_size = '10GB'; SELECT pg_reload_conf();"
                    + " (a slot further behind is then invalidated and metasync must snapshot again)");
        }
        return Check.pass(PG, "max_slot_wal_keep_size", value + ": a stopped metasync cannot fill the disk with WAL");
    }

    /** @param database postgres.database: a slot of another database cannot be used */
    public static Check slot(SlotStatus slot, long walThresholdBytes, String database) {
        String item = "replication slot " + slot.slot();
        AccessVerdict usable = CaptureAccessRules.slot(slot, database);
        if (usable.kind() == AccessVerdict.Kind.DENIED) {
            return Check.fail(PG, item, usable.detail(), usable.fix());
        }
        if (!slot.exists()) {
            return Check.pass(PG, item, usable.detail());
        }
        String drop = "SELECT pg_drop_replication_slot('" + slot.slot() + "'); then restart metasync (it snapshots again)";
        if (slot.lost()) {
            return Check.fail(PG, item, "wal_status=lost: PostgreSQL removed WAL the slot needed; changes were lost", drop);
        }
        String retained = slot.retainedBytes() + " bytes of WAL retained";
        if (slot.retainedBytes() > walThresholdBytes) {
            return Check.warn(PG, item, retained + " (above monitor.slot-wal-threshold-bytes " + walThresholdBytes + ")"
                    + (slot.active() ? ": capture is behind" : ": nobody reads it"),
                    slot.active() ? "check capture's progress (metasync lag, logs)" : "start metasync run, or drop the slot if it is abandoned: " + drop);
        }
        if (!slot.active()) {
            return Check.warn(PG, item, "inactive (" + retained + "): WAL accumulates until metasync runs",
                    "start metasync run (or drop the slot if metasync is retired: " + drop + ")");
        }
        return Check.pass(PG, item, "active, " + retained + ", wal_status=" + slot.walStatus());
    }

    /** @param policy cleanup.policy, e.g. "compact" or "compact,delete" */
    public static Check cleanupPolicy(String topic, String policy, String bootstrap) {
        String item = "cleanup.policy of " + topic;
        if ("compact".equals(policy.replace(" ", ""))) {
            return Check.pass(KAFKA, item, "compact: the latest change of every row is kept for rebuilds");
        }
        return Check.fail(KAFKA, item, policy + ": Kafka deletes old records, so a rebuild of Redis from this topic loses rows",
                "kafka-configs.sh --bootstrap-server " + bootstrap + " --alter --entity-type topics --entity-name " + topic
                        + " --add-config cleanup.policy=compact");
    }

    /** Replication factor against the brokers available, and min.insync.replicas against it. */
    public static Check replication(String topic, int replicationFactor, int brokers, int minInsync) {
        String item = "replication of " + topic;
        String detail = "replication factor " + replicationFactor + " on " + brokers + " broker(s), min.insync.replicas " + minInsync;
        if (minInsync > replicationFactor) {
            return Check.fail(KAFKA, item, detail + ": no write can ever be acknowledged",
                    "kafka-configs.sh --alter --entity-type topics --entity-name " + topic + " --add-config min.insync.replicas="
                            + Math.max(1, replicationFactor - 1));
        }
        int wanted = Math.min(3, brokers);
        if (replicationFactor < wanted) {
            return Check.warn(KAFKA, item, detail + ": losing one broker loses the topic",
                    "reassign the topic's partitions to " + wanted + " replicas (kafka-reassign-partitions.sh), and set"
                            + " kafka.replication-factor=" + wanted + " for topics metasync creates");
        }
        if (replicationFactor > 1 && minInsync < 2) {
            return Check.warn(KAFKA, item, detail + ": an acknowledged change can live on one broker only",
                    "kafka-configs.sh --alter --entity-type topics --entity-name " + topic + " --add-config min.insync.replicas=2");
        }
        return Check.pass(KAFKA, item, detail);
    }

    /** The settings and INFO fields the guard's audit looks at, each shown even when nothing is wrong with it. */
    static final List<String> REDIS_AUDITED = List.of("maxmemory-policy", "maxmemory", "appendonly", "appendfsync",
            "stop-writes-on-bgsave-error", "rdb_last_bgsave_status", "aof_last_write_status");

    /**
     * The guard's audit as doctor items: each audited setting PASSes with its value, or shows its
     * finding; one that could not be read (CONFIG forbidden for this user, as on managed services)
     * is a WARN saying why, never a PASS.
     */
    public static List<Check> redisAudit(RedisInfo info, AuditedSettings settings) {
        List<Check> checks = new ArrayList<>();
        List<Finding> findings = PersistenceAudit.audit(info, settings.values(), info.number("evicted_keys", 0));
        for (String item : REDIS_AUDITED) {
            List<Finding> about = findings.stream().filter(f -> f.setting().equals(item)).toList();
            about.forEach(f -> checks.add(finding(f)));
            if (about.isEmpty()) {
                // Without CONFIG, a setting's value here is the one INFO reports: say where it came from.
                String source = settings.configReadable() || settings.value(item).isEmpty() ? "" : " (from INFO)";
                checks.add(settings.value(item).or(() -> info.get(item)).map(value -> Check.pass(REDIS, item, value + source))
                        .orElseGet(() -> unreadable(item, settings)));
            }
        }
        findings.stream().filter(f -> !REDIS_AUDITED.contains(f.setting())).forEach(f -> checks.add(finding(f)));
        return checks;
    }

    private static Check unreadable(String item, AuditedSettings settings) {
        if (settings.configReadable()) {
            return Check.warn(REDIS, item, "cannot be checked: this Redis does not report it", "check it in redis.conf");
        }
        return Check.warn(REDIS, item, "cannot be checked: " + settings.unreadable(), "check it in your Redis provider's settings"
                + " (e.g. the ElastiCache parameter group), or grant metasync's Redis user +config|get");
    }

    public static Check finding(Finding f) {
        String item = f.setting();
        if (f.severity() == Finding.Severity.ERROR) {
            return Check.fail(REDIS, item, f.problem(), f.remedy());
        }
        if (f.severity() == Finding.Severity.WARNING) {
            return Check.warn(REDIS, item, f.problem(), f.remedy());
        }
        return Check.pass(REDIS, item, f.problem());
    }
}
