package com.tradeul.metasync.clients;

import com.tradeul.metasync.config.ConfigException;
import com.tradeul.metasync.config.Secrets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a failed first contact with Redis means to the user: refused credentials, a certificate
 * that is not trusted, names another host or is missing, TLS on one side only, sentinels that do
 * not know the master. Each becomes a {@link ConfigException} naming the {@code redis.*} setting
 * that fixes it: {@code UNREACHABLE} when metasync could not connect or log in, {@code UNFIT} when
 * the ACL user may not run what metasync needs. Redis's and Lettuce's messages name users and
 * addresses, never a password (Lettuce masks it in URIs); they are redacted anyway. Pure.
 */
final class RedisProblems {

    /** Replies of a Redis that is up but refuses commands for now (Redis 7 refuses even PING under MISCONF). */
    private static final Pattern REFUSING_BUT_THERE = Pattern.compile("^(MISCONF|OOM|READONLY|LOADING|BUSY|MASTERDOWN)");

    private static final String PASSWORD_FIX = "set redis.password (or METASYNC_REDIS_PASSWORD, or redis.password-file) to the password"
            + " of that Redis user, and redis.user to the ACL user metasync logs in as";

    /**
     * How metasync connected.
     *
     * @param where the Redis URI without credentials
     * @param user the ACL user metasync logs in as ("default" when none is named)
     * @param caFile the CA file given, or null: the JVM's trusted CAs
     */
    record Attempt(String where, String user, boolean tls, String caFile, boolean clientCertificate, boolean sentinel) {}

    private RedisProblems() {}

    /** Empty when Redis answered but refuses writes for now: apply waits for it, metasync still starts. */
    static Optional<ConfigException> explain(Throwable error, Attempt attempt) {
        String root = Secrets.redact(ConfigException.rootMessage(error));
        if (REFUSING_BUT_THERE.matcher(root).find()) {
            return Optional.empty();
        }
        String chain = String.join(" / ", messages(error));
        return Optional.of(explain(chain, root, attempt));
    }

    private static ConfigException explain(String chain, String root, Attempt a) {
        String at = "Redis at " + a.where();
        if (chain.contains("WRONGPASS") || chain.contains("invalid password") || chain.contains("invalid username-password")) {
            return ConfigException.unreachable(at + " refused the password of user '" + a.user() + "' (" + root + ")", PASSWORD_FIX);
        }
        if (chain.contains("NOAUTH")) {
            return ConfigException.unreachable(at + " requires a user and password (" + root + ")", PASSWORD_FIX);
        }
        if (chain.contains("NOPERM")) {
            return ConfigException.unfit(at + " does not let user '" + a.user() + "' run what metasync needs (" + root + ")",
                    "grant it: ACL SETUSER " + a.user() + " " + RedisClients.REQUIRED_ACL + " (README, Production)");
        }
        if (a.sentinel() && (chain.contains("Redis Sentinel") || chain.contains("using sentinel for masterId"))) {
            return ConfigException.unreachable("the sentinels of " + a.where() + " did not give the master's address (" + root + ")",
                    "check the sentinels' host:port list in redis.uri and the master's name after '#'"
                            + " (redis-cli -p <sentinel port> SENTINEL GET-MASTER-ADDR-BY-NAME <name>)");
        }
        Optional<ConfigException> tls = tls(chain, root, a);
        if (tls.isPresent()) {
            return tls.get();
        }
        return ConfigException.unreachable("couldn't connect to Redis at " + a.where() + " (" + root + ")",
                "start Redis, or set redis.uri (METASYNC_REDIS_URI) to where it listens"
                        + (a.tls() ? "" : "; if Redis only accepts TLS there, use rediss://"));
    }

    private static Optional<ConfigException> tls(String chain, String root, Attempt a) {
        String at = "Redis at " + a.where();
        if (chain.contains("PKIX path") || chain.contains("unable to find valid certification path")
                || chain.contains("signature check failed")) {
            return Optional.of(ConfigException.unreachable(at + " presented a TLS certificate that metasync does not trust (" + root + ")",
                    a.caFile() == null
                            ? "set redis.tls.ca-file to the CA certificate (PEM) that signed Redis's certificate"
                            : "set redis.tls.ca-file to the CA certificate (PEM) that signed Redis's certificate; "
                                    + a.caFile() + " did not sign it"));
        }
        if (chain.contains("No subject alternative") || chain.contains("No name matching")) {
            return Optional.of(ConfigException.unreachable(at + ": Redis's TLS certificate does not name that host (" + root + ")",
                    "connect by a name or address the certificate holds (redis.uri), or set redis.tls.verify=ca to check only"
                            + " that a trusted CA signed it"));
        }
        if (chain.contains("certificate_required") || chain.contains("bad_certificate")) {
            return Optional.of(ConfigException.unreachable(at + " did not accept metasync's TLS client certificate (" + root + ")",
                    a.clientCertificate()
                            ? "set redis.tls.cert-file and redis.tls.key-file to a certificate signed by a CA that Redis trusts"
                                    + " (its tls-ca-cert-file)"
                            : "set redis.tls.cert-file and redis.tls.key-file: Redis requires a client certificate"
                                    + " (tls-auth-clients yes)"));
        }
        if (a.tls() && (chain.contains("not an SSL/TLS record") || chain.contains("SSLHandshakeException")
                || chain.contains("SslHandshake") || chain.contains("handshake"))) {
            return Optional.of(ConfigException.unreachable("the TLS handshake with Redis at " + a.where() + " failed (" + root + ")",
                    "if Redis listens without TLS there, use redis:// instead of rediss://; else check its tls-* settings"));
        }
        return Optional.empty();
    }

    private static List<String> messages(Throwable error) {
        List<String> messages = new ArrayList<>();
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            messages.add(t.getClass().getSimpleName() + ": " + Secrets.redact(String.valueOf(t.getMessage())));
            for (Throwable suppressed : t.getSuppressed()) {
                messages.add(suppressed.getClass().getSimpleName() + ": " + Secrets.redact(String.valueOf(suppressed.getMessage())));
            }
        }
        return messages;
    }
}
