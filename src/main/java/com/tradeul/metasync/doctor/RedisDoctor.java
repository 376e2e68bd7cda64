package com.tradeul.metasync.doctor;

import static com.tradeul.metasync.doctor.DoctorRules.REDIS;

import com.tradeul.metasync.clients.RedisClients;
import com.tradeul.metasync.config.ConfigException;
import com.tradeul.metasync.guard.Finding;
import com.tradeul.metasync.guard.PersistenceAudit;
import com.tradeul.metasync.guard.RedisGuard;
import com.tradeul.metasync.guard.RedisInfo;
import io.lettuce.core.RedisClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reaches Redis and runs the persistence guard's audit; each setting it audits becomes an item. */
final class RedisDoctor {

    /** The settings and INFO fields the audit looks at, shown as PASS when it found nothing wrong with them. */
    private static final List<String> AUDITED = List.of("maxmemory-policy", "maxmemory", "appendonly", "appendfsync",
            "stop-writes-on-bgsave-error", "rdb_last_bgsave_status", "aof_last_write_status");

    private final RedisClients redisClients;

    RedisDoctor(RedisClients redisClients) {
        this.redisClients = redisClients;
    }

    List<Check> run() {
        List<Check> checks = new ArrayList<>();
        String where = "connection to " + redisClients.describe();
        RedisClient client = redisClients.create();
        try {
            try {
                redisClients.check(client);
            } catch (ConfigException e) {
                checks.add(Check.fail(REDIS, where, e.problem(), e.fix()));
                return checks;
            }
            try (RedisGuard redis = new RedisGuard(client)) {
                RedisInfo info = redis.info();
                checks.add(Check.pass(REDIS, where, "Redis " + info.get("redis_version").orElse("?") + ", credentials accepted"));
                Map<String, String> settings = redis.config();
                List<Finding> findings = PersistenceAudit.audit(info, settings, info.number("evicted_keys", 0));
                for (String item : AUDITED) {
                    List<Finding> about = findings.stream().filter(f -> f.setting().equals(item)).toList();
                    if (about.isEmpty()) {
                        String value = settings.containsKey(item) ? settings.get(item) : info.get(item).orElse("?");
                        checks.add(Check.pass(REDIS, item, value));
                    }
                    about.forEach(f -> checks.add(DoctorRules.finding(f)));
                }
                findings.stream().filter(f -> !AUDITED.contains(f.setting())).forEach(f -> checks.add(DoctorRules.finding(f)));
            }
        } catch (RuntimeException e) {
            checks.add(Check.fail(REDIS, "audit", "cannot read Redis's settings: " + ConfigException.rootMessage(e),
                    "allow INFO and CONFIG GET for metasync's Redis user"));
        } finally {
            client.shutdown();
        }
        return checks;
    }
}
