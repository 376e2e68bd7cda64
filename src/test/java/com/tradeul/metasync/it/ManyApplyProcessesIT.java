package com.tradeul.metasync.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.tradeul.metasync.config.MetasyncConfig;
import com.tradeul.metasync.devtools.demo.SampleTickers;
import com.tradeul.metasync.embedded.FreePorts;
import com.tradeul.metasync.verify.KeyCounter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Many {@code metasync run --only apply} processes in one consumer group, over a 3-partition
 * topic that one {@code metasync run --only capture} fills: 2 members share the snapshot, a third
 * joins under live updates (a rebalance), one is frozen with a batch on its way to Redis until its
 * partitions move and their new owners write newer values (a zombie), and one is killed with
 * SIGKILL. Every row must end exact, and the zombie's late batch must be refused row by row by the
 * per-key fences, counted by its {@code metasync_apply_fenced_writes_total}.
 */
class ManyApplyProcessesIT {

    private static final int ROWS = SampleTickers.DEFAULT_ROWS;
    /** Rows the zombie's late batch must hold at least. */
    private static final int ZOMBIE_ROWS = 100;
    private static final Pattern FENCED = Pattern.compile("(?m)^metasync_apply_fenced_writes_total(?:\\{[^}]*\\})? (\\S+)$");
    private static final Pattern RECORDS = Pattern.compile("(?m)^metasync_apply_records_total(?:\\{[^}]*\\})? (\\S+)$");

    private static TestServices services;
    private static RedisSession redis;

    @BeforeAll
    static void start() {
        services = TestServices.get();
        redis = new RedisSession(services.redis.uri());
    }

    @AfterAll
    static void stop() {
        redis.close();
    }

    /** An apply member: its process and the port of its /metrics. */
    private record Member(String name, MetasyncProcess process, int monitorPort) {
        long metric(Pattern pattern) throws Exception {
            Matcher m = pattern.matcher(Scrape.get(new InetSocketAddress("127.0.0.1", monitorPort), "/metrics").body());
            return m.find() ? (long) Double.parseDouble(m.group(1)) : -1;
        }
    }

