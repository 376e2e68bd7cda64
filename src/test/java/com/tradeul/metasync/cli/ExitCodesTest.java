package com.tradeul.metasync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradeul.metasync.config.ConfigException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ExitCodesTest {

    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of("a wrong setting", new ConfigException("'postgres.port' is 'abc'", "set a number"), 3),
                Arguments.of("a service not reached", ConfigException.unreachable("couldn't reach Kafka", "start it"), 7),
                Arguments.of("a service that refuses", ConfigException.unfit("wal_level is 'replica'", "set it"), 8),
                Arguments.of("deep in a cause chain", new CompletionException(new IllegalStateException(
                        ConfigException.unfit("no primary key", "add one"))), 8),
                Arguments.of("the problem, not its cause", new ConfigException("unreadable truststore", "fix it",
                        new ConnectException("refused")), 3),
                Arguments.of("the outermost problem", new ConfigException(ConfigException.Kind.UNFIT, "denied", "grant",
                        ConfigException.unreachable("timed out", "start it")), 8),
                Arguments.of("a refused connection, unexplained", new IllegalStateException("capture failed",
                        new SQLException("connection attempt failed", "08001", new ConnectException("Connection refused"))), 7),
                Arguments.of("no route", new RuntimeException(new NoRouteToHostException("no route")), 7),
                Arguments.of("an unknown host", new ExecutionException(new UnknownHostException("db.internal")), 7),
                Arguments.of("a connection that timed out", new RuntimeException(new SocketTimeoutException("connect timed out")), 7),
                Arguments.of("any other I/O failure", new RuntimeException(new IOException("disk full")), 1),
                Arguments.of("any other failure", new IllegalStateException("apply stopped"), 1));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("failures")
    void a_failure_exits_with_the_code_of_where_its_fix_lies(String scenario, Throwable failure, int code) {
        assertThat(ExitCodes.of(failure)).isEqualTo(code);
    }
}
