package com.tradeul.metasync.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradeul.metasync.config.ConfigLoader;
import com.tradeul.metasync.config.MetasyncConfig;
import com.tradeul.metasync.config.TableId;
import com.tradeul.metasync.devtools.demo.SampleTickers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml's PostgreSQL init script, run as the postgres image runs it (psql with
 * ON_ERROR_STOP as the superuser, into a fresh database, the password file named by
 * METASYNC_POSTGRES_PASSWORD_FILE), makes what metasync's default settings read: the rows are
 * exactly the demo's and the tests' sample, and `metasync doctor`, logged in as the script's
 * user with its password from a file as compose gives it, passes every PostgreSQL check of the
 * table. No container engine is needed: this is the PostgreSQL 15 every IT runs.
 */
class ComposeInitScriptIT {

    private static final Path SCRIPT = Path.of("docker/postgres-init/01-ticker-metadata.sql");
    private static final TableId DEFAULT_TABLE = new TableId("public", "ticker_metadata");

    private static TestServices services;
    private static String database;
    private static Path passwordFile;
    private static Psql.Result run;

    @BeforeAll
    static void runInitScript() throws Exception {
        services = TestServices.get();
        database = services.uniqueName("compose_init");
        services.postgres.createDatabase(database);
        passwordFile = Files.createTempDirectory(services.root, "secrets-").resolve("metasync_postgres_password");
        // As ./dev compose-secrets writes it: 48 hex digits, no line break.
        Files.writeString(passwordFile, "0123456789abcdef0123456789abcdef0123456789abcdef");
        run = Psql.runFile(database, Map.of("METASYNC_POSTGRES_PASSWORD_FILE", passwordFile.toString()));
        System.out.print(run.output());
    }

    @Test
    void creates_the_default_table_keyed_by_symbol_with_the_12140_sample_rows() throws Exception {
        assertThat(run.exitCode()).as(run.output()).isZero();
        MetasyncConfig defaults = ConfigLoader.load(Optional.empty(), Map.of(), Map.of());
        assertThat(defaults.postgres().tables()).containsExactly(DEFAULT_TABLE);

        try (Connection c = superuser(); Statement s = c.createStatement()) {
            assertThat(strings(s, "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid"
                    + " AND a.attnum = ANY (i.indkey) WHERE i.indisprimary AND i.indrelid = 'public.ticker_metadata'::regclass"))
                    .containsExactly("symbol");
            assertThat(strings(s, "SELECT attname FROM pg_attribute WHERE attrelid = 'public.ticker_metadata'::regclass"
                    + " AND attnum > 0 ORDER BY attnum")).containsExactlyElementsOf(SampleTickers.COLUMNS);
            SampleTickers.load(c, "public.sample_expected", SampleTickers.DEFAULT_ROWS);
            assertThat(strings(s, "SELECT count(*) FROM public.ticker_metadata")).containsExactly("12140");
            // Each row's text as PostgreSQL prints it, so that 1.50 and 1.5 differ as they do in Redis.
            assertThat(strings(s, "SELECT t::text FROM public.ticker_metadata t EXCEPT ALL SELECT e::text FROM public.sample_expected e"))
                    .as("rows of the init script that SampleTickers does not make").isEmpty();
            assertThat(strings(s, "SELECT e::text FROM public.sample_expected e EXCEPT ALL SELECT t::text FROM public.ticker_metadata t"))
                    .as("rows of SampleTickers that the init script does not make").isEmpty();
        }
    }

    @Test
    void its_user_may_replicate_but_is_no_superuser() throws Exception {
        try (Connection c = superuser(); Statement s = c.createStatement()) {
            assertThat(strings(s, "SELECT rolsuper || ',' || rolreplication || ',' || rolcanlogin FROM pg_roles WHERE rolname = 'metasync'"))
                    .containsExactly("false,true,true");
        }
    }

