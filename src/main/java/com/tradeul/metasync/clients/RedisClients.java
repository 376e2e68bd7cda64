package com.tradeul.metasync.clients;

import com.tradeul.metasync.config.ConfigException;
import com.tradeul.metasync.config.RedisSettings;
import com.tradeul.metasync.config.Secrets;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.SslVerifyMode;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.RedisClusterURIUtil;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.NettyCustomizer;
import io.netty.channel.Channel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import reactor.core.publisher.Mono;

/**
 * The one place metasync builds its Redis client, and checks at start that Redis answers: the
 * address (standalone or Sentinel), the ACL user and password, TLS (trusted CA, client certificate,
 * verification) are applied here only. A Sentinel URI is resolved to the master at every
 * (re)connect, which is how metasync follows a failover (Lettuce asks the sentinels again when a
 * connection drops, and Sentinel closes the demoted master's clients). Every command waits at most
 * {@code redis.timeout-ms} for its reply, and a connection whose reply is that late is closed and
 * made again ({@link ReplyDeadline}): a connection that hangs without closing heals by itself.
 * Thread safe; each client it returns is the caller's to shut down (its resources go with it).
 */
public final class RedisClients {

    /** What metasync's Redis user needs, as ACL rules (INFO, CONFIG and BGSAVE for the persistence guard). */
    public static final String REQUIRED_ACL = "~* -@all +@read +@write +@keyspace +@scripting +@transaction +@connection +info"
            + " +config|get +config|set +bgsave +lastsave -flushall -flushdb";

    private static final Duration CONNECT = Duration.ofSeconds(5);
    private static final Duration TOPOLOGY_REFRESH = Duration.ofSeconds(30);

    private final RedisSettings settings;

    public RedisClients(RedisSettings settings) {
        this.settings = settings;
    }

    /**
     * @throws ConfigException when the TLS settings do not fit together or their files cannot be
     *     read, or {@code redis.mode} is cluster (then {@link #createCluster} is the client)
     */
    public RedisClient create() {
        requireMode(RedisSettings.Mode.STANDALONE);
        RedisURI uri = uri();
        RedisClient client = new DeadlineRedisClient(resources(), uri);
        client.setOptions(options(uri.isSsl(), ClientOptions.builder()).build());
        return client;
    }

