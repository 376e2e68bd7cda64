package com.tradeul.metasync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.status.Status;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** What an operator meets first: usage errors, --version, completion, and the logging configuration. */
class CommandLineConventionsTest {

    private record Outcome(int exitCode, String out, String err) {}

    private static Outcome run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine(Map.of());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return new Outcome(cli.execute(args), out.toString(), err.toString());
    }

    @Test
    void a_usage_error_is_one_line_and_a_hint_not_the_whole_help() {
        Outcome unknownOption = run("verify", "--bogus");
        assertThat(unknownOption.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(unknownOption.err().lines().toList()).containsExactly(
                "metasync: Unknown option: '--bogus'", "Try 'metasync verify --help' for more information.");

        Outcome misspeltCommand = run("verfy");
        assertThat(misspeltCommand.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(misspeltCommand.err()).startsWith("metasync: Unmatched argument at index 0: 'verfy'")
                .contains("Did you mean: verify").contains("Try 'metasync --help'").doesNotContain("Commands:");
    }

    @ParameterizedTest(name = "{0} --help")
    @CsvSource({
        "metasync, '4,5,6'",
        "run,      ''",
        "verify,   4",
        "guard,    5",
        "doctor,   6",
        "replay,   ''",
        "lag,      ''",
        "config,   ''",
    })
    void each_commands_help_lists_the_exit_codes_it_may_return(String command, String own) {
        Outcome help = command.equals("metasync") ? run("--help") : run(command, "--help");

        String codes = help.out().substring(help.out().indexOf("Exit codes:"));
        assertThat(codes).contains("0   done, or stopped on request", "2   wrong usage", "3   a setting is wrong or missing",
                "7   PostgreSQL, Kafka or Redis could not be reached or logged in to",
                "8   PostgreSQL, Kafka or Redis refuses or lacks what metasync needs");
        for (String code : List.of("4", "5", "6")) {
            assertThat(codes.contains("\n  " + code + "   ")).as(command + " lists " + code).isEqualTo(own.contains(code));
        }
    }

    @Test
    void version_names_metasync_and_the_engines_it_embeds() {
        Outcome version = run("--version");
        assertThat(version.exitCode()).isZero();
        assertThat(version.out()).startsWith("metasync ").contains("Debezium 3.6.1", "Kafka clients 4.3.0", "Lettuce 7.7", "Java 17");
    }

    @Test
    void a_shell_completion_script_is_generated() {
        Outcome completion = run("generate-completion");
        assertThat(completion.exitCode()).isZero();
        assertThat(completion.out()).contains("complete -F").contains("verify").contains("doctor");
    }

    @Test
    void the_packaged_logging_configuration_loads_without_a_warning_in_both_formats() throws Exception {
        LoggerContext context = packagedLogging();

        List<Status> problems = context.getStatusManager().getCopyOfStatusList().stream()
                .filter(s -> s.getLevel() >= Status.WARN).toList();
        assertThat(problems).isEmpty();
        assertThat(context.getLogger("ROOT").getAppender("text")).isNotNull();
        assertThat(context.getLogger("ROOT").getAppender("json")).isNotNull();
        context.stop();
    }

    @Test
    void the_packaged_logging_configuration_drops_debeziums_warning_per_dropped_lag_sample_only() throws Exception {
        LoggerContext context = packagedLogging();

        Logger measurements = context.getLogger("io.debezium.metrics.stats.MeasurementCollector");
        assertThat(measurements.isWarnEnabled()).isFalse();
        assertThat(measurements.isErrorEnabled()).isTrue();
        assertThat(context.getLogger("io.debezium.connector.postgresql.PostgresConnectorTask").isWarnEnabled()).isTrue();
        assertThat(context.getLogger("io.debezium.metrics.stats.LagBehindSourceMeasurement").isWarnEnabled()).isTrue();
        context.stop();
    }

    private static LoggerContext packagedLogging() throws Exception {
        LoggerContext context = new LoggerContext();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(CommandLineConventionsTest.class.getResource("/logback.xml"));
        return context;
    }
}
