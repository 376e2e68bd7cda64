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
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.NettyCustomizer;
import io.netty.channel.Channel;
import java.nio.file.Path;
import java.time.Duration;
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

    private final RedisSettings settings;

    public RedisClients(RedisSettings settings) {
        this.settings = settings;
    }

    /** @throws ConfigException when the TLS settings do not fit together or their files cannot be read */
    public RedisClient create() {
        RedisURI uri = uri();
        Duration timeout = settings.timeout();
        // The connection handshake (AUTH, HELLO, SELECT) waits this long too, not Lettuce's default minute.
        uri.setTimeout(timeout);
        ClientOptions.Builder options = ClientOptions.builder()
                // While disconnected, fail commands at once so apply backs off instead of queueing blindly.
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .autoReconnect(true)
                .socketOptions(SocketOptions.builder().connectTimeout(timeout.compareTo(CONNECT) < 0 ? timeout : CONNECT)
                        .keepAlive(true).build())
                .timeoutOptions(TimeoutOptions.enabled(timeout));
        if (uri.isSsl()) {
            options.sslOptions(RedisTls.options(settings));
        } else {
            RedisTls.requireTlsUri(settings, describe());
        }
        String where = describe();
        ClientResources resources = ClientResources.builder().nettyCustomizer(new NettyCustomizer() {
            @Override
            public void afterChannelInitialized(Channel channel) {
                channel.pipeline().addFirst("metasync-reply-deadline", new ReplyDeadline(timeout, where));
            }
        }).build();
        RedisClient client = new DeadlineRedisClient(resources, uri);
        client.setOptions(options.build());
        return client;
    }

    /** The configured Redis with another database selected: for tools that keep data apart from metasync's. */
    public RedisURI uri(int database) {
        RedisURI uri = uri();
        uri.setDatabase(database);
        return uri;
    }

    private RedisURI uri() {
        RedisURI uri = RedisURI.create(settings.uri());
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
        return settings.user().orElseGet(() -> given(RedisURI.create(settings.uri()))
                .map(RedisCredentials::getUsername).filter(u -> u != null && !u.isEmpty()).orElse("default"));
    }

    /** @throws ConfigException naming the Redis (without password), the setting and the fix when it does not answer PING */
    public void check(RedisClient client) {
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            connection.sync().ping();
        } catch (RuntimeException e) {
            RedisURI uri = RedisURI.create(settings.uri());
            RedisProblems.explain(e, new RedisProblems.Attempt(describe(), user(), uri.isSsl(),
                    settings.tlsCaFile().map(Path::toString).orElse(null), settings.tlsCertFile().isPresent(),
                    !uri.getSentinels().isEmpty())).ifPresent(problem -> {
                        throw problem;
                    });
        }
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
        RedisURI uri = RedisURI.create(settings.uri());
        String tls = uri.isSsl() ? "TLS (verify " + settings.tlsVerify().name().toLowerCase(java.util.Locale.ROOT)
                + (settings.tlsCertFile().isPresent() ? ", client certificate" : "") + ")" : "no TLS";
        return "as user '" + user() + "', " + tls;
    }
}
