package com.tradeul.metasync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** A wrong setting stops every command before it connects anywhere: exit 3, one line naming the fix. */
class SettingsErrorsTest {

    private record Outcome(int exitCode, String err) {}

    private static Outcome run(Map<String, String> environment, String... args) {
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine(environment);
        cli.setOut(new PrintWriter(new StringWriter(), true));
        cli.setErr(new PrintWriter(err, true));
        return new Outcome(cli.execute(args), err.toString());
    }

    @Test
    void a_misspelt_environment_variable_stops_the_command_with_the_nearest_name() {
        Outcome outcome = run(Map.of("METASYNC_APPLY_BATCH_SIZ", "500"), "doctor");

        assertThat(outcome.exitCode()).isEqualTo(ExitCodes.CONFIGURATION);
        assertThat(outcome.err()).startsWith("metasync: environment variable METASYNC_APPLY_BATCH_SIZ names no setting"
                + " (did you mean METASYNC_APPLY_BATCH_SIZE?)").contains("Fix:");
        assertThat(outcome.err().lines()).hasSize(1);
    }

    @Test
    void a_misspelt_set_and_a_bad_value_are_reported_together_without_the_secret() {
        Outcome outcome = run(Map.of(), "lag", "--set", "redis.uri=http://u:hunter2@cache:6379", "--set", "apply.batch-sise=5");

        assertThat(outcome.exitCode()).isEqualTo(ExitCodes.CONFIGURATION);
        assertThat(outcome.err()).contains("'redis.uri' is 'http://***@cache:6379'", "unknown setting 'apply.batch-sise' (did you mean 'apply.batch-size'?)")
                .doesNotContain("hunter2");
    }
}
