package com.tradeul.metasync.config;

import static org.apache.kafka.common.config.ConfigDef.Importance.HIGH;
import static org.apache.kafka.common.config.ConfigDef.Importance.LOW;
import static org.apache.kafka.common.config.ConfigDef.Importance.MEDIUM;
import static org.apache.kafka.common.config.ConfigDef.Type.INT;
import static org.apache.kafka.common.config.ConfigDef.Type.PASSWORD;
import static org.apache.kafka.common.config.ConfigDef.Type.STRING;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.ConfigDef;

/** The Redis metasync keeps the copy in, who metasync is there, and how its TLS is checked. */
public final class RedisSettings extends SettingsGroup {

    public static final String URI = "redis.uri";
    public static final String USER = "redis.user";
    public static final String PASSWORD_SETTING = "redis.password";
    public static final String TLS_CA_FILE = "redis.tls.ca-file";
    public static final String TLS_CERT_FILE = "redis.tls.cert-file";
    public static final String TLS_KEY_FILE = "redis.tls.key-file";
    public static final String TLS_VERIFY = "redis.tls.verify";
    public static final String TIMEOUT_MS = "redis.timeout-ms";
    public static final String MODE = "redis.mode";

    /** One Redis (alone, or the master Sentinel names), or a Redis Cluster. */
    public enum Mode { STANDALONE, CLUSTER }

    /** How the server's certificate is checked: chain and host name, chain only, or not at all. */
    public enum TlsVerify { FULL, CA, NONE }

    private static final List<String> SCHEMES = List.of("redis://", "rediss://", "redis-sentinel://", "rediss-sentinel://");

    public static final Definition DEFINITION = new Definition("Redis", new ConfigDef()
            .define(URI, STRING, "redis://127.0.0.1:6379",
                    Expect.parsedBy(RedisSettings::checkUri, "a Redis URI: redis://host:6379/0, rediss://host:6380 (TLS), "
                            + "redis-sentinel://host:26379,host2:26379/0#master (or rediss-sentinel://), "
                            + "redis://host1:7000,host2:7001 (cluster seeds, with redis.mode=cluster)"),
                    HIGH, "Where Redis is. rediss:// and rediss-sentinel:// use TLS. A Sentinel URI names the sentinels and, after #,"
                            + " the master's name; metasync writes to whichever node the sentinels say is the master, and follows a"
                            + " failover. With redis.mode=cluster it lists one or more nodes of the cluster to learn its"
                            + " topology from (redis://host1:7000,host2:7001; more than one, so a seed that is down does not"
                            + " stop a start). Credentials may be given here (redis://user:password@host) but redis.user and"
                            + " redis.password, when set, override them.")
            .define(MODE, STRING, "standalone", Expect.oneOf("standalone", "cluster"), HIGH,
                    "standalone: one Redis, or the master a Sentinel URI names. cluster: a Redis Cluster (Redis OSS Cluster,"
                            + " ElastiCache or MemoryDB in cluster mode, clustered Azure Redis): each batch is written slot by"
                            + " slot, every slot keeps the offsets of the rows it holds, and MOVED/ASK and topology changes are"
                            + " followed. A cluster refuses standalone mode's writes (CROSSSLOT), and a standalone Redis has no"
                            + " cluster topology: this must say what redis.uri is.")
            .define(USER, STRING, "", Expect.any("an ACL user name, or empty"), HIGH,
                    "Redis ACL user (Redis 6+). Empty: the user in redis.uri, else Redis's 'default' user. Overrides redis.uri's user.")
            .define(PASSWORD_SETTING, PASSWORD, "", Expect.any("any text"), HIGH,
                    "Password of the Redis user (AUTH). Overrides a password in redis.uri; prefer METASYNC_REDIS_PASSWORD or"
                            + " redis.password-file. With Sentinel it is the data nodes' password, not the sentinels'.")
            .define(TLS_CA_FILE, STRING, "", existingFileOrEmpty("a PEM file of CA certificates, or empty"), MEDIUM,
                    "CA certificate(s), PEM, that signed Redis's certificate. Empty: the JVM's trusted CAs. Needs rediss://.")
            .define(TLS_CERT_FILE, STRING, "", existingFileOrEmpty("a PEM certificate file, or empty"), MEDIUM,
                    "Client certificate (PEM chain) for Redis servers that require one (tls-auth-clients yes); with redis.tls.key-file.")
            .define(TLS_KEY_FILE, STRING, "", existingFileOrEmpty("a PEM PKCS#8 private key file, or empty"), MEDIUM,
                    "Private key (PEM, PKCS#8, unencrypted) of redis.tls.cert-file.")
            .define(TLS_VERIFY, STRING, "full", Expect.oneOf("full", "ca", "none"), MEDIUM,
                    "How Redis's certificate is checked: full (trusted chain and a host name or address the certificate names),"
                            + " ca (trusted chain only), none (not at all: anyone in the path can read and change the data).")
            .define(TIMEOUT_MS, INT, 10_000, Expect.between(100, 600_000, "milliseconds from 100 to 600000"), LOW,
                    "How long a Redis command, and a connection's handshake, waits for Redis's reply. A connection whose reply is"
                            + " this late is closed and made again, so one that hangs without closing (a network dropping packets"
                            + " without a reset, a frozen proxy) costs one timeout instead of stalling every later command; apply"
                            + " retries the batch. Above what Redis's slowest command (a large fenced batch, SCAN page) takes."));