    /**
     * A Redis Cluster client: the seeds of {@code redis.uri}, with the same login, TLS and reply
     * deadline as {@link #create}. Topology is refreshed when a node answers MOVED or ASK or cannot be
     * reached for a while (adaptive triggers), and every 30 s, so slots that moved and replicas
     * promoted are followed; a node that is not (or no longer) in the topology is not connected to.
     *
     * @throws ConfigException as {@link #create}, or when {@code redis.mode} is standalone
     */
    public RedisClusterClient createCluster() {
        requireMode(RedisSettings.Mode.CLUSTER);
        List<RedisURI> seeds = seeds();
        ClusterClientOptions.Builder options = ClusterClientOptions.builder()
                .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                        .enablePeriodicRefresh(TOPOLOGY_REFRESH)
                        .enableAllAdaptiveRefreshTriggers()
                        .adaptiveRefreshTriggersTimeout(Duration.ofSeconds(1))
                        .dynamicRefreshSources(true)
                        .build())
                .maxRedirects(8)
                .validateClusterNodeMembership(true);
        options(seeds.get(0).isSsl(), options);
        RedisClusterClient client = new DeadlineRedisClusterClient(resources(), seeds);
        client.setOptions(options.build());
        return client;
    }

    /** Whether {@code redis.uri} names a cluster: {@link #createCluster} is then the client to use. */
    public boolean isCluster() {
        return settings.mode() == RedisSettings.Mode.CLUSTER;
    }

    private void requireMode(RedisSettings.Mode expected) {
        boolean sentinel = RedisURI.create(firstNode(settings.uri())).getSentinels().size() > 0;
        int nodes = settings.uri().contains("-sentinel://") ? 1 : RedisClusterURIUtil.toRedisURIs(java.net.URI.create(settings.uri())).size();
        if (settings.mode() == RedisSettings.Mode.CLUSTER && sentinel) {
            throw new ConfigException(RedisSettings.URI + " is a Sentinel URI but " + RedisSettings.MODE + " is cluster",
                    "set " + RedisSettings.MODE + "=standalone for Sentinel, or give the cluster's nodes in " + RedisSettings.URI
                            + " (redis://host1:7000,host2:7001)");
        }
        if (settings.mode() == RedisSettings.Mode.STANDALONE && nodes > 1) {
            throw new ConfigException(RedisSettings.URI + " lists " + nodes + " nodes but " + RedisSettings.MODE + " is standalone",
                    "set " + RedisSettings.MODE + "=cluster for a Redis Cluster, or give one node in " + RedisSettings.URI);
        }
        if (settings.mode() != expected) {
            // What is not written for a cluster yet says so, rather than failing on CROSSSLOT or MOVED halfway.
            throw ConfigException.unfit("this needs a single Redis, and " + RedisSettings.MODE + " is cluster: it does not work on a"
                    + " Redis Cluster yet", "run it against a single Redis, or use what covers a cluster (run, verify, lag)");
        }
    }

    private static String firstNode(String uri) {
        int authority = uri.indexOf("://") + 3;
        int comma = uri.contains("-sentinel://") ? -1 : uri.indexOf(',', authority);
        return comma < 0 ? uri : uri.substring(0, comma);
    }

    /** The cluster nodes of {@code redis.uri}, each with the login of the settings. */
    List<RedisURI> seeds() {
        List<RedisURI> seeds = new ArrayList<>();
        for (RedisURI seed : RedisClusterURIUtil.toRedisURIs(java.net.URI.create(settings.uri()))) {
            seeds.add(withLogin(seed));
        }
        return seeds;
    }

    private <B extends ClientOptions.Builder> B options(boolean ssl, B options) {
        Duration timeout = settings.timeout();
        // While disconnected, fail commands at once so apply backs off instead of queueing blindly.
        options.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .autoReconnect(true)
                .socketOptions(SocketOptions.builder().connectTimeout(timeout.compareTo(CONNECT) < 0 ? timeout : CONNECT)
                        .keepAlive(true).build())
                .timeoutOptions(TimeoutOptions.enabled(timeout));
        if (ssl) {
            options.sslOptions(RedisTls.options(settings));
        } else {
            RedisTls.requireTlsUri(settings, describe());
        }
        return options;
    }

    private ClientResources resources() {
        Duration timeout = settings.timeout();
        String where = describe();
        return ClientResources.builder().nettyCustomizer(new NettyCustomizer() {
            @Override
            public void afterChannelInitialized(Channel channel) {
                channel.pipeline().addFirst("metasync-reply-deadline", new ReplyDeadline(timeout, where));
            }
        }).build();
    }

    /** The configured Redis with another database selected: for tools that keep data apart from metasync's. */
    public RedisURI uri(int database) {
        RedisURI uri = uri();
        uri.setDatabase(database);
        return uri;
    }

    private RedisURI uri() {
        return withLogin(RedisURI.create(settings.uri()));
    }

    private RedisURI withLogin(RedisURI uri) {
        // The connection handshake (AUTH, HELLO, SELECT) waits this long too, not Lettuce's default minute.
        uri.setTimeout(settings.timeout());
        Optional<RedisCredentials> given = given(uri);
        Optional<String> user = settings.user().or(() -> given.map(RedisCredentials::getUsername));
        Optional<CharSequence> password = settings.password().<CharSequence>map(p -> p)
                .or(() -> given.filter(RedisCredentials::hasPassword).map(c -> new String(c.getPassword())));
        if (settings.user().isPresent() || settings.password().isPresent()) {
            // The settings win over the URI's user-info; an ACL user with nopass still sends AUTH user "".
            RedisCredentials credentials = RedisCredentials.just(user.orElse(null), password.orElse(""));
            uri.setCredentialsProvider(() -> Mono.just(credentials));
        }
        if (uri.isSsl()) {
            uri.setVerifyPeer(SslVerifyMode.valueOf(settings.tlsVerify().name()));
        }
        return uri;
    }

    private static Optional<RedisCredentials> given(RedisURI uri) {
        return uri.getCredentialsProvider() == null ? Optional.empty()
                : Optional.ofNullable(uri.getCredentialsProvider().resolveCredentials().block());
    }

    /** The ACL user metasync logs in as: {@code default} when none is named. */
    public String user() {
        return settings.user().orElseGet(() -> given(RedisURI.create(firstNode(settings.uri())))
                .map(RedisCredentials::getUsername).filter(u -> u != null && !u.isEmpty()).orElse("default"));
    }

    /** @throws ConfigException naming the Redis (without password), the setting and the fix when it does not answer PING */
    public void check(RedisClient client) {
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            connection.sync().ping();
        } catch (RuntimeException e) {
            explain(e);
        }
    }

    /**
     * @throws ConfigException naming the cluster (without password), the setting and the fix when no
     *     seed answers, or the cluster cannot serve every slot (CLUSTERDOWN) at start
     */
    public void check(RedisClusterClient client) {
        try (StatefulRedisClusterConnection<String, String> connection = connect(client)) {
            connection.sync().ping();
            String state = connection.sync().clusterInfo();
            if (!state.contains("cluster_state:ok")) {
                throw ConfigException.unfit("the Redis Cluster at " + describe() + " does not serve every slot (cluster_state is not ok)",
                        "fix the cluster (redis-cli --cluster check <node>): every slot needs a master that answers");
            }
        } catch (ConfigException e) {
            throw e;
        } catch (RuntimeException e) {
            explain(e);
        }
    }

    /** A cluster client that answered {@link #check(RedisClusterClient)}; shut down again if it did not. */
    public RedisClusterClient createClusterChecked() {
        RedisClusterClient client = createCluster();
        try {
            check(client);
            return client;
        } catch (RuntimeException e) {
            client.shutdown();
            throw e;
        }
    }

    private void explain(RuntimeException e) {
        RedisURI uri = RedisURI.create(firstNode(settings.uri()));
        RedisProblems.explain(e, new RedisProblems.Attempt(describe(), user(), uri.isSsl(),
                settings.tlsCaFile().map(Path::toString).orElse(null), settings.tlsCertFile().isPresent(),
                !uri.getSentinels().isEmpty())).ifPresent(problem -> {
                    throw problem;
                });
    }

    /** A client that answered {@link #check}; shut down again if it did not. */
    public RedisClient createChecked() {
        RedisClient client = create();
        try {
            check(client);
            return client;
        } catch (RuntimeException e) {
            client.shutdown();
            throw e;
        }
    }

    /** Where Redis is, without credentials: fit for logs and error messages. */
    public String describe() {
        return Secrets.redactValue(settings.uri());
    }

    /** How metasync logs in and checks TLS, without secrets: for doctor. */
    public String login() {
        RedisURI uri = RedisURI.create(firstNode(settings.uri()));
        String tls = uri.isSsl() ? "TLS (verify " + settings.tlsVerify().name().toLowerCase(java.util.Locale.ROOT)
                + (settings.tlsCertFile().isPresent() ? ", client certificate" : "") + ")" : "no TLS";
        return "as user '" + user() + "', " + tls;
    }

    /**
     * The copy's keys to read, over a client of their own that closing shuts down: a cluster's when
     * {@code redis.mode} is cluster, else the one Redis's; checked as {@link #createChecked} does.
     */
    public RedisKeyspace openKeyspace() {
        var codec = io.lettuce.core.codec.RedisCodec.of(io.lettuce.core.codec.StringCodec.UTF8, io.lettuce.core.codec.ByteArrayCodec.INSTANCE);
        if (isCluster()) {
            RedisClusterClient client = createClusterChecked();
            StatefulRedisClusterConnection<String, byte[]> connection = connect(client, codec);
            return new RedisKeyspace(connection.async(), connection.async(), RedisKeyspace.of(connection).scan(), () -> {
                connection.close();
                client.shutdown();
            });
        }
        RedisClient client = createChecked();
        StatefulRedisConnection<String, byte[]> connection = client.connect(codec);
        return new RedisKeyspace(connection.async(), connection.async(), RedisKeyspace.of(connection).scan(), () -> {
            connection.close();
            client.shutdown();
        });
    }

    /**
     * A cluster connection whose connections to every master are open: Lettuce opens them on first
     * use, and a command on one still connecting is refused ("not connected") under the reject-while-
     * disconnected behaviour every client here has. A master that appears later (failover, added
     * node) is connected on first use: what is refused then is retried as any refusal.
     */
    public static <K, V> StatefulRedisClusterConnection<K, V> connect(RedisClusterClient client, io.lettuce.core.codec.RedisCodec<K, V> codec) {
        StatefulRedisClusterConnection<K, V> connection = connectAny(client, codec);
        for (io.lettuce.core.cluster.models.partitions.RedisClusterNode node : connection.getPartitions()) {
            if (node.is(io.lettuce.core.cluster.models.partitions.RedisClusterNode.NodeFlag.UPSTREAM) && !node.getSlots().isEmpty()) {
                try {
                    // By address: commands routed by slot look their connection up by host and port, not node id.
                    connection.getConnection(node.getUri().getHost(), node.getUri().getPort()).sync().ping();
                } catch (RuntimeException e) {
                    // A master down (failing over) is connected on first use once it, or its replica, answers.
                    org.slf4j.LoggerFactory.getLogger(RedisClients.class).debug("Redis Cluster master {} does not answer yet: {}",
                            node.getUri(), e.getMessage());
                }
            }
        }
        return connection;
    }

    /**
     * Lettuce connects a cluster connection's default channel to one node of the topology, taking
     * them in turn; a node that is down (a master killed, still listed as failed) fails that attempt
     * only: the next one goes to the next node.
     */
    private static <K, V> StatefulRedisClusterConnection<K, V> connectAny(RedisClusterClient client, io.lettuce.core.codec.RedisCodec<K, V> codec) {
        RuntimeException last = null;
        for (int attempt = 0; attempt < 6; attempt++) {
            try {
                return client.connect(codec);
            } catch (io.lettuce.core.RedisConnectionException e) {
                last = e;
            }
        }
        throw last;
    }

    /** {@link #connect(RedisClusterClient, io.lettuce.core.codec.RedisCodec)} with text keys and values. */
    public static StatefulRedisClusterConnection<String, String> connect(RedisClusterClient client) {
        return connect(client, io.lettuce.core.codec.StringCodec.UTF8);
    }
}
