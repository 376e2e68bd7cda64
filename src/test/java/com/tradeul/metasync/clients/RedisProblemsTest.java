package com.tradeul.metasync.clients;

import static com.tradeul.metasync.config.ConfigException.Kind.UNFIT;
import static com.tradeul.metasync.config.ConfigException.Kind.UNREACHABLE;
import static org.assertj.core.api.Assertions.assertThat;

import com.tradeul.metasync.config.ConfigException;
import com.tradeul.metasync.config.ConfigException.Kind;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisConnectionException;
import java.util.Optional;
import java.util.stream.Stream;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What the first contact's failure tells the user to set, from the exception chains Lettuce raises. */
class RedisProblemsTest {

    private static final RedisProblems.Attempt TLS = new RedisProblems.Attempt("rediss://127.0.0.1:6380", "metasync", true,
            "/etc/metasync/redis-ca.pem", false, false);
    private static final RedisProblems.Attempt SENTINEL = new RedisProblems.Attempt("redis-sentinel://127.0.0.1:26379#main",
            "default", false, null, false, true);

    private static Throwable connecting(Throwable cause) {
        return new RedisConnectionException("Unable to connect to 127.0.0.1/<unresolved>:6380", cause);
    }

    static Stream<Arguments> failures() {
        return Stream.of(
                // what Lettuce raised, how metasync connected -> the problem's words, the setting the fix names, its kind
                Arguments.of(connecting(new RedisCommandExecutionException("WRONGPASS invalid username-password pair or user is disabled.")),
                        TLS, "refused the password of user 'metasync'", "set redis.password", UNREACHABLE),
                Arguments.of(connecting(new RedisCommandExecutionException("NOAUTH HELLO must be called with the client already authenticated")),
                        TLS, "requires a user and password", "set redis.password", UNREACHABLE),
                Arguments.of(connecting(new RedisCommandExecutionException("NOPERM User metasync has no permissions to run the 'ping' command")),
                        TLS, "does not let user 'metasync' run", "ACL SETUSER metasync", UNFIT),
                Arguments.of(connecting(new SSLHandshakeException("PKIX path building failed: unable to find valid certification path"
                        + " to requested target")), TLS, "TLS certificate that metasync does not trust", "set redis.tls.ca-file", UNREACHABLE),
                Arguments.of(connecting(new SSLHandshakeException("No subject alternative names matching IP address 10.1.2.3 found")),
                        TLS, "does not name that host", "redis.tls.verify=ca", UNREACHABLE),
                Arguments.of(connecting(new SSLHandshakeException("Received fatal alert: certificate_required")),
                        TLS, "did not accept metasync's TLS client certificate", "set redis.tls.cert-file and redis.tls.key-file", UNREACHABLE),
                Arguments.of(connecting(new SSLHandshakeException("Remote host terminated the handshake")),
                        TLS, "TLS handshake with Redis at rediss://127.0.0.1:6380 failed", "use redis:// instead of rediss://", UNREACHABLE),
                Arguments.of(new RedisConnectionException("Cannot provide redisAddress using sentinel for masterId main"),
                        SENTINEL, "the sentinels of redis-sentinel://127.0.0.1:26379#main did not give", "the master's name after '#'", UNREACHABLE),
                Arguments.of(connecting(new java.net.ConnectException("Connection refused: /127.0.0.1:6379")),
                        SENTINEL, "couldn't connect to Redis", "use rediss://", UNREACHABLE));
    }

    @ParameterizedTest(name = "{2}")
    @MethodSource("failures")
    void each_failure_names_the_setting_that_fixes_it(Throwable error, RedisProblems.Attempt attempt, String problem, String fix,
            Kind kind) {
        Optional<ConfigException> explained = RedisProblems.explain(error, attempt);
        assertThat(explained).isPresent();
        assertThat(explained.get().kind()).isEqualTo(kind);
        assertThat(explained.get().problem()).contains(problem);
        assertThat(explained.get().fix()).contains(fix);
    }

    @ParameterizedTest
    @MethodSource("busy")
    void a_redis_that_answers_but_refuses_writes_for_now_is_no_start_problem(String reply) {
        assertThat(RedisProblems.explain(new RedisCommandExecutionException(reply), TLS)).isEmpty();
    }

    static Stream<String> busy() {
        return Stream.of("MISCONF Redis is configured to save RDB snapshots", "LOADING Redis is loading the dataset in memory",
                "READONLY You can't write against a read only replica.", "OOM command not allowed when used memory > 'maxmemory'.");
    }
}
