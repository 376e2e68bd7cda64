package com.tradeul.metasync.it;

import com.tradeul.metasync.devtools.local.LocalRedis;
import com.tradeul.metasync.devtools.local.LocalRedisCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real Redis Cluster on loopback, three masters with one replica each as {@link LocalRedisCluster}
 * starts it (the bench starts the same), and the faults a test inflicts on one master. Start it
 * once per test class.
 */
final class RedisClusterNodes implements AutoCloseable {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private final LocalRedisCluster cluster;
    private final List<LocalRedis> nodes;
    private final List<LocalRedis> killed = new ArrayList<>();

    private RedisClusterNodes(LocalRedisCluster cluster) {
        this.cluster = cluster;
        this.nodes = cluster.nodes();
    }

    static RedisClusterNodes start(Path root) {
        return new RedisClusterNodes(LocalRedisCluster.start(root, 1));
    }

    /** The seeds for {@code redis.uri}: every node, Lettuce's comma syntax. */
    String uri() {
        return cluster.uri();
    }

    /** Until every live node says {@code cluster_state:ok} and sees three masters that have not failed. */
    void awaitOk() {
        LocalRedisCluster.awaitOk(live(), WAIT);
    }

    private List<LocalRedis> live() {
        return nodes.stream().filter(n -> !killed.contains(n)).toList();
    }

    /**
     * kill -9 of a master (no shutdown, no save), then until its replica has been promoted by the
     * cluster and every live node says the cluster is ok again. The killed node stays down.
     */
    void killAndAwaitFailover(LocalRedis master) {
        String pid = cli(master, "info", "server").lines().filter(l -> l.startsWith("process_id:")).findFirst().orElseThrow()
                .substring("process_id:".length()).trim();
        run(List.of("kill", "-9", pid));
        killed.add(master);
        awaitOk();
    }

    /** Moves {@code slots} slots from one master to another with redis-cli --cluster reshard (MIGRATE of their keys). */
    void reshard(LocalRedis from, LocalRedis to, int slots) {
        run(List.of("redis-cli", "--cluster", "reshard", to.host() + ":" + to.port(), "--cluster-from", cli(from, "cluster", "myid").trim(),
                "--cluster-to", cli(to, "cluster", "myid").trim(), "--cluster-slots", Integer.toString(slots), "--cluster-yes"));
        awaitOk();
    }

    /** The node that serves {@code slot} as master now. */
    LocalRedis masterOf(int slot) {
        for (String line : cli(live().get(0), "cluster", "nodes").lines().toList()) {
            String[] fields = line.split(" ");
            if (!fields[2].contains("master") || fields[2].contains("fail")) {
                continue;
            }
            for (int i = 8; i < fields.length; i++) {
                if (fields[i].startsWith("[")) {
                    continue; // a slot being migrated or imported
                }
                String[] range = fields[i].split("-");
                int from = Integer.parseInt(range[0]);
                int to = range.length > 1 ? Integer.parseInt(range[1]) : from;
                if (slot >= from && slot <= to) {
                    return node(Integer.parseInt(fields[1].substring(fields[1].indexOf(':') + 1, fields[1].indexOf('@'))));
                }
            }
        }
        throw new IllegalStateException("no master serves slot " + slot);
    }

    /** The masters now, in the order the nodes were started. */
    List<LocalRedis> masters() {
        return live().stream().filter(n -> cli(n, "role").startsWith("master")).toList();
    }

    LocalRedis node(int port) {
        return nodes.stream().filter(n -> n.port() == port).findFirst().orElseThrow();
    }

    /** Keys of one node (DBSIZE). */
    long keysOn(LocalRedis node) {
        return Long.parseLong(cli(node, "dbsize").trim());
    }

    void flushAll(LocalRedis master) {
        cli(master, "flushall");
    }

    /**
     * Stops a master, deletes its AOF and starts it again at once on the same port with its cluster
     * identity (nodes.conf kept): it comes back master of its slots, empty, and its replica resyncs
     * from it, empty too. Quicker than the node timeout, so no failover happens.
     */
    void restartEmpty(LocalRedis master) {
        master.stop();
        try (var files = Files.list(master.dir())) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("appendonly")
                    || f.getFileName().toString().endsWith(".rdb")).toList()) {
                deleteRecursively(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        master.start();
        awaitOk();
    }

    static String cli(LocalRedis node, String... args) {
        return LocalRedisCluster.cli(node, args);
    }

    private static String run(List<String> command) {
        return LocalRedisCluster.run(command);
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (Files.isDirectory(path)) {
            try (var children = Files.list(path)) {
                for (Path child : children.toList()) {
                    deleteRecursively(child);
                }
            }
        }
        Files.delete(path);
    }

    @Override
    public void close() {
        cluster.close();
    }
}
