package com.tradeul.metasync.guard;

import com.tradeul.metasync.apply.ApplyStats;
import com.tradeul.metasync.config.ConfigException;
import com.tradeul.metasync.config.MetasyncConfig;
import com.tradeul.metasync.replay.ReplayRequests;
import io.lettuce.core.RedisClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The persistence guard inside {@code run}: forces and checks saves (on an interval, and after a
 * number of applied changes), audits the Redis settings that lose data (warn or enforce), and when
 * Redis evicted keys, asks apply to replay every table (through the offsets in Redis). One log line
 * per state change.
 */
public final class PersistenceGuard implements AutoCloseable {

    /**
     * What the guard last saw; for health and metrics.
     *
     * @param lastGoodSave the last save this guard forced and saw succeed; null before the first
     * @param redisLastSave Redis's {@code rdb_last_save_time} (the last successful save, by anyone); null before the first tick
     * @param unsavedChanges Redis's {@code rdb_changes_since_last_save}
     * @param error why Redis could not be checked at the last tick (unreachable, auth), or null
     * @param providerManaged why persistence is the provider's (e.g. "BGSAVE is not permitted for this user"): the
     *     guard forces no saves and save age is not judged; null while metasync forces saves
     */
    public record Status(List<Finding> findings, RedisGuard.SaveResult lastSave, Instant lastGoodSave,
                         Instant redisLastSave, long unsavedChanges, String error, String providerManaged) {

        public Status(List<Finding> findings, RedisGuard.SaveResult lastSave, Instant lastGoodSave, Instant redisLastSave,
                      long unsavedChanges, String error) {
            this(findings, lastSave, lastGoodSave, redisLastSave, unsavedChanges, error, null);
        }

        /** The worst finding of the last audit. */
        public Finding.Severity worst() {
            return findings.stream().map(Finding::severity).max(Enum::compareTo).orElse(Finding.Severity.OK);
        }

        public boolean persistenceManagedByProvider() {
            return providerManaged != null;
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(PersistenceGuard.class);

    private final MetasyncConfig config;
    private final RedisGuard redis;
    private final ReplayRequests replays;
    private final ApplyStats applied;
    private final Clock clock;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "metasync-guard");
        t.setDaemon(true);
        return t;
    });
    private long evictedAtStart = -1;
    private long appliedAtLastSave;
    private Instant lastAudit = Instant.EPOCH;
    private AuditedSettings audited;
    private String providerManaged;
    private volatile Status status = new Status(List.of(), null, null, null, 0, null);

    /** @param replays how the guard asks apply to replay (after evictions); the guard never writes apply's offsets itself */
    public PersistenceGuard(MetasyncConfig config, RedisClient client, ApplyStats applied, ReplayRequests replays, Clock clock) {
        this(config, new RedisGuard(client), applied, replays, clock);
    }

    /** Over one Redis (a master of a cluster, say): closing closes {@code redis}. */
    public PersistenceGuard(MetasyncConfig config, RedisGuard redis, ApplyStats applied, ReplayRequests replays, Clock clock) {
        this.config = config;
        this.redis = redis;
        this.replays = replays;
        this.applied = applied;
        this.clock = clock;
    }

    /**
     * run's start check, before any row is written: an evicting maxmemory-policy is refused, set
     * to noeviction (guard.mode=enforce) or accepted (guard.allow-eviction=true); see
     * {@link EvictionAtStart}. A Redis that cannot be read now (loading, refusing) is judged by the
     * guard's audit once it answers.
     *
     * @throws ConfigException naming the fix when the policy is refused or cannot be enforced
     */
    public static void checkEvictionAtStart(MetasyncConfig config, RedisClient client, String redis) {
        checkEvictionAtStart(config, new RedisGuard(client), redis);
    }

    /** {@link #checkEvictionAtStart(MetasyncConfig, RedisClient, String)} of one Redis (a cluster's master); closes {@code node}. */
    public static void checkEvictionAtStart(MetasyncConfig config, RedisGuard node, String redis) {
        java.util.Optional<String> policy;
        try (RedisGuard guard = node) {
            try {
                policy = guard.settings(guard.info()).value("maxmemory-policy");
            } catch (RuntimeException e) {
                LOG.debug("maxmemory-policy cannot be read at start ({}); the guard's audit judges it later", e.getMessage());
                return;
            }
            EvictionAtStart.Decision decision = EvictionAtStart.decide(policy, config.guard().enforce(), config.guard().allowEviction(), redis);
            if (decision instanceof EvictionAtStart.Decision.Refuse refuse) {
                throw refuse.why();
            } else if (decision instanceof EvictionAtStart.Decision.Enforce enforce) {
                String refused = guard.configSet("maxmemory-policy", "noeviction");
                if (refused != null) {
                    throw ConfigException.unfit("guard.mode=enforce could not set maxmemory-policy noeviction on Redis at " + redis
                            + " (it is " + enforce.policy() + "; Redis said: " + refused + ")",
                            "set maxmemory-policy noeviction in Redis's configuration (or your provider's parameter group)");
                }
                LOG.warn("enforced: CONFIG SET maxmemory-policy noeviction (it was {})", enforce.policy());
            } else if (decision instanceof EvictionAtStart.Decision.Accept accept) {
                LOG.warn("Redis evicts keys (maxmemory-policy {}) and guard.allow-eviction=true: evicted rows come back only by replay",
                        accept.policy());
            }
        }
    }

    public void start() {
        timer.scheduleWithFixedDelay(this::tick, 0, 1, TimeUnit.SECONDS);
    }

    public Status status() {
        return status;
    }

    void tick() {
        try {
            RedisInfo info = redis.info();
            if (evictedAtStart < 0) {
                evictedAtStart = info.number("evicted_keys", 0);
            }
            List<Finding> findings = status.findings();
            if (!clock.instant().isBefore(lastAudit.plus(config.guard().auditInterval()))) {
                audited = redis.settings(info);
                findings = audit(info, audited);
                lastAudit = clock.instant();
            }
            noteProviderManaged(SavePolicy.providerManaged(audited, null));
            RedisGuard.SaveResult save = status.lastSave();
            Instant good = status.lastGoodSave();
            if (providerManaged == null && !config.guard().saveInterval().isZero() && SavePolicy.due(info, good, clock.instant(),
                    config.guard().saveInterval(), applied.records() - appliedAtLastSave, config.guard().saveAfterChanges(),
                    config.guard().saveAfterChangesGap())) {
                RedisGuard.SaveResult forced = forceSave();
                noteProviderManaged(SavePolicy.providerManaged(audited, forced));
                if (providerManaged == null) {
                    save = forced;
                    good = forced.ok() ? clock.instant() : good;
                }
            }
            RedisInfo after = save == status.lastSave() ? info : redis.info();
            long lastSaveSeconds = after.number("rdb_last_save_time", 0);
            status = new Status(findings, save, good, lastSaveSeconds > 0 ? Instant.ofEpochSecond(lastSaveSeconds) : null,
                    after.number("rdb_changes_since_last_save", 0), null, providerManaged);
        } catch (Exception e) {
            if (status.error() == null) {
                LOG.warn("persistence guard cannot check Redis: {}", e.getMessage());
            }
            status = new Status(status.findings(), status.lastSave(), status.lastGoodSave(), status.redisLastSave(),
                    status.unsavedChanges(), e.getMessage(), providerManaged);
        }
    }

    /** Forces a save and logs a change between failing and succeeding. */
    private RedisGuard.SaveResult forceSave() throws InterruptedException {
        RedisGuard.SaveResult save = redis.save(Duration.ofSeconds(60));
        appliedAtLastSave = applied.records();
        boolean wasFailing = status.lastSave() != null && !status.lastSave().ok();
        if (save.ok() && wasFailing) {
            LOG.info("forced save succeeds again ({} ms)", save.took().toMillis());
        } else if (!save.ok() && !wasFailing && SavePolicy.providerManaged(null, save).isEmpty()) {
            LOG.warn("forced save failed: {}; retrying every second", save.message());
        }
        return save;
    }

    /** Once persistence is the provider's, it stays so for this run (a refused BGSAVE is not retried), logged once. */
    private void noteProviderManaged(java.util.Optional<String> reason) {
        if (providerManaged == null && reason.isPresent()) {
            providerManaged = reason.get();
            LOG.info("Redis persistence is managed by the provider ({}): metasync forces no saves; it still detects wipes and"
                    + " rollbacks (the offsets Redis holds) and evictions (INFO)", providerManaged);
        }
    }

    private List<Finding> audit(RedisInfo info, AuditedSettings settings) {
        List<Finding> findings = PersistenceAudit.audit(info, settings.values(), evictedAtStart);
        for (Finding f : findings) {
            if (!status.findings().contains(f)) {
                LOG.warn("Redis {}: {} {}. Fix: {}", f.severity(), f.setting(), f.problem(), f.remedy());
            }
            if (config.guard().enforce() && f.safeValue() != null && settings.configReadable()) {
                String refused = redis.configSet(f.setting(), f.safeValue());
                LOG.warn(refused == null ? "enforced: CONFIG SET {} {}" : "cannot enforce {} {}: " + refused, f.setting(), f.safeValue());
            }
        }
        long evicted = info.number("evicted_keys", 0);
        if (evicted > evictedAtStart) {
            LOG.error("Redis evicted {} keys: rows were lost; replaying every table from Kafka", evicted - evictedAtStart);
            replays.replayEverything(config.tablesByTopic().keySet(), config.kafka().partitions(), "Redis evicted keys");
            evictedAtStart = evicted;
        }
        return findings;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        redis.close();
    }
}
