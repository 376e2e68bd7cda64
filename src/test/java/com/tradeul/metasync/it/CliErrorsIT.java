package com.tradeul.metasync.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradeul.metasync.cli.ExitCodes;
import com.tradeul.metasync.cli.Main;
import com.tradeul.metasync.devtools.local.LocalPostgres;
import com.tradeul.metasync.embedded.FreePorts;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * What stops {@code metasync run} at start is one line naming the problem and the fix, and the exit
 * code of where the fix lies: 3 a setting, 7 a service metasync cannot reach or log in to, 8 a
 * service that refuses or lacks what metasync needs.
 */
class CliErrorsIT {

    private static TestServices services;
    private static String table;

    @BeforeAll
    static void createTable() throws Exception {
        services = TestServices.get();
        table = services.uniqueName("cli");
        try (Connection connection = services.postgres.connect(); Statement s = connection.createStatement()) {
            s.execute("CREATE TABLE " + table + " (symbol text PRIMARY KEY, name text)");
        }
    }

    record Outcome(int exitCode, String out, String err) {}

    private static Outcome run(Map<String, String> environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine(environment);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Outcome(code, out.toString(), err.toString());
    }

    private static List<String> runArgs(Map<String, String> overrides) {
        Map<String, String> settings = new java.util.LinkedHashMap<>(Map.of(
                "postgres.host", services.postgres.host(),
                "postgres.port", Integer.toString(services.postgres.port()),
                "postgres.password", services.postgres.password(),
                "postgres.tables", "public." + table,
                "kafka.bootstrap-servers", services.kafka.bootstrapServers(),
                "redis.uri", services.redis.uri()));
        settings.putAll(overrides);
        List<String> args = new ArrayList<>(List.of("run"));
        settings.forEach((k, v) -> args.addAll(List.of("--set", k + "=" + v)));
        return args;
    }