    @Test
    void doctor_passes_every_postgresql_check_of_the_table_as_the_scripts_user() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("postgres.host", services.postgres.host());
        settings.put("postgres.port", Integer.toString(services.postgres.port()));
        settings.put("postgres.database", database);
        // The slot is the cluster's, shared by every IT: one of this test's own. Table, key
        // template and publication stay the defaults the script was written for.
        settings.put("postgres.slot", database);
        settings.put("kafka.bootstrap-servers", services.kafka.bootstrapServers());
        settings.put("redis.uri", services.redis.uri());
        MetasyncConfig config = ConfigLoader.load(Optional.empty(), Map.of(), settings);
        // As docker-compose.yml gives them to the metasync service.
        Map<String, String> environment = Map.of("METASYNC_POSTGRES_USER", "metasync",
                "METASYNC_POSTGRES_PASSWORD_FILE", passwordFile.toString());

        CliRunner.Outcome doctor = CliRunner.run(environment, "doctor", config);
        System.out.print(doctor.out() + doctor.err());
        String postgres = section(doctor.out(), "PostgreSQL");

        assertThat(postgres).doesNotContain("FAIL ")
                .contains("PASS  connection to metasync@")
                .contains("PASS  replication privilege of metasync")
                .contains("PASS  SELECT on public.ticker_metadata")
                .contains("PASS  primary key of public.ticker_metadata: symbol")
                .contains("PASS  key template of public.ticker_metadata: metadata:ticker:{symbol}")
                .contains("PASS  columns of public.ticker_metadata")
                .contains("PASS  REPLICA IDENTITY of public.ticker_metadata: FULL")
                .contains("PASS  publication metasync: publishes every configured table");
    }

    @Test
    void stops_with_the_fix_when_the_password_file_is_missing() throws Exception {
        String other = services.uniqueName("compose_init_nopw");
        services.postgres.createDatabase(other);

        Psql.Result failed = Psql.runFile(other, Map.of("METASYNC_POSTGRES_PASSWORD_FILE", passwordFile + ".missing"));

        assertThat(failed.exitCode()).as(failed.output()).isEqualTo(3);
        assertThat(failed.output()).contains("the password of user metasync is missing").contains("Fix: run ./dev compose-secrets");
        try (Connection c = superuser(other); Statement s = c.createStatement()) {
            assertThat(strings(s, "SELECT count(*) FROM pg_publication")).as("nothing after the refusal").containsExactly("0");
        }
    }

    /** The lines of one area of doctor's text: from its heading to the next heading. */
    private static String section(String doctorText, String area) {
        StringBuilder lines = new StringBuilder();
        boolean inside = false;
        for (String line : doctorText.split("\n")) {
            if (!line.startsWith(" ")) {
                inside = line.equals(area);
            } else if (inside) {
                lines.append(line).append('\n');
            }
        }
        assertThat(lines).as("doctor's %s section in:\n%s", area, doctorText).isNotEmpty();
        return lines.toString();
    }

    private static Connection superuser() throws SQLException {
        return superuser(database);
    }

    private static Connection superuser(String db) throws SQLException {
        return DriverManager.getConnection(services.postgres.jdbcUrl(db), services.postgres.user(), services.postgres.password());
    }

    private static List<String> strings(Statement s, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    /** psql as the postgres image's entrypoint runs an init file (docker_process_sql), over TCP to the test server. */
    private static final class Psql {

        record Result(int exitCode, String output) {}

        static Result runFile(String db, Map<String, String> extraEnvironment) throws IOException, InterruptedException {
            ProcessBuilder builder = new ProcessBuilder(binary().toString(), "-v", "ON_ERROR_STOP=1",
                    "--username", services.postgres.user(), "--no-password", "--no-psqlrc",
                    "--host", services.postgres.host(), "--port", Integer.toString(services.postgres.port()),
                    "--dbname", db, "-f", SCRIPT.toString()).redirectErrorStream(true);
            builder.environment().put("PGPASSWORD", services.postgres.password());
            builder.environment().putAll(extraEnvironment);
            Process psql = builder.start();
            String output = new String(psql.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(psql.waitFor(120, TimeUnit.SECONDS)).as("psql ended").isTrue();
            return new Result(psql.exitValue(), output);
        }

        /** The newest installed PostgreSQL's psql, as TestServices' server is the newest one's. */
        private static Path binary() throws IOException {
            try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
                return versions.map(v -> v.resolve("bin/psql")).filter(Files::isExecutable)
                        .max(Comparator.comparingInt(p -> Integer.parseInt(p.getParent().getParent().getFileName().toString())))
                        .orElseThrow(() -> new AssertionError("no psql under /usr/lib/postgresql: run ./dev install"));
            }
        }
    }
}
