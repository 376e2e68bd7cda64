package com.tradeul.metasync.verify;

import com.tradeul.metasync.apply.RedisKeys;
import com.tradeul.metasync.capture.PostgresPreflight;
import com.tradeul.metasync.clients.PostgresConnections;
import com.tradeul.metasync.config.MetasyncConfig;
import com.tradeul.metasync.config.TableId;
import com.tradeul.metasync.normalize.JsonRenderer;
import com.tradeul.metasync.clients.RedisClients;
import com.tradeul.metasync.clients.RedisKeyspace;
import io.lettuce.core.RedisClient;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The drift check inside {@code run}: every interval, verify a random sample of each table and keep
 * the result for monitoring. One log line per check; WARN when a difference persisted.
 */
public final class DriftMonitor implements AutoCloseable {

    /** The last check: when it ran and what it found per table (empty before the first). */
    public record Status(Instant checkedAt, List<TableReport> reports, String error) {
        public boolean clean() {
            return error == null && reports.stream().allMatch(TableReport::clean);
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(DriftMonitor.class);
    private static final Duration SETTLE = Duration.ofSeconds(10);
    private static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

    private final MetasyncConfig config;
    private final PostgresConnections postgres;
    private final Clock clock;
    private final RedisKeyspace redis;
    private final AutoCloseable connection;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "metasync-drift-check");
        t.setDaemon(true);
        return t;
    });
    private volatile Status last = new Status(null, List.of(), null);

    private DriftMonitor(MetasyncConfig config, PostgresConnections postgres, RedisKeyspace redis, AutoCloseable connection, Clock clock) {
        this.config = config;
        this.postgres = postgres;
        this.clock = clock;
        this.redis = redis;
        this.connection = connection;
    }

    public DriftMonitor(MetasyncConfig config, PostgresConnections postgres, RedisClient client, Clock clock) {
        this(config, postgres, client.connect(CODEC), clock);
    }

    private DriftMonitor(MetasyncConfig config, PostgresConnections postgres, StatefulRedisConnection<String, byte[]> connection,
                         Clock clock) {
        this(config, postgres, RedisKeyspace.of(connection), connection, clock);
    }

    /** Over a Redis Cluster: the sample's keys read from their slots' masters, as verify does. */
    public static DriftMonitor onCluster(MetasyncConfig config, PostgresConnections postgres, RedisClusterClient client, Clock clock) {
        StatefulRedisClusterConnection<String, byte[]> connection = RedisClients.connect(client, CODEC);
        return new DriftMonitor(config, postgres, RedisKeyspace.of(connection), connection, clock);
    }

    public void start(Duration every) {
        timer.scheduleWithFixedDelay(this::checkNow, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    public Status last() {
        return last;
    }

    void checkNow() {
        try {
            Map<TableId, List<String>> keys = PostgresPreflight.primaryKeys(postgres);
            TableVerifier verifier = new TableVerifier(postgres, redis, new JsonRenderer(config.normalize().specialNumbers()),
                    new RedisKeys(config.keyTemplates()), config::rowShape);
            List<TableReport> reports = new ArrayList<>();
            for (TableId table : config.postgres().tables()) {
                TableReport report = verifier.verify(table, keys.get(table),
                        new TableVerifier.Options(config.verify().sampleSize(), 5, SETTLE), (done, total) -> { });
                reports.add(report);
                if (report.clean()) {
                    LOG.info("drift check {}: {} sampled rows in sync", table, report.rows());
                } else {
                    LOG.warn("drift check {}: {} missing, {} extra, {} wrong in a sample of {} rows; run 'metasync verify --repair'",
                            table, report.missing(), report.extra(), report.wrong(), report.rows());
                }
            }
            last = new Status(clock.instant(), List.copyOf(reports), null);
        } catch (Exception e) {
            LOG.warn("drift check failed: {}", e.getMessage());
            last = new Status(clock.instant(), List.of(), e.getMessage());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            connection.close();
        } catch (Exception e) {
            LOG.debug("closing the drift check's Redis connection: {}", e.getMessage());
        }
    }
}