    @Test
    void wrong_postgres_password_names_the_setting_and_exits_7() {
        Outcome outcome = run(Map.of(), runArgs(Map.of("postgres.password", "not-the-password")).toArray(String[]::new));
        assertThat(outcome.exitCode()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(outcome.err().strip().lines()).hasSize(1);
        assertThat(outcome.err()).contains("refused the password").contains("Fix: set postgres.password");
    }

    @Test
    void password_from_the_environment_variable_is_used() {
        List<String> args = runArgs(Map.of("postgres.password", "wrong"));
        int at = args.indexOf("postgres.password=wrong");
        args.remove(at);
        args.remove(at - 1);
        Outcome outcome = run(Map.of("METASYNC_POSTGRES_PASSWORD", "also-wrong", "METASYNC_REDIS_URI", "redis://127.0.0.1:1"),
                args.subList(0, args.size()).toArray(String[]::new));
        // --set redis.uri beats METASYNC_REDIS_URI, so Redis is fine and the environment's password is the one refused.
        assertThat(outcome.exitCode()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(outcome.err()).contains("refused the password");
    }

    @Test
    void unreachable_postgres_names_the_setting_and_exits_7() {
        int nobody = FreePorts.pick();
        Outcome outcome = run(Map.of(), runArgs(Map.of("postgres.port", Integer.toString(nobody))).toArray(String[]::new));
        assertThat(outcome.exitCode()).as(outcome.err()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(outcome.err().strip().lines()).hasSize(1);
        assertThat(outcome.err()).contains("couldn't connect to PostgreSQL at " + services.postgres.host() + ":" + nobody)
                .contains("Fix: start PostgreSQL, or set postgres.host and postgres.port");
    }

    @Test
    void unreachable_kafka_names_the_setting_and_exits_7() {
        String nobody = "127.0.0.1:" + FreePorts.pick();
        Outcome outcome = run(Map.of(), runArgs(Map.of("kafka.bootstrap-servers", nobody)).toArray(String[]::new));
        assertThat(outcome.exitCode()).as(outcome.err()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(outcome.err().strip().lines()).hasSize(1);
        assertThat(outcome.err()).contains("couldn't reach Kafka at " + nobody)
                .contains("Fix: start the brokers, or set kafka.bootstrap-servers");
    }

    @Test
    void unreachable_redis_names_the_setting_and_exits_7() {
        String nobody = "redis://127.0.0.1:" + FreePorts.pick();
        Outcome outcome = run(Map.of(), runArgs(Map.of("redis.uri", nobody)).toArray(String[]::new));
        assertThat(outcome.exitCode()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(outcome.err().strip().lines()).hasSize(1);
        assertThat(outcome.err()).contains("couldn't connect to Redis at " + nobody).contains("Fix:").contains("redis.uri");
    }

    @Test
    void wal_level_replica_is_refused_with_the_fix_and_exits_8() throws Exception {
        try (LocalPostgres replicaOnly = LocalPostgres.builder(Files.createTempDirectory(services.root, "replica-").resolve("pg"))
                .walLevel("replica").fastUnsafe(true).start()) {
            try (Connection c = replicaOnly.connect(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE " + table + " (symbol text PRIMARY KEY)");
            }
            Outcome outcome = run(Map.of(), runArgs(Map.of(
                    "postgres.port", Integer.toString(replicaOnly.port()),
                    "postgres.password", replicaOnly.password())).toArray(String[]::new));
            assertThat(outcome.exitCode()).isEqualTo(ExitCodes.UNFIT);
            assertThat(outcome.err().strip().lines()).hasSize(1);
            assertThat(outcome.err()).contains("wal_level is 'replica'").contains("Fix: run ALTER SYSTEM SET wal_level = logical");
        }
    }

    @Test
    void a_column_debezium_would_drop_is_refused_unless_excluded_on_purpose() throws Exception {
        String dropped = services.uniqueName("droppedcol");
        Outcome outcome = runOnNewTable(dropped, "symbol text PRIMARY KEY, fees money[], name text");
        assertThat(outcome.exitCode()).isEqualTo(ExitCodes.UNFIT);
        assertThat(outcome.err()).contains("column public." + dropped + ".fees is money[], which Debezium 3.6.1 drops")
                .contains("Fix: change the column's type").contains("debezium.column.exclude.list=public\\." + dropped + "\\.fees");
        try (Connection c = services.postgres.connect()) {
            com.tradeul.metasync.capture.PostgresPreflight.checkCarriedColumns(c, com.tradeul.metasync.config.TableId.parse("public." + dropped),
                    List.of(java.util.regex.Pattern.compile("public\\." + dropped + "\\.fees"))); // excluded on purpose: accepted
        }
    }

    @Test
    void key_template_naming_a_column_outside_the_primary_key_is_a_setting_to_fix_and_exits_3() {
        Outcome outcome = run(Map.of(), runArgs(Map.of("tables.public." + table + ".key-template", "quotes:{name}"))
                .toArray(String[]::new));
        assertThat(outcome.exitCode()).isEqualTo(ExitCodes.CONFIGURATION);
        assertThat(outcome.err().strip().lines()).hasSize(1);
        assertThat(outcome.err()).contains("key template 'quotes:{name}' of table public." + table + " names column 'name',"
                + " which is not in its primary key [symbol]").contains("Fix: set tables.public." + table + ".key-template using only"
                + " primary-key columns, e.g. {symbol}");
    }

    @Test
    void table_without_primary_key_is_refused_with_the_fix_and_exits_8() throws Exception {
        Outcome outcome = runOnNewTable(services.uniqueName("nokey"), "symbol text, name text");
        assertThat(outcome.exitCode()).isEqualTo(ExitCodes.UNFIT);
        assertThat(outcome.err()).contains("has no primary key").contains("Fix:");
    }

    @Test
    void invalid_setting_value_is_reported_before_anything_starts_and_exits_3() {
        Outcome outcome = run(Map.of(), "run", "--set", "postgres.port=abc", "--set", "postgres.hots=x");
        assertThat(outcome.exitCode()).isEqualTo(ExitCodes.CONFIGURATION);
        assertThat(outcome.err()).contains("'postgres.port' is 'abc'").contains("did you mean 'postgres.host'").contains("Fix:");
    }

    @Test
    void help_explains_run_and_exit_codes() {
        Outcome outcome = run(Map.of(), "run", "--help");
        assertThat(outcome.exitCode()).isZero();
        assertThat(outcome.out()).contains("--only").contains("--config").contains("Exit codes").contains("embedded");
    }

    /** Creates {@code public.<name> (<columns>)} and runs metasync on that table alone. */
    private Outcome runOnNewTable(String name, String columns) throws Exception {
        try (Connection c = services.postgres.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + name + " (" + columns + ")");
        }
        return run(Map.of(), runArgs(Map.of("postgres.tables", "public." + name)).toArray(String[]::new));
    }
}
