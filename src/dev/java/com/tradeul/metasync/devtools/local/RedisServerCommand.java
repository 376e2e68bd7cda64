package com.tradeul.metasync.devtools.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of a {@link LocalRedis}: a master, a replica of another local Redis, or a
 * sentinel watching one; in the clear or TLS only; with or without ACL users.
 *
 * @param master the master replicated or watched; null for a master
 * @param masterName the name a sentinel knows the master by; null unless this is a sentinel
 * @param extraArgs settings that win over the defaults
 */
record RedisServerCommand(Path executable, Path dir, int port, LocalRedisTls tls, LocalRedisAcl acl, LocalRedis master,
                          String masterName, List<String> extraArgs) {

    private static final String HOST = "127.0.0.1";

    RedisServerCommand {
        extraArgs = List.copyOf(extraArgs);
    }

    boolean sentinel() {
        return masterName != null;
    }

    List<String> command() {
        List<String> command = new ArrayList<>(List.of(executable.toString()));
        if (sentinel()) {
            command.addAll(List.of(sentinelConfig().toString(), "--sentinel"));
        }
        command.addAll(tls == null ? List.of("--port", String.valueOf(port)) : tls.args(port));
        command.addAll(List.of("--bind", HOST, "--dir", dir.toString(), "--daemonize", "no",
                "--logfile", dir.resolve("redis.log").toString()));
        if (!sentinel()) {
            command.addAll(List.of("--appendonly", "yes", "--save", ""));
        }
        command.addAll(acl == null ? List.of() : acl.args(dir));
        if (master != null && !sentinel()) {
            command.addAll(List.of("--replicaof", HOST, Integer.toString(master.port())));
            if (master.acl() != null) {
                command.addAll(List.of("--masteruser", master.acl().admin().name(), "--masterauth", master.acl().admin().password()));
            }
        }
        command.addAll(extraArgs);
        return command;
    }

    /**
     * A sentinel's config file, written once: Sentinel rewrites it with what it learns (replicas,
     * the current master after a failover), and a restarted sentinel goes on from there.
     */
    private Path sentinelConfig() {
        Path file = dir.resolve("sentinel.conf");
        if (Files.exists(file)) {
            return file;
        }
        StringBuilder text = new StringBuilder("sentinel monitor " + masterName + " " + HOST + " " + master.port() + " 1\n")
                .append("sentinel down-after-milliseconds ").append(masterName).append(" 2000\n")
                .append("sentinel failover-timeout ").append(masterName).append(" 20000\n");
        if (master.acl() != null) {
            text.append("sentinel auth-user ").append(masterName).append(' ').append(master.acl().admin().name()).append('\n')
                    .append("sentinel auth-pass ").append(masterName).append(' ').append(master.acl().admin().password()).append('\n');
        }
        try {
            Files.createDirectories(dir);
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + file + ": " + e.getMessage(), e);
        }
        return file;
    }
}