    RedisSettings(Map<String, Object> values) {
        super(values);
    }

    private static void checkUri(String value) {
        int authority = value.indexOf("://") + 3;
        if (!value.contains("-sentinel://") && authority > 2 && value.indexOf(',', authority) > 0) {
            // Cluster seeds, Lettuce's syntax: the first node's URI, then host:port of the others.
            checkUri(value.substring(0, value.indexOf(',', authority)) + pathOf(value));
            return;
        }
        if (SCHEMES.stream().noneMatch(value::startsWith)) {
            throw new IllegalArgumentException("not a redis://, rediss://, redis-sentinel:// or rediss-sentinel:// URI");
        }
        if (value.contains("-sentinel://") && !value.contains("#")) {
            throw new IllegalArgumentException("a Sentinel URI names the master after '#', e.g. redis-sentinel://host:26379#mymaster");
        }
        boolean userInfo = value.indexOf('@', value.indexOf("://")) > 0;
        io.lettuce.core.RedisURI parsed;
        try {
            // Lettuce's own parser: it accepts what Lettuce can connect to, e.g. host names with '_'.
            parsed = io.lettuce.core.RedisURI.create(value);
        } catch (RuntimeException e) {
            // The parsers quote the input, or any piece of it (java.net.URI, Integer.parseInt of the
            // database): with credentials in the URI, none of their words is shown.
            throw new IllegalArgumentException(userInfo ? "it cannot be parsed; the parser's message is left out, as it may quote"
                    + " the password: check the host, port, database and percent-encoding" : Secrets.redact(e.getMessage()));
        }
        if (userInfo && parsed.getCredentialsProvider() == null) {
            // e.g. a password holding '/': the URI parser then takes part of it for the host.
            throw new IllegalArgumentException("its user-info cannot be read: percent-encode '/', '@', ':' and spaces in the password"
                    + " (e.g. %2F), or give the password as redis.password");
        }
    }

    private static String pathOf(String value) {
        int slash = value.indexOf('/', value.indexOf("://") + 3);
        return slash < 0 ? "" : value.substring(slash);
    }

    private static Expect existingFileOrEmpty(String expected) {
        return Expect.parsedBy(path -> {
            if (!path.isEmpty() && !Files.isReadable(Path.of(path))) {
                throw new IllegalArgumentException(path + " does not exist or cannot be read");
            }
        }, expected);
    }

    /** May hold a password: print {@code RedisClients.describe()}, never this. */
    public String uri() {
        return string(URI);
    }

    /** Empty: the URI's user (or none). */
    public Optional<String> user() {
        String user = string(USER);
        return user.isEmpty() ? Optional.empty() : Optional.of(user);
    }

    /** The secret itself: hand it only to the client, never to a log line. Empty: the URI's password (or none). */
    public Optional<String> password() {
        String password = secret(PASSWORD_SETTING);
        return password.isEmpty() ? Optional.empty() : Optional.of(password);
    }

    public Optional<Path> tlsCaFile() {
        return path(TLS_CA_FILE);
    }

    public Optional<Path> tlsCertFile() {
        return path(TLS_CERT_FILE);
    }

    public Optional<Path> tlsKeyFile() {
        return path(TLS_KEY_FILE);
    }

    /** How long a command or handshake waits for Redis; a connection that late is made again. */
    public Duration timeout() {
        return Duration.ofMillis(integer(TIMEOUT_MS));
    }

    public Mode mode() {
        return Mode.valueOf(string(MODE).toUpperCase(Locale.ROOT));
    }

    public TlsVerify tlsVerify() {
        return TlsVerify.valueOf(string(TLS_VERIFY).toUpperCase(Locale.ROOT));
    }

    private Optional<Path> path(String name) {
        String path = string(name);
        return path.isEmpty() ? Optional.empty() : Optional.of(Path.of(path));
    }
}
