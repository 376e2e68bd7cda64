package com.tradeul.metasync.doctor;

import static com.tradeul.metasync.doctor.DoctorRules.REDIS;

import com.tradeul.metasync.clients.RedisClients;
import com.tradeul.metasync.config.ConfigException;
import com.tradeul.metasync.guard.RedisGuard;
import com.tradeul.metasync.guard.RedisInfo;
import io.lettuce.core.RedisClient;
import java.util.ArrayList;
import java.util.List;

/** Reaches Redis (as metasync logs in: user, TLS) and runs the persistence guard's audit; each audited setting becomes an item. */
final class RedisDoctor {

    private final RedisClients redisClients;

    RedisDoctor(RedisClients redisClients) {
        this.redisClients = redisClients;
    }

    List<Check> run() {
        List<Check> checks = new ArrayList<>();
        String where = "connection to " + redisClients.describe();
        RedisClient client;
        try {
            client = redisClients.create();
        } catch (ConfigException e) {
            checks.add(Check.fail(REDIS, where, e.problem(), e.fix()));
            return checks;
        }
        try {
            redisClients.check(client);
            try (RedisGuard redis = new RedisGuard(client)) {
                RedisInfo info = redis.info();
                checks.add(Check.pass(REDIS, where, "Redis " + info.get("redis_version").orElse("(version not reported)") + ", "
                        + redisClients.login() + ": credentials accepted"));
                checks.addAll(DoctorRules.redisAudit(info, redis.settings(info)));
            }
        } catch (ConfigException e) {
            checks.add(Check.fail(REDIS, where, e.problem(), e.fix()));
        } catch (RuntimeException e) {
            checks.add(Check.fail(REDIS, "audit", "cannot read Redis's settings: " + ConfigException.rootMessage(e),
                    "allow INFO (and CONFIG GET) for metasync's Redis user: ACL SETUSER " + redisClients.user() + " +info +config|get"));
        } finally {
            client.shutdown();
        }
        return checks;
    }
}
