package com.tradeul.metasync.devtools.local;

import com.tradeul.metasync.embedded.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A real Redis Cluster on loopback: three {@code redis-server --cluster-enabled yes} masters (AOF on,
 * as {@link LocalRedis} starts them), each with {@code replicasPerMaster} replicas, joined by
 * {@code redis-cli --cluster create}. The bench and the tests start it the same way. Not thread safe.
 */
public final class LocalRedisCluster implements AutoCloseable {

    public static final int MASTERS = 3;
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration OK_TIMEOUT = Duration.ofSeconds(60);

    private final List<LocalRedis> nodes = new ArrayList<>();
    private final int replicasPerMaster;

    private LocalRedisCluster(int replicasPerMaster) {
        this.replicasPerMaster = replicasPerMaster;
    }

    /**
     * Starts the nodes in a new directory under {@code root} and waits until every node says
     * {@code cluster_state:ok}.
     *
     * @throws IllegalStateException when a node or redis-cli fails, with its output
     */
    public static LocalRedisCluster start(Path root, int replicasPerMaster) {
        if (replicasPerMaster < 0) {
            throw new IllegalArgumentException("replicas per master must be 0 or more, was " + replicasPerMaster);
        }
        LocalRedisCluster cluster = new LocalRedisCluster(replicasPerMaster);
        try {
            Path dir = Files.createTempDirectory(root, "redis-cluster-");
            for (int i = 0; i < MASTERS * (1 + replicasPerMaster); i++) {
                cluster.nodes.add(LocalRedis.builder(dir.resolve("node-" + i)).extraArgs(List.of("--cluster-enabled", "yes",
                        "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "2000",
                        // Named, not Redis's implicit port + 10000, so no other picked port can be the bus port.
                        "--cluster-port", Integer.toString(FreePorts.pick()))).start());
            }
            List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
            cluster.nodes.forEach(node -> create.add(node.host() + ":" + node.port()));
            create.addAll(List.of("--cluster-replicas", Integer.toString(replicasPerMaster), "--cluster-yes"));
            run(create);
            cluster.awaitOk();
            return cluster;
        } catch (IOException | RuntimeException e) {
            cluster.close();
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    /** Every node, in the order they were started (masters first, as redis-cli assigns them). */
    public List<LocalRedis> nodes() {
        return List.copyOf(nodes);
    }

    public int replicasPerMaster() {
        return replicasPerMaster;
    }

    /** What was started, for reports: "3 masters + 3 replicas" or "3 masters, no replicas". */
    public String shape() {
        int replicas = MASTERS * replicasPerMaster;
        return replicas == 0 ? MASTERS + " masters, no replicas" : MASTERS + " masters + " + replicas + " replicas";
    }

    /** The seeds for {@code redis.uri}: every node, Lettuce's comma syntax. */
    public String uri() {
        return "redis://" + nodes.stream().map(n -> n.host() + ":" + n.port()).collect(Collectors.joining(","));
    }

    /** Until every node says {@code cluster_state:ok} and sees three masters that have not failed. */
    public void awaitOk() {
        awaitOk(nodes, OK_TIMEOUT);
    }

    /**
     * Until each of {@code live} says {@code cluster_state:ok} and sees {@value #MASTERS} masters
     * that have not failed.
     *
     * @throws IllegalStateException when that does not happen within {@code timeout}
     */
    public static void awaitOk(List<LocalRedis> live, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!live.stream().allMatch(LocalRedisCluster::isOk)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the local Redis Cluster is not ok after " + timeout.toSeconds()
                        + " s. Fix: see redis-cli --cluster check " + live.get(0).host() + ":" + live.get(0).port());
            }
            try {
                TimeUnit.MILLISECONDS.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the local Redis Cluster", e);
            }
        }
    }

    private static boolean isOk(LocalRedis node) {
        try {
            return cli(node, "cluster", "info").contains("cluster_state:ok")
                    && cli(node, "cluster", "nodes").lines().filter(l -> l.contains("master") && !l.contains("fail")).count() == MASTERS;
        } catch (RuntimeException e) {
            return false; // a node still starting, or one being killed by a test
        }
    }

    /** {@code redis-cli -h <node> -p <port> args...}; its output. */
    public static String cli(LocalRedis node, String... args) {
        List<String> command = new ArrayList<>(List.of("redis-cli", "-h", node.host(), "-p", Integer.toString(node.port())));
        command.addAll(List.of(args));
        return run(command);
    }

    /** Runs a short command (redis-cli, kill) and returns its output; fails with it when the command fails. */
    public static String run(List<String> command) {
        return Commands.run(Path.of(System.getProperty("java.io.tmpdir")), COMMAND_TIMEOUT, command);
    }

    @Override
    public void close() {
        nodes.forEach(LocalRedis::close);
    }
}
