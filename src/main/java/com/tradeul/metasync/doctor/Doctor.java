package com.tradeul.metasync.doctor;

import com.tradeul.metasync.clients.PostgresConnections;
import com.tradeul.metasync.clients.RedisClients;
import com.tradeul.metasync.config.MetasyncConfig;
import java.util.ArrayList;
import java.util.List;

/** Everything the pipeline needs, checked before it runs: PostgreSQL, then Kafka, then Redis. */
public final class Doctor {

    private Doctor() {}

    public static List<Check> examine(MetasyncConfig config) {
        List<Check> checks = new ArrayList<>(new PostgresDoctor(config, new PostgresConnections(config.postgres())).run());
        checks.addAll(new KafkaDoctor(config).run());
        checks.addAll(new RedisDoctor(new RedisClients(config.redis())).run());
        return checks;
    }

    public static boolean anyFailed(List<Check> checks) {
        return checks.stream().anyMatch(c -> c.verdict() == Check.Verdict.FAIL);
    }
}
