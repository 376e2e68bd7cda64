package com.tradeul.metasync.guard;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The only guard class that talks to Redis: INFO, CONFIG GET/SET, BGSAVE. Thread safe (synchronized). */
public final class RedisGuard implements AutoCloseable {

    /** The settings the audit reads with CONFIG GET. */
    public static final List<String> AUDITED = List.of("maxmemory-policy", "appendonly", "appendfsync", "maxmemory",
            "stop-writes-on-bgsave-error");

    /**
     * How a forced save ended.
     *
     * @param refusal Redis's error when it refused BGSAVE itself (e.g. NOPERM), else null
     */
    public record SaveResult(boolean ok, Duration took, String message, String refusal) {

        public SaveResult(boolean ok, Duration took, String message) {
            this(ok, took, message, null);
        }
    }

    private final StatefulRedisConnection<String, String> connection;
    private final boolean owned;

    public RedisGuard(RedisClient client) {
        this.connection = client.connect();
        this.owned = true;
    }

    /** Over one node of a Redis Cluster: a connection its cluster connection keeps (and closes), not this guard. */
    public RedisGuard(StatefulRedisConnection<String, String> node) {
        this.connection = node;
        this.owned = false;
    }

    private RedisCommands<String, String> redis() {
        return connection.sync();
    }

    public synchronized RedisInfo info() {
        return RedisInfo.parse(redis().info("everything"));
    }

    /**
     * The audited settings; what INFO shows of them when CONFIG is renamed or forbidden for this user.
     *
     * @throws RedisCommandExecutionException when CONFIG GET failed otherwise
     */
    public synchronized AuditedSettings settings(RedisInfo info) {
        Map<String, String> values = new LinkedHashMap<>();
        try {
            for (String name : AUDITED) {
                values.putAll(redis().configGet(name));
            }
        } catch (RedisCommandExecutionException e) {
            String unavailable = CommandAccess.unavailable("CONFIG", e.getMessage()).orElseThrow(() -> e);
            return AuditedSettings.fromInfo(info, unavailable);
        }
        return AuditedSettings.fromConfig(values);
    }

    /** CONFIG SET; returns null when done, else Redis's refusal (CONFIG renamed or forbidden, bad value). */
    public synchronized String configSet(String name, String value) {
        try {
            redis().configSet(name, value);
            return null;
        } catch (RedisCommandExecutionException e) {
            return e.getMessage();
        }
    }

    /**
     * Forces a background save and waits, bounded, until it finished: a save begun after this call
     * is counted ({@code rdb_saves}, or LASTSAVE on Redis before 7.0), nothing is in progress, and
     * {@code rdb_last_bgsave_status:ok}. A save already running is let end first, since it may lack
     * the latest writes ({@link SaveWatch}); one another client starts after the ask is not doubled.
     */
    public synchronized SaveResult save(Duration timeout) throws InterruptedException {
        long started = System.nanoTime();
        long deadline = started + timeout.toNanos();
        SaveWatch watch = new SaveWatch();
        while (true) {
            RedisInfo info = info();
            SaveWatch.Step step = watch.next(info, saves(info));
            if (step == SaveWatch.Step.SAVED) {
                return new SaveResult(true, elapsed(started), "saved");
            }
            if (step == SaveWatch.Step.FAILED) {
                return new SaveResult(false, elapsed(started), watch.failure());
            }
            if (step != SaveWatch.Step.WAIT) {
                String refusal = bgsave(step == SaveWatch.Step.ASK_SCHEDULED);
                if (refusal != null) {
                    return new SaveResult(false, elapsed(started), "BGSAVE refused: " + refusal, refusal);
                }
            }
            if (System.nanoTime() >= deadline) {
                return new SaveResult(false, elapsed(started), watch.timedOut(timeout.toSeconds()));
            }
            Thread.sleep(100);
        }
    }

    /** Redis's refusal, or null when a save started (by this BGSAVE or, "already in progress", by another client's). */
    private String bgsave(boolean scheduled) {
        try {
            if (scheduled) {
                redis().dispatch(CommandType.BGSAVE, new StatusOutput<>(StringCodec.UTF8), new CommandArgs<>(StringCodec.UTF8).add("SCHEDULE"));
            } else {
                redis().bgsave();
            }
            return null;
        } catch (RedisCommandExecutionException e) {
            return String.valueOf(e.getMessage()).contains("already in progress") ? null : e.getMessage();
        }
    }

    private long saves(RedisInfo info) {
        long saves = info.number("rdb_saves", -1);
        return saves >= 0 ? saves : redis().lastsave().getTime() / 1000;
    }

    private static Duration elapsed(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    @Override
    public void close() {
        if (owned) {
            connection.close();
        }
    }
}
