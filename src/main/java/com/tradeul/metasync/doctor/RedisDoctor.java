package com.tradeul.metasync.doctor;

import static com.tradeul.metasync.doctor.DoctorRules.REDIS;

import com.tradeul.metasync.clients.RedisClients;
import com.tradeul.metasync.config.ConfigException;
import com.tradeul.metasync.guard.RedisGuard;
import com.tradeul.metasync.guard.RedisInfo;
import com.tradeul.metasync.guard.ClusterGuard;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reaches Redis (as metasync logs in: user, TLS) and runs the persistence guard's audit; each audited setting becomes an item. */
final class RedisDoctor {

    private final RedisClients redisClients;

    RedisDoctor(RedisClients redisClients) {
        this.redisClients = redisClients;
    }

    List<Check> run() {
        return redisClients.isCluster() ? runOnCluster() : runOnOne();
    }

    private List<Check> runOnOne() {
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

    /** A Redis Cluster: reached through its seeds, then the audit once per master serving slots, each item under the master's address. */
    private List<Check> runOnCluster() {
        List<Check> checks = new ArrayList<>();
        String where = "connection to the Redis Cluster " + redisClients.describe();
        RedisClusterClient client;
        try {
            client = redisClients.createClusterChecked();
        } catch (ConfigException e) {
            checks.add(Check.fail(REDIS, where, e.problem(), e.fix()));
            return checks;
        }
        try (StatefulRedisClusterConnection<String, String> cluster = RedisClients.connect(client)) {
            Map<String, StatefulRedisConnection<String, String>> masters = ClusterGuard.masterConnections(cluster);
            checks.add(Check.pass(REDIS, where, masters.size() + " master(s) serve every slot, " + redisClients.login()
                    + ": credentials accepted"));
            masters.forEach((address, node) -> checks.addAll(auditMaster(address, node)));
        } catch (RuntimeException e) {
            checks.add(Check.fail(REDIS, where, "cannot list the cluster's masters: " + ConfigException.rootMessage(e),
                    "check the cluster (redis-cli --cluster check <node>) and that metasync's user may run CLUSTER NODES"));
        } finally {
            client.shutdown();
        }
        return checks;
    }

    private List<Check> auditMaster(String address, StatefulRedisConnection<String, String> node) {
        List<Check> checks = new ArrayList<>();
        try (RedisGuard redis = new RedisGuard(node)) {
            RedisInfo info = redis.info();
            checks.add(Check.pass(REDIS, "master " + address, "Redis " + info.get("redis_version").orElse("(version not reported)")));
            for (Check c : DoctorRules.redisAudit(info, redis.settings(info))) {
                checks.add(new Check(c.area(), address + " " + c.item(), c.verdict(), c.detail(), c.fix()));
            }
        } catch (RuntimeException e) {
            checks.add(Check.fail(REDIS, "master " + address, "cannot read its settings: " + ConfigException.rootMessage(e),
                    "allow INFO (and CONFIG GET) for metasync's Redis user on every node: ACL SETUSER " + redisClients.user()
                            + " +info +config|get"));
        }
        return checks;
    }
}