    @Test
    void apply_members_lose_nothing_through_a_rebalance_a_zombie_batch_and_a_kill_9() throws Exception {
        long started = System.nanoTime();
        String table = services.uniqueName("manyapply");
        String prefix = TestServices.keyPrefix(table);
        try (Connection c = services.postgres.connect()) {
            SampleTickers.load(c, table, ROWS);
        }
        Path dir = Files.createTempDirectory(services.root, "many-apply-");
        List<MetasyncProcess> processes = new ArrayList<>();
        try (TcpForwarder zombieLink = new TcpForwarder(services.redis.port())) {
            // The future zombie reaches Redis through a link the test can hold.
            Member a = member(table, dir, "apply-a", "redis://127.0.0.1:" + zombieLink.port(), processes);
            Member b = member(table, dir, "apply-b", services.redis.uri(), processes);
            // Capture starts once both members own partitions: the snapshot takes 3 s, less than a
            // member's start and join, and a member that joined after it would have had no share.
            awaitMembersOwningPartitions(table, 2, processes);
            processes.add(MetasyncProcess.run(settings(table, dir, "capture", -1, services.redis.uri()), Map.of(),
                    dir.resolve("capture.log"), List.of("--only", "capture")));
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                    .failFast(() -> assertThat(processes).allMatch(MetasyncProcess::alive))
                    .until(() -> KeyCounter.count(redis.sync(), prefix + "*") == ROWS);
            assertThat(a.metric(RECORDS)).as("both members took part in the snapshot").isPositive();
            assertThat(b.metric(RECORDS)).isPositive();
            System.out.printf("snapshot of %,d rows by 2 apply processes: %.1f s%n", ROWS, seconds(started));

            try (LiveUpdates updates = LiveUpdates.start(services, table, ROWS, 150)) {
                Member c = member(table, dir, "apply-c", services.redis.uri(), processes); // a rebalance under load
                await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> c.metric(RECORDS) > 0); // its /metrics once it is up

                Set<String> zombieRows = freezeWithABatchInFlight(a, zombieLink, prefix, table);
                String newer = "newer than the zombie's batch";
                updateNames(table, zombieRows, newer);
                // Only the new owners of a's partitions can write these: a is stopped.
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                        .until(() -> zombieRows.stream().allMatch(s -> String.valueOf(redis.sync().get(prefix + s)).contains(newer)));
                a.process().signal("CONT");
                zombieLink.release(); // its batch reaches Redis now, after the newer values
                await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> a.metric(FENCED) >= zombieRows.size());
                long zombieFenced = a.metric(FENCED);
                for (String symbol : zombieRows) {
                    assertThat(redis.sync().get(prefix + symbol)).as("the zombie's stale row %s did not land", symbol).contains(newer);
                }
                System.out.printf("zombie apply-a: %d rows in its held batch, %d writes fenced (b %d, c %d)%n",
                        zombieRows.size(), zombieFenced, b.metric(FENCED), c.metric(FENCED));

                b.process().kill(); // kill -9 under load: its partitions wait out the session timeout
                long killedAt = System.nanoTime();
                long doneAtKill = updates.count();
                await().atMost(Duration.ofSeconds(60)).until(() -> updates.count() > doneAtKill + 1_500);
                System.out.printf("apply-b killed with SIGKILL; %,d updates since, over %.1f s%n",
                        updates.count() - doneAtKill, seconds(killedAt));
                System.out.printf("live updates: %,d%n", updates.count());
            }
            AtomicReference<String> lastVerify = new AtomicReference<>("verify has not run");
            try {
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(2)).until(() -> {
                    CliRunner.Outcome outcome = CliRunner.run("verify", settings(table, dir, "verify", -1, services.redis.uri()));
                    lastVerify.set(outcome.out() + outcome.err());
                    return outcome.out().contains("0 missing, 0 extra, 0 wrong -> IN SYNC");
                });
            } catch (ConditionTimeoutException e) {
                // Tells lag (the counts still falling) from loss (the same rows wrong each time).
                throw new AssertionError("not IN SYNC 90 s after the updates ended; verify's last output:\n" + lastVerify.get(), e);
            }
            CliRunner.Outcome verify = CliRunner.run("verify", settings(table, dir, "verify", -1, services.redis.uri()));
            assertThat(verify.out()).as(verify.out() + verify.err())
                    .contains(String.format("%,d rows, %,d keys: %,d in sync, 0 missing, 0 extra, 0 wrong -> IN SYNC", ROWS, ROWS, ROWS));
            try (Connection c = services.postgres.connect()) {
                assertThat(TickerComparison.differences(c, table, redis.sync(), prefix)).isEmpty();
            }
            System.out.printf("verify: %s; whole test %.1f s%n", verify.out().strip(), seconds(started));
        } catch (Throwable failure) {
            printLogTails(dir);
            throw failure;
        } finally {
            for (MetasyncProcess process : processes) {
                if (process.alive()) {
                    process.signal("CONT"); // a stopped process would not act on SIGTERM
                }
                process.close();
            }
            keepLogs(dir);
        }
    }

    /**
     * Holds what {@code member} sends to Redis until a batch of at least {@link #ZOMBIE_ROWS} row
     * writes is among it (a burst of updates makes one), then stops the process (SIGSTOP: no
     * heartbeat, so its partitions move after the session timeout).
     *
     * @return the symbols of the rows in the held batch
     */
    private static Set<String> freezeWithABatchInFlight(Member member, TcpForwarder link, String prefix, String table) throws Exception {
        link.hold();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                .until(() -> link.heldText().contains("EVALSHA") && link.heldText().contains(prefix));
        // The member waits for Redis's answer to the batch held: the burst makes its next batches large.
        try (Connection c = services.postgres.connect(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE " + table + " SET exchange = 'BURST' WHERE symbol <= '" + SampleTickers.symbol(1_500) + "'");
        }
        Thread.sleep(1_000); // fetched by the member meanwhile
        Set<String> symbols = heldSymbols(link, prefix);
        for (int tries = 0; symbols.size() < ZOMBIE_ROWS && tries < 20; tries++) {
            link.release(); // lets the held batch through, and holds the next one
            link.hold();
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                    .until(() -> link.heldText().contains("EVALSHA") && link.heldText().contains(prefix));
            Thread.sleep(200); // the whole batch, not its first bytes
            symbols = heldSymbols(link, prefix);
        }
        member.process().signal("STOP");
        symbols = heldSymbols(link, prefix);
        assertThat(symbols).as("rows in the held batch").hasSizeGreaterThanOrEqualTo(ZOMBIE_ROWS);
        return symbols;
    }

    private static Set<String> heldSymbols(TcpForwarder link, String prefix) {
        Set<String> symbols = new TreeSet<>();
        Matcher m = Pattern.compile(Pattern.quote(prefix) + "(T\\d{5})").matcher(link.heldText());
        while (m.find()) {
            symbols.add(m.group(1));
        }
        return symbols;
    }

    private static void updateNames(String table, Set<String> symbols, String name) throws Exception {
        try (Connection c = services.postgres.connect();
             PreparedStatement update = c.prepareStatement("UPDATE " + table + " SET name = ? WHERE symbol = ANY (?)")) {
            update.setString(1, name);
            update.setArray(2, c.createArrayOf("text", symbols.toArray()));
            assertThat(update.executeUpdate()).isEqualTo(symbols.size());
        }
    }

    private static Member member(String table, Path dir, String name, String redisUri, List<MetasyncProcess> processes) throws Exception {
        int port = FreePorts.pick();
        MetasyncProcess process = MetasyncProcess.run(settings(table, dir, name, port, redisUri), Map.of(),
                dir.resolve(name + ".log"), List.of("--only", "apply"));
        processes.add(process);
        return new Member(name, process, port);
    }

    /** One process's settings: the group's, with its own data directory, monitor port and Redis address. */
    private static MetasyncConfig settings(String table, Path dir, String name, int monitorPort, String redisUri) {
        return services.isolated(table, Map.of(
                "kafka.partitions", "3",
                "apply.session-timeout-ms", "6000",
                "redis.uri", redisUri,
                "monitor.port", Integer.toString(monitorPort),
                "verify.interval-seconds", "0", // nothing but apply writes rows: a stale write would stay
                "data-dir", dir.resolve(name).toString()));
    }

    /** Waits until the consumer group has {@code members} members, each owning at least one partition. */
    private static void awaitMembersOwningPartitions(String group, int members, List<MetasyncProcess> processes) {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", services.kafka.bootstrapServers()))) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                    .failFast(() -> assertThat(processes).allMatch(MetasyncProcess::alive))
                    .until(() -> {
                        ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
                        return description.members().size() == members
                                && description.members().stream().noneMatch(m -> m.assignment().topicPartitions().isEmpty());
                    });
        }
    }

    /** On a failure, the end of each process's log goes to the test's output, where CI keeps it. */
    private static void printLogTails(Path dir) throws java.io.IOException {
        try (var logs = Files.list(dir)) {
            for (Path log : logs.filter(p -> p.toString().endsWith(".log")).sorted().toList()) {
                List<String> lines = Files.readAllLines(log);
                System.out.printf("---- last lines of %s ----%n%s%n", log.getFileName(),
                        String.join(System.lineSeparator(), lines.subList(Math.max(0, lines.size() - 40), lines.size())));
            }
        }
    }

    /** The processes' logs outlive the services' temporary directory, for a failure's post-mortem. */
    private static void keepLogs(Path dir) throws java.io.IOException {
        Path kept = Files.createDirectories(Path.of("target", "many-apply-logs"));
        try (var logs = Files.list(dir)) {
            for (Path log : logs.filter(p -> p.toString().endsWith(".log")).toList()) {
                Files.copy(log, kept.resolve(log.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private static double seconds(long sinceNanos) {
        return (System.nanoTime() - sinceNanos) / 1e9;
    }
}
