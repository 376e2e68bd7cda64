package com.tradeul.metasync.devtools.local;

import com.tradeul.metasync.embedded.FreePorts;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** How a {@link LocalRedis} is set up. Not thread-safe; build once, then share the started {@link LocalRedis}. */
public final class LocalRedisBuilder {
    private final Path dir;
    private Path executable;
    private int port;
    private final List<String> extraArgs = new ArrayList<>();
    private LocalRedisTls tls;
    private LocalRedisAcl acl;
    private LocalRedis master;
    private String masterName;

    LocalRedisBuilder(Path dir) {
        this.dir = Objects.requireNonNull(dir, "dir").toAbsolutePath();
    }

    /** Default: {@code redis-server} found on the PATH. */
    public LocalRedisBuilder executable(Path executable) {
        this.executable = executable;
        return this;
    }

    /** Default 0: a free port. */
    public LocalRedisBuilder port(int port) {
        this.port = port;
        return this;
    }

    /** Extra command-line settings, e.g. {@code List.of("--maxmemory-policy", "allkeys-lru")}; they win over the defaults. */
    public LocalRedisBuilder extraArgs(List<String> args) {
        extraArgs.addAll(args);
        return this;
    }

    /** Listen with TLS only (no plain port), with these certificates. Default: plain TCP. */
    public LocalRedisBuilder tls(LocalRedisTls tls) {
        this.tls = tls;
        return this;
    }

    /** ACL users (and maybe the default user off). Default: the default user alone, without password. */
    public LocalRedisBuilder acl(LocalRedisAcl acl) {
        this.acl = acl;
        return this;
    }

    /** A replica of {@code master} (logging in as its ACL admin when it has users). */
    public LocalRedisBuilder replicaOf(LocalRedis master) {
        this.master = master;
        return this;
    }

    /**
     * A sentinel (quorum 1, down after 2 s) watching {@code master} under {@code name}; it finds
     * the replicas itself. A sentinel over TLS is not supported here.
     */
    public LocalRedisBuilder sentinelOf(String name, LocalRedis master) {
        if (master.tls() != null) {
            throw new IllegalArgumentException("a local sentinel for a TLS Redis is not supported");
        }
        this.master = master;
        this.masterName = Objects.requireNonNull(name, "name");
        return this;
    }

    /** A stopped server; call {@link LocalRedis#start()}. */
    public LocalRedis build() {
        Path exe = executable != null ? Commands.requireExecutable(executable, LocalRedis.FIX)
                : Commands.onPath("redis-server", LocalRedis.FIX);
        return new LocalRedis(new RedisServerCommand(exe, dir, FreePorts.pickOrCheck(port), tls, acl, master, masterName, extraArgs));
    }

    /** Shorthand for {@code build().start()}. */
    public LocalRedis start() {
        return build().start();
    }
}
