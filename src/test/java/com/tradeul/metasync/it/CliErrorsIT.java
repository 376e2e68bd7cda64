package com.tradeul.metasync.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.tradeul.metasync.Pipeline;
import com.tradeul.metasync.capture.ColumnFilter;
import com.tradeul.metasync.capture.PostgresPreflight;
import com.tradeul.metasync.cli.ExitCodes;
import com.tradeul.metasync.cli.Main;
import com.tradeul.metasync.config.TableId;
import com.tradeul.metasync.devtools.local.LocalPostgres;
import com.tradeul.metasync.embedded.FreePorts;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
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
    void a_money_array_debezium_would_drop_is_now_carried_exactly() throws Exception {
        String name = services.uniqueName("moneyarr");
        try (Connection c = services.postgres.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + name + " (symbol text PRIMARY KEY, fees money[], name text)");
            s.execute("INSERT INTO " + name + " VALUES ('A', '{12.34,-1.00,NULL}', 'snapshot'),"
                    + " ('B', '{-92233720368547758.08,92233720368547758.07}', 'extremes'), ('C', '{}', 'empty')");
        }
        String prefix = TestServices.keyPrefix(name);
        try (RedisSession redis = new RedisSession(services.redis.uri());
             Pipeline pipeline = Pipeline.start(services.isolated(name, Map.of()), EnumSet.allOf(Pipeline.Component.class),
                     Clock.systemUTC())) {
            await().atMost(Duration.ofSeconds(90)).until(() -> redis.sync().get(prefix + "C") != null);
            assertThat(redis.sync().get(prefix + "A")).isEqualTo("{\"symbol\":\"A\",\"fees\":[12.34,-1.00,null],\"name\":\"snapshot\"}");
            assertThat(redis.sync().get(prefix + "B"))
                    .isEqualTo("{\"symbol\":\"B\",\"fees\":[-92233720368547758.08,92233720368547758.07],\"name\":\"extremes\"}");
            assertThat(redis.sync().get(prefix + "C")).isEqualTo("{\"symbol\":\"C\",\"fees\":[],\"name\":\"empty\"}");

            try (Connection c = services.postgres.connect(); Statement s = c.createStatement()) {
                s.execute("INSERT INTO " + name + " VALUES ('D', '{{1.50,NULL},{0.01,-0.01}}', 'streamed')");
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> redis.sync().get(prefix + "D") != null);
            assertThat(redis.sync().get(prefix + "D"))
                    .isEqualTo("{\"symbol\":\"D\",\"fees\":[[1.50,null],[0.01,-0.01]],\"name\":\"streamed\"}");
            assertThat(pipeline.applyStats().deadLettered()).isZero();
        }
    }

    @Test
    void a_column_of_a_type_metasync_cannot_carry_is_refused_unless_excluded_on_purpose() throws Exception {
        String boxed = services.uniqueName("boxcol");
        Outcome outcome = runOnNewTable(boxed, "symbol text PRIMARY KEY, area box, name text");
        assertThat(outcome.exitCode()).isEqualTo(ExitCodes.UNFIT);
        assertThat(outcome.err().strip().lines()).hasSize(1);
        assertThat(outcome.err()).contains("column public." + boxed + ".area is box, a type metasync cannot carry")
                .contains("Fix: leave it out on purpose with debezium.column.exclude.list=public\\." + boxed + "\\.area");
        try (Connection c = services.postgres.connect()) {
            PostgresPreflight.checkCarriedColumns(c, TableId.parse("public." + boxed),
                    ColumnFilter.of(Map.of("column.exclude.list", "public\\." + boxed + "\\.area"))); // excluded on purpose: accepted
        }
    }

    /**
     * pgoutput leaves a generated column out of what it streams (seen here in the raw stream of a
     * slot of its own), so Debezium would carry it in the snapshot only: refused at start unless
     * excluded on purpose.
     */
    @Test
    void a_generated_column_pgoutput_does_not_stream_is_refused_unless_excluded_on_purpose() throws Exception {
        String name = services.uniqueName("gencol");
        try (Connection c = services.postgres.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + name + " (symbol text PRIMARY KEY, price numeric,"
                    + " doubled numeric GENERATED ALWAYS AS (price * 2) STORED)");
            s.execute("CREATE PUBLICATION " + name + "_raw FOR TABLE " + name);
            assertThat(pgoutputStream(s, name + "_raw", "INSERT INTO " + name + " VALUES ('A', 1.25)")).as("pgoutput's stream")
                    .contains("symbol", "price", "1.25").doesNotContain("doubled").doesNotContain("2.50");
        }
        Outcome outcome = run(Map.of(), runArgs(Map.of("postgres.tables", "public." + name)).toArray(String[]::new));
        assertThat(outcome.exitCode()).isEqualTo(ExitCodes.UNFIT);
        assertThat(outcome.err().strip().lines()).hasSize(1);
        assertThat(outcome.err()).contains("column public." + name + ".doubled is a generated column, which PostgreSQL's pgoutput"
                + " leaves out of the changes it streams")
                .contains("Fix: leave it out on purpose with debezium.column.exclude.list=public\\." + name + "\\.doubled");
        try (Connection c = services.postgres.connect()) {
            PostgresPreflight.checkCarriedColumns(c, TableId.parse("public." + name),
                    ColumnFilter.of(Map.of("column.exclude.list", "public\\." + name + "\\.doubled"))); // excluded on purpose: accepted
        }
    }

    /**
     * A publication that publishes only some columns (PostgreSQL 15's column lists) keeps a column
     * out of pgoutput's stream (seen in a raw slot), which Debezium keeps and would follow without
     * a word: refused at start, naming the column and the fix.
     */
    @Test
    void a_publication_that_leaves_a_carried_column_out_is_refused_with_the_fix() throws Exception {
        String name = services.uniqueName("pubcols");
        try (Connection c = services.postgres.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + name + " (symbol text PRIMARY KEY, price numeric, name text)");
            s.execute("CREATE PUBLICATION " + name + " FOR TABLE " + name + " (symbol, name)");
            assertThat(pgoutputStream(s, name, "INSERT INTO " + name + " VALUES ('A', 1.25, 'unseen')")).as("pgoutput's stream")
                    .contains("symbol", "unseen").doesNotContain("price").doesNotContain("1.25");
        }
        Outcome outcome = run(Map.of(), runArgs(Map.of("postgres.tables", "public." + name, "postgres.publication", name,
                "postgres.slot", name)).toArray(String[]::new));
        assertThat(outcome.exitCode()).isEqualTo(ExitCodes.UNFIT);
        assertThat(outcome.err().strip().lines()).hasSize(1);
        assertThat(outcome.err()).contains("publication " + name + " publishes only some columns of table public." + name
                        + " and leaves out column public." + name + ".price")
                .contains("Fix: publish the whole table (ALTER PUBLICATION " + name + " DROP TABLE public." + name);
    }

    /** What pgoutput streams for the publication while {@code change} runs, read raw from a slot of its own (as text). */
    private static String pgoutputStream(Statement s, String publication, String change) throws Exception {
        String slot = publication + "_peek";
        s.execute("SELECT pg_create_logical_replication_slot('" + slot + "', 'pgoutput')");
        try {
            s.execute(change);
            try (java.sql.ResultSet rs = s.executeQuery("SELECT encode(string_agg(data, ''::bytea), 'escape') FROM"
                    + " pg_logical_slot_peek_binary_changes('" + slot + "', NULL, NULL, 'proto_version', '1',"
                    + " 'publication_names', '" + publication + "')")) {
                rs.next();
                return rs.getString(1);
            }
        } finally {
            s.execute("SELECT pg_drop_replication_slot('" + slot + "')");
        }
    }

    /** Each of Debezium's ways of leaving data out with a log line at most is refused at start, with the fix. */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0}={1}")
    @org.junit.jupiter.params.provider.CsvSource({
        "debezium.event.converting.failure.handling.mode, warn",
        "debezium.event.processing.failure.handling.mode, skip",
        "debezium.skipped.operations, u",
    })
    void a_setting_under_which_debezium_would_drop_data_with_a_warning_is_refused(String setting, String value) {
        Outcome outcome = run(Map.of(), runArgs(Map.of(setting, value)).toArray(String[]::new));
        assertThat(outcome.exitCode()).isEqualTo(ExitCodes.CONFIGURATION);
        assertThat(outcome.err().strip().lines()).hasSize(1);
        assertThat(outcome.err()).contains("connector setting " + setting.substring("debezium.".length()) + " is '" + value + "'")
                .contains("Fix: set " + setting + "=");
    }

    @Test
    void a_setting_that_would_break_the_text_path_is_refused_with_the_fix() {
        Outcome outcome = run(Map.of(), runArgs(Map.of("debezium.database.initial.statements", "SET IntervalStyle = iso_8601"))
                .toArray(String[]::new));
        assertThat(outcome.exitCode()).isEqualTo(ExitCodes.CONFIGURATION);
        assertThat(outcome.err().strip().lines()).hasSize(1);
        assertThat(outcome.err()).contains("database.initial.statements runs only in the snapshot's session")
                .contains("Fix: remove debezium.database.initial.statements");
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
