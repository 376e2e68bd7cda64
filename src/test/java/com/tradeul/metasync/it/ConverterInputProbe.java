package com.tradeul.metasync.it;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import com.tradeul.metasync.devtools.local.LocalPostgres;
import io.debezium.embedded.Connect;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.debezium.engine.format.ChangeEventFormat;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TimeZone;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Evidence, not a feature test: what a Debezium 3.6.1 custom converter receives for each PostgreSQL
 * 15 type, in the snapshot and when streaming (pgoutput), compared with PostgreSQL's own
 * {@code col::text}; what Debezium does with the same values without a converter; what
 * {@code snapshot.select.statement.overrides} changes; which session settings shape the text in the
 * snapshot's JDBC session and in the walsender, and which of them metasync can set; unchanged
 * TOAST values; {@code ALTER TABLE ... ADD COLUMN} mid-stream.
 *
 * <p>It starts its own PostgreSQL (no Kafka, no Redis) and embedded Debezium engines with
 * {@link ProbeConverter}, and writes its tables to stdout and to
 * {@code target/converter-probe/report.txt}. It asserts nothing: an engine that fails is part of
 * the evidence (ENGINE FAILED lines). About a minute:
 * {@code flock /tmp/metasync-build.lock mvn -B -o verify -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=ConverterInputProbe} (not an *IT: evidence for the design, run by hand, not in CI).
 *
 * <p>Report line kinds: CONVERTER-INPUT (what the converter received, per path and row, against the
 * output function's text and {@code ::text}), DEBEZIUM-OWN (what Debezium emits without a converter),
 * DEBEZIUM-WARN, RELATIONAL-COLUMN (what {@code converterFor} is told), TEXT-FORMS, TOAST, ALTER,
 * SETTINGS (session settings of the snapshot connection and the walsender).
 */
class ConverterInputProbe {

    private static final String DB = "postgres";
    private static final long SNAPSHOT_TIMEOUT_MS = 180_000;
    /** How long to wait for the streamed changes; the binary run lowers it (nothing arrives there). */
    private static long streamTimeoutMs = 90_000;
    private static final int STREAM_BASE_ID = 100;

    private static Path dir;
    private static LocalPostgres postgres;
    private static PrintStream report;

    /** One table {@code p_<name>} (id int primary key, v type) and the values put into v. */
    record Case(String name, String type, List<String> literals, String snapshotSelect) {
        Case(String name, String type, String... literals) {
            this(name, type, List.of(literals), null);
        }

        String table() {
            return "p_" + name;
        }

        Case withSelect(String select) {
            return new Case(name, type, literals, select);
        }

        Case asTextSelect() {
            return withSelect("SELECT \"id\", \"v\"::text AS \"v\" FROM \"public\".\"" + table() + "\"");
        }
    }

    /** One field of one change event. */
    record FieldSeen(String name, String schema, Object value, String rendered) {}

    /** One change event (row), reduced to what the report needs. */
    record Event(String table, int id, String op, String snapshot, Map<String, FieldSeen> fields, List<String> schemaFields) {
        boolean streamed() {
            return snapshot == null || "false".equals(snapshot);
        }

        String path() {
            return streamed() ? ("u".equals(op) ? "stream-update" : "stream-insert") : "snapshot";
        }
    }

    /** Everything one engine run produced. */
    record Result(String label, List<Event> events, List<String> warnings, String failure,
                  Map<String, Map<Integer, Map<String, String>>> pgText) {}

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("cprobe-");
        postgres = LocalPostgres.builder(dir.resolve("pg")).fastUnsafe(true).start();
        Path out = Path.of("target", "converter-probe");
        Files.createDirectories(out);
        PrintStream file = new PrintStream(Files.newOutputStream(out.resolve("report.txt")), true, StandardCharsets.UTF_8);
        PrintStream console = System.out;
        report = new PrintStream(new java.io.OutputStream() {
            @Override
            public void write(int b) {
                file.write(b);
                console.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                file.write(b, off, len);
                console.write(b, off, len);
            }

            @Override
            public void flush() {
                file.flush();
                console.flush();
            }
        }, true, StandardCharsets.UTF_8);
        sql("SELECT 1");
        try (Connection c = postgres.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT version(), current_setting('lc_monetary'), current_setting('TimeZone'),"
                        + " current_setting('server_encoding')")) {
            rs.next();
            line("SERVER | " + rs.getString(1) + " | lc_monetary=" + rs.getString(2) + " | server TimeZone seen by pgjdbc session="
                    + rs.getString(3) + " | server_encoding=" + rs.getString(4) + " | JVM TimeZone=" + TimeZone.getDefault().getID());
        }
        try (Connection c = postgres.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT name, setting, source FROM pg_settings WHERE name IN ('DateStyle',"
                        + "'IntervalStyle','TimeZone','extra_float_digits','lc_monetary','bytea_output','client_encoding') ORDER BY 1")) {
            while (rs.next()) {
                line("REFERENCE-SESSION (pgjdbc, this JVM) | " + rs.getString(1) + "=" + rs.getString(2) + " (source " + rs.getString(3) + ")");
            }
        }
        try (Connection c = postgres.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT name, boot_val, reset_val FROM pg_settings WHERE name IN ('DateStyle',"
                        + "'IntervalStyle','TimeZone','extra_float_digits','lc_monetary','bytea_output') ORDER BY 1")) {
            while (rs.next()) {
                line("SERVER-DEFAULT | " + rs.getString(1) + " boot=" + rs.getString(2) + " postgresql.conf/reset=" + rs.getString(3));
            }
        }
        try (Connection c = postgres.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT castsource::regtype, castfunc::regprocedure FROM pg_cast"
                        + " WHERE casttarget = 'text'::regtype AND castmethod = 'f' ORDER BY 1::text")) {
            while (rs.next()) {
                line("CAST-TO-TEXT-BY-FUNCTION (not the output function) | " + rs.getString(1) + " | " + rs.getString(2));
            }
        }
        postgres.createRole("probe_role", "probe-pw", "LOGIN REPLICATION SUPERUSER");
    }

    @AfterAll
    static void stop() throws IOException {
        if (postgres != null) {
            postgres.close();
        }
        if (dir != null) {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // The type corpus

    static final String TYPES = String.join(";\n",
            "DROP TYPE IF EXISTS mood CASCADE", "DROP TYPE IF EXISTS pair CASCADE",
            "DROP DOMAIN IF EXISTS numdom CASCADE", "DROP DOMAIN IF EXISTS numdom_p CASCADE",
            "DROP DOMAIN IF EXISTS txtdom CASCADE", "DROP DOMAIN IF EXISTS intarrdom CASCADE",
            "DROP DOMAIN IF EXISTS datedom CASCADE",
            "CREATE TYPE mood AS ENUM ('sad', 'ok', 'with space', 'quo\"te')",
            "CREATE TYPE pair AS (a int, b text)",
            "CREATE DOMAIN numdom AS numeric",
            "CREATE DOMAIN numdom_p AS numeric(12,4)",
            "CREATE DOMAIN txtdom AS text CHECK (VALUE <> 'forbidden')",
            "CREATE DOMAIN intarrdom AS int[]",
            "CREATE DOMAIN datedom AS date");

    static List<Case> corpus() {
        return List.of(
                // scalars
                new Case("numeric", "numeric", "'NaN'", "'Infinity'", "'-Infinity'",
                        "'1234567890123456789012345678901234567890.0123456789'", "'-123.4500'", "'0.000000000123'", "'1e30'", "NULL"),
                new Case("numeric_12_4", "numeric(12,4)", "'12.3400'", "'-0.0001'", "'NaN'"),
                new Case("float8", "float8", "'0.1'", "'0.30000000000000004'", "'1e308'", "'-0'", "'NaN'", "'-Infinity'", "'5e-324'"),
                new Case("float4", "real", "'1.1'", "'3.4028235e38'", "'NaN'"),
                new Case("int8", "bigint", "'9223372036854775807'"),
                new Case("bool", "boolean", "true"),
                new Case("text", "text", "E'a\"b\\\\c\\nd \u00e9\ud83d\ude00'", "''"),
                new Case("bpchar", "char(5)", "'ab'"),
                new Case("bytea", "bytea", "'\\x00ff10'", "''"),
                new Case("bit", "bit(4)", "'0101'"),
                new Case("varbit", "varbit", "''", "'0011'"),
                new Case("date", "date", "'2024-01-01'", "'0001-01-01 BC'", "'4714-11-24 BC'", "'1582-10-04'", "'1582-10-05'",
                        "'1582-10-14'", "'1582-10-15'", "'0001-01-01'", "'infinity'", "'-infinity'", "'5874897-12-31'"),
                new Case("timestamp", "timestamp", "'2024-01-01 10:30:15.123456'", "'0001-01-01 00:00:00 BC'",
                        "'1582-10-10 12:00:00'", "'infinity'", "'-infinity'", "'294276-12-31 23:59:59.999999'"),
                new Case("timestamptz", "timestamptz", "'2024-01-01 10:30:15.123456+02'", "'0001-01-01 00:00:00+00 BC'",
                        "'1582-10-10 12:00:00+00'", "'infinity'", "'-infinity'"),
                new Case("time", "time", "'10:30:15.123456'", "'24:00:00'"),
                new Case("timetz", "timetz", "'10:30:15.123456+02'", "'23:59:59-14:59'", "'24:00:00+00'"),
                new Case("interval", "interval", "'1 year 2 mons 3 days 04:05:06.789012'", "'-1 day +02:00'", "'0'",
                        "'178000000 years'"),
                new Case("money", "money", "'-92233720368547758.08'", "'12.34'", "'0'"),
                new Case("uuid", "uuid", "'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'"),
                new Case("inet", "inet", "'192.168.0.1/24'", "'::1'"),
                new Case("json", "json", "'{\"a\":1e2, \"b\":[1,\"x\\\"y\"],\"c\":-0.00}'", "'null'"),
                new Case("jsonb", "jsonb", "'{\"a\":1e2, \"b\":[1,\"x\\\"y\"],\"c\":-0.00}'", "'null'"),
                new Case("xml", "xml", "'<a x=\"1\">t&amp;</a>'"),
                new Case("point", "point", "'(1.5,-2.25)'"),
                new Case("int4range", "int4range", "'[1,10)'", "'empty'", "'(,)'"),
                new Case("numrange", "numrange", "'[1.50,2.000)'", "'(,)'"),
                new Case("enum", "mood", "'ok'", "'with space'", "'quo\"te'"),
                new Case("composite", "pair", "'(1,\"a \"\"b\"\", c\")'", "'(,)'"),
                new Case("numdom", "numdom", "'12345678.1234'", "'NaN'", "'1e-20'", "'-0.00'"),
                new Case("numdom_p", "numdom_p", "'12.3400'"),
                new Case("txtdom", "txtdom", "'x\"y'"),
                new Case("datedom", "datedom", "'0001-01-01 BC'", "'1582-10-05'"),
                new Case("pg_lsn", "pg_lsn", "'16/B374D848'"),
                // arrays
                new Case("numeric_arr", "numeric[]",
                        "'{NaN,Infinity,-Infinity,1234567890123456789012345678901234567890,NULL,-1.50,0.000000000123}'",
                        "'{}'", "'{{1.5,2},{NaN,NULL}}'"),
                new Case("int_arr", "int[]", "'{1,NULL,3}'", "'{}'", "'[0:1]={1,2}'", "'{{1,2},{3,4}}'",
                        "'[-2:-1][3:4]={{1,2},{3,4}}'", "'{{{1}}}'"),
                new Case("int_arr2", "int[][]", "'{{1,2},{3,4}}'", "'{5,6}'"),
                new Case("int8_arr", "bigint[]", "'{9223372036854775807,NULL}'"),
                new Case("float8_arr", "float8[]", "'{0.1,NaN,Infinity,-0,1e308}'"),
                new Case("float4_arr", "real[]", "'{1.1,NaN}'"),
                new Case("bool_arr", "boolean[]", "'{t,f,NULL}'"),
                new Case("text_arr", "text[]",
                        "ARRAY['a\"b', 'c,d', 'NULL', NULL, 'back\\slash', '', ' sp ', '{x}', '\u00e9\ud83d\ude00']",
                        "'{{a,b},{c,d}}'", "'{}'"),
                new Case("text_arr2", "text[][]", "'{{a,\"b c\"},{NULL,\"\\\\\"}}'"),
                new Case("varchar_arr", "varchar(10)[]", "'{a,\"b c\"}'"),
                new Case("bpchar_arr", "char(3)[]", "'{a,bc}'"),
                new Case("bytea_arr", "bytea[]", "ARRAY['\\x00ff'::bytea, NULL, ''::bytea]"),
                new Case("bit_arr", "bit(4)[]", "'{0101,0000}'"),
                new Case("varbit_arr", "varbit[]", "'{0101,1,\"\",NULL}'"),
                new Case("date_arr", "date[]",
                        "'{2024-01-01,\"0001-01-01 BC\",\"4714-11-24 BC\",infinity,-infinity,1582-10-05,NULL}'"),
                new Case("timestamp_arr", "timestamp[]",
                        "'{\"2024-01-01 10:30:15.123456\",\"0001-01-01 00:00:00 BC\",infinity,-infinity}'"),
                new Case("timestamptz_arr", "timestamptz[]",
                        "'{\"2024-01-01 10:30:15.123456+02\",\"0001-01-01 00:00:00+00 BC\",infinity,-infinity}'"),
                new Case("time_arr", "time[]", "'{10:30:15.123456,24:00:00}'"),
                new Case("timetz_arr", "timetz[]", "'{10:30:15.123456+02,23:59:59-14:59}'"),
                new Case("interval_arr", "interval[]",
                        "'{\"1 year 2 mons 3 days 04:05:06.789012\",\"-1 days\",0,\"178000000 years\"}'"),
                new Case("money_arr", "money[]", "'{12.34,-1.00,NULL}'"),
                new Case("uuid_arr", "uuid[]", "'{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11,NULL}'"),
                new Case("inet_arr", "inet[]", "'{192.168.0.1/24,::1,10.0.0.1}'"),
                new Case("json_arr", "json[]", "ARRAY['{\"a\":1e2,\"b\":\"x\\\"y\"}'::json, 'null'::json, NULL]"),
                new Case("jsonb_arr", "jsonb[]", "ARRAY['{\"a\":1e2,\"b\":\"x\\\"y\"}'::jsonb, NULL]"),
                new Case("xml_arr", "xml[]", "ARRAY['<a x=\"1\">t&amp;</a>'::xml]"),
                new Case("point_arr", "point[]", "'{\"(1.5,-2.25)\",\"(0,0)\"}'"),
                new Case("int4range_arr", "int4range[]", "ARRAY['[1,10)'::int4range, 'empty', '(,)']"),
                new Case("enum_arr", "mood[]", "'{ok,\"with space\",NULL}'"),
                new Case("composite_arr", "pair[]", "ARRAY[ROW(1,'a')::pair, NULL]"),
                new Case("numdom_arr", "numdom[]", "'{1.50,NaN}'"),
                new Case("intarrdom", "intarrdom", "'{1,2}'"));
    }

    /** Session probes: arrays carry the session's output text unparsed, in both paths. */
    static List<Case> settingsCorpus() {
        String session = "SELECT \"id\", concat_ws(' | ', 'pid=' || pg_backend_pid(), 'DateStyle=' || current_setting('DateStyle'),"
                + " 'IntervalStyle=' || current_setting('IntervalStyle'), 'TimeZone=' || current_setting('TimeZone'),"
                + " 'extra_float_digits=' || current_setting('extra_float_digits'), 'lc_monetary=' || current_setting('lc_monetary'),"
                + " 'bytea_output=' || current_setting('bytea_output'), 'client_encoding=' || current_setting('client_encoding'),"
                + " 'application_name=' || current_setting('application_name')) AS \"v\" FROM \"public\".\"p_set_session\"";
        return List.of(
                new Case("set_session", "text", "'-'").withSelect(session),
                new Case("set_date", "date[]", "'{2024-01-31,\"0044-03-15 BC\"}'").asTextSelect(),
                new Case("set_tstz", "timestamptz[]", "'{\"2024-01-31 12:00:00+00\",\"1900-01-01 00:00:00+00\"}'").asTextSelect(),
                new Case("set_interval", "interval[]", "'{\"1 year 2 mons 3 days 04:05:06.5\",\"-1 days\"}'").asTextSelect(),
                new Case("set_float8", "float8[]", "'{0.1,0.30000000000000004,3.141592653589793}'").asTextSelect(),
                new Case("set_money", "money[]", "'{1234567.89,-1.00}'").asTextSelect(),
                new Case("set_bytea", "bytea[]", "ARRAY['\\x00ff41'::bytea]").asTextSelect());
    }

    // ------------------------------------------------------------------------------------------
    // The runs

    @Test
    void probe() throws Exception {
        line("");
        line("==== run 'converter': ProbeConverter claims every column but id; metasync's connector settings;"
                + " event.converting.failure.handling.mode=warn; include.unknown.datatypes=false");
        Result converter = run("converter", corpus(), Map.of(), true, true, true);
        textForms(converter, corpus());
        converterTable(converter, corpus());
        toastAndAlter(converter);
        columnsTable("converter");

        line("");
        line("==== run 'debezium': no custom converter (Debezium 3.6.1's own conversion), metasync's settings, warn mode");
        Result debezium = run("debezium", corpus(), Map.of(), false, true, true);
        debeziumTable(debezium, corpus());
        toastAndAlter(debezium);

        line("");
        line("==== run 'override': ProbeConverter + snapshot.select.statement.overrides SELECT id, v::text AS v for every table;"
                + " include.unknown.datatypes=true");
        List<Case> overridden = corpus().stream().map(Case::asTextSelect).toList();
        Result override = run("override", overridden, Map.of("include.unknown.datatypes", "true"), true, false, false);
        converterTable(override, overridden);
        columnsTable("override");

        line("");
        line("==== run 'override-format': ProbeConverter + overrides SELECT id, CASE WHEN num_nulls(v) = 1 THEN NULL ELSE format('%s', v) END AS v"
                + " (the output function's text, unlike ::text for bpchar, inet, bool); include.unknown.datatypes=true");
        List<Case> formatted = corpus().stream().map(c -> c.withSelect("SELECT \"id\", CASE WHEN num_nulls(\"v\") = 1 THEN NULL ELSE"
                + " format('%s', \"v\") END AS \"v\" FROM \"public\".\"" + c.table() + "\"")).toList();
        Result format = run("override-format", formatted, Map.of("include.unknown.datatypes", "true"), true, false, false);
        converterTable(format, formatted);

        line("");
        line("==== run 'override-debezium': no converter + the same overrides (what Debezium does with a text result column)");
        Result overrideDebezium = run("override-debezium", overridden, Map.of(), false, false, false);
        debeziumTable(overrideDebezium, overridden);

        settingsRuns();

        line("");
        line("==== runs 'huge-interval-*': one table, interval '2562047788:00:54.775807' (PostgreSQL's largest; more hours than an int)"
                + " and the same inside interval[]; ProbeConverter; warn mode");
        List<Case> huge = List.of(new Case("interval_huge", "interval", "'2562047788:00:54.775807'", "'1 day'"),
                new Case("interval_huge_arr", "interval[]", "'{2562047788:00:54.775807}'"));
        Result hugePlain = run("huge-interval-converter", huge, Map.of(), true, false, false);
        converterTable(hugePlain, huge);
        List<Case> hugeText = huge.stream().map(Case::asTextSelect).toList();
        Result hugeOverride = run("huge-interval-override", hugeText, Map.of(), true, false, false);
        converterTable(hugeOverride, hugeText);

        line("");
        line("==== run 'pgoutput-binary': ProbeConverter + slot.stream.params=binary=true (pgoutput sends 'b' tuple data)");
        List<Case> binary = corpus().stream().filter(c -> List.of("numeric", "text", "date", "numeric_arr", "enum").contains(c.name())).toList();
        streamTimeoutMs = 20_000;
        Result binaryRun = run("pgoutput-binary", binary, Map.of("slot.stream.params", "binary=true"), true, false, false);
        converterTable(binaryRun, binary);
        Path serverLog = dir.resolve("pg").resolve("run").resolve("postgres.log");
        if (Files.isReadable(serverLog)) {
            List<String> lines = Files.readAllLines(serverLog, StandardCharsets.UTF_8);
            lines.subList(Math.max(0, lines.size() - 400), lines.size()).stream()
                    .filter(l -> l.contains("ERROR") || l.contains("FATAL") || l.contains("binary"))
                    .distinct().limit(20).forEach(l -> line("SERVER-LOG | " + l));
        }
    }

    private void settingsRuns() throws Exception {
        String changed = "DateStyle=SQL, DMY | IntervalStyle=sql_standard | TimeZone=Asia/Kolkata | extra_float_digits=0"
                + " | lc_monetary=C.utf8 | bytea_output=escape";
        line("");
        line("==== settings runs: snapshot session shown by an override SELECT current_setting(...); the walsender's"
                + " shown by the text pgoutput sends for arrays (PgArray.toString). Settings tried: " + changed);
        settingsRun("set-default", Map.of(), null);
        settingsRun("set-options", Map.of("database.options",
                "-c DateStyle=SQL,DMY -c IntervalStyle=sql_standard -c TimeZone=Asia/Kolkata -c extra_float_digits=0"
                        + " -c lc_monetary=C.utf8 -c bytea_output=escape"), null);
        settingsRun("set-initial-statements", Map.of("database.initial.statements",
                "SET DateStyle='ISO, DMY';SET IntervalStyle='sql_standard';SET TimeZone='Asia/Kolkata';SET extra_float_digits=0;"
                        + "SET lc_monetary='C.utf8';SET bytea_output='escape'"), null);
        settingsRun("set-initial-statements-datestyle-sql", Map.of("database.initial.statements", "SET DateStyle='SQL, DMY'"), null);
        sql("ALTER ROLE probe_role SET DateStyle='SQL, DMY'", "ALTER ROLE probe_role SET IntervalStyle='sql_standard'",
                "ALTER ROLE probe_role SET TimeZone='Asia/Kolkata'", "ALTER ROLE probe_role SET extra_float_digits=0",
                "ALTER ROLE probe_role SET lc_monetary='C.utf8'", "ALTER ROLE probe_role SET bytea_output='escape'");
        settingsRun("set-alter-role", Map.of("database.user", "probe_role", "database.password", "probe-pw"), null);
        sql("ALTER ROLE probe_role RESET ALL");
        settingsRun("set-jvm-timezone-asia-kolkata", Map.of(), "Asia/Kolkata");
        settingsRun("set-options-iso8601", Map.of("database.options", "-c IntervalStyle=iso_8601 -c TimeZone=UTC"), null);
    }

    private void settingsRun(String label, Map<String, String> extra, String jvmZone) throws Exception {
        TimeZone before = TimeZone.getDefault();
        Result result;
        try {
            if (jvmZone != null) {
                TimeZone.setDefault(TimeZone.getTimeZone(jvmZone));
            }
            result = run(label, settingsCorpus(), extra, true, false, false);
        } finally {
            TimeZone.setDefault(before);
        }
        line("");
        line("---- " + label + " " + extra + (jvmZone == null ? "" : " JVM default TimeZone=" + jvmZone)
                + (result.failure() == null ? "" : " ENGINE FAILED: " + oneLine(result.failure())));
        for (Case c : settingsCorpus()) {
            for (Event e : events(result, c.table(), ev -> true)) {
                FieldSeen f = e.fields().get("v");
                line(String.join(" | ", "SETTINGS", label, c.table(), e.path(), f == null ? "<no field>" : converterText(f)));
            }
        }
        result.warnings().stream().map(ConverterInputProbe::oneLine).distinct().limit(10)
                .forEach(w -> line("SETTINGS-WARN | " + label + " | " + w));
    }

    /**
     * Recreates the tables, inserts the snapshot rows, runs an engine through the snapshot, inserts
     * the same values again and updates one row, optionally the TOAST and ALTER steps, then stops.
     */
    private Result run(String label, List<Case> cases, Map<String, String> extra, boolean withConverter, boolean toast,
                       boolean alter) throws Exception {
        ProbeConverter.run = label;
        ProbeConverter.phase = "setup";
        List<String> ddl = new ArrayList<>();
        ddl.add("DROP TABLE IF EXISTS p_toast, p_alter CASCADE");
        ddl.add("DROP TYPE IF EXISTS mood2 CASCADE");
        ddl.add("DROP TYPE IF EXISTS pair2 CASCADE");
        for (Case c : cases) {
            ddl.add("DROP TABLE IF EXISTS " + c.table());
        }
        ddl.addAll(List.of(TYPES.split(";\n")));
        for (Case c : cases) {
            ddl.add("CREATE TABLE " + c.table() + " (id int PRIMARY KEY, v " + c.type() + ")");
        }
        if (toast) {
            ddl.add("CREATE TABLE p_toast (id int PRIMARY KEY, n int, t text, ta text[], b bytea, j jsonb, na numeric[])");
        }
        if (alter) {
            ddl.add("CREATE TABLE p_alter (id int PRIMARY KEY, v int)");
        }
        sql(ddl.toArray(String[]::new));
        sql(inserts(cases, 1).toArray(String[]::new));
        if (toast) {
            sql(toastInsert(1));
        }
        if (alter) {
            sql("INSERT INTO p_alter VALUES (1, 1)");
        }

        List<Event> events = new CopyOnWriteArrayList<>();
        AtomicReference<String> failure = new AtomicReference<>();
        ListAppender<ILoggingEvent> warnings = new ListAppender<>();
        Logger debeziumLogger = (Logger) LoggerFactory.getLogger("io.debezium");
        warnings.setContext(debeziumLogger.getLoggerContext());
        warnings.start();
        debeziumLogger.addAppender(warnings);

        Properties properties = connector(label, cases, extra, withConverter);
        DebeziumEngine<RecordChangeEvent<SourceRecord>> engine = DebeziumEngine.create(ChangeEventFormat.of(Connect.class))
                .using(properties)
                .notifying((records, committer) -> {
                    for (RecordChangeEvent<SourceRecord> record : records) {
                        Event event = event(record.record());
                        if (event != null) {
                            events.add(event);
                        }
                        committer.markProcessed(record);
                    }
                    committer.markBatchFinished();
                })
                .using((success, message, error) -> {
                    if (!success) {
                        failure.set(message + (error == null ? "" : ": " + error + causes(error)));
                    }
                })
                .build();
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> new Thread(r, "probe-engine-" + label));
        long began = System.currentTimeMillis();
        ProbeConverter.phase = "snapshot";
        executor.execute(engine);
        try {
            waitFor(() -> failure.get() != null || events.stream().anyMatch(e -> "last".equals(e.snapshot())), SNAPSHOT_TIMEOUT_MS);
            if (failure.get() == null) {
                ProbeConverter.phase = "streaming";
                // let the streaming source start before changing data (it would see the changes anyway: the slot exists)
                Thread.sleep(1500);
                List<String> stream = new ArrayList<>(inserts(cases, STREAM_BASE_ID + 1));
                for (Case c : cases) {
                    stream.add("UPDATE " + c.table() + " SET v = v WHERE id = " + (STREAM_BASE_ID + 1));
                }
                sql(stream.toArray(String[]::new));
                int expected = cases.stream().mapToInt(c -> c.literals().size() + 1).sum();
                if (toast) {
                    sql(toastInsert(2), "UPDATE p_toast SET n = n + 1");
                    expected += 3;
                }
                int wanted = expected;
                waitFor(() -> failure.get() != null || events.stream().filter(Event::streamed).count() >= wanted, streamTimeoutMs);
                if (alter && failure.get() == null) {
                    ProbeConverter.phase = "after-alter";
                    sql("CREATE TYPE mood2 AS ENUM ('x', 'y')", "CREATE TYPE pair2 AS (a numeric, b date)",
                            "ALTER TABLE p_alter ADD COLUMN w numeric[], ADD COLUMN x mood2, ADD COLUMN y pair2, ADD COLUMN z mood2[],"
                                    + " ADD COLUMN d date",
                            "INSERT INTO p_alter VALUES (201, 2, '{NaN,1.5}', 'y', '(NaN,\"0001-01-01 BC\")', '{x,y}', '0001-01-01 BC')",
                            "UPDATE p_alter SET v = 3 WHERE id = 1");
                    waitFor(() -> failure.get() != null
                            || events.stream().filter(e -> "p_alter".equals(e.table()) && e.streamed()).count() >= 2, streamTimeoutMs);
                }
            }
        } finally {
            try {
                engine.close();
            } catch (RuntimeException e) {
                line("ENGINE-CLOSE | " + label + " | " + e);
            }
            executor.shutdown();
            executor.awaitTermination(60, TimeUnit.SECONDS);
            debeziumLogger.detachAppender(warnings);
            ProbeConverter.phase = "stopped";
        }
        line("RUN " + label + " took " + (System.currentTimeMillis() - began) + " ms, " + events.size() + " events"
                + (failure.get() == null ? "" : "; ENGINE FAILED: " + oneLine(failure.get())));
        List<String> warned = warnings.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(ch.qos.logback.classic.Level.WARN))
                .map(e -> e.getLevel() + " " + e.getLoggerName().replaceAll(".*\\.", "") + ": " + e.getFormattedMessage()
                        + throwableText(e.getThrowableProxy()))
                .toList();
        Map<String, Map<Integer, Map<String, String>>> texts = new LinkedHashMap<>();
        for (Case c : cases) {
            texts.put(c.table(), pgText(c.table(), "v::text AS cast, v AS out, format('%s', v) AS fmt"));
        }
        return new Result(label, events, warned, failure.get(), texts);
    }

    private static Properties connector(String label, List<Case> cases, Map<String, String> extra, boolean withConverter) {
        Properties p = new Properties();
        String slot = label.replaceAll("[^a-z0-9]", "_");
        p.setProperty("name", "probe-" + label);
        p.setProperty("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
        p.setProperty("topic.prefix", "probe");
        p.setProperty("database.hostname", postgres.host());
        p.setProperty("database.port", Integer.toString(postgres.port()));
        p.setProperty("database.user", postgres.user());
        p.setProperty("database.password", postgres.password());
        p.setProperty("database.dbname", DB);
        p.setProperty("plugin.name", "pgoutput");
        p.setProperty("slot.name", slot);
        p.setProperty("slot.drop.on.stop", "true");
        p.setProperty("publication.name", slot);
        p.setProperty("publication.autocreate.mode", "filtered");
        List<String> tables = new ArrayList<>(cases.stream().map(c -> "public\\." + c.table()).toList());
        tables.add("public\\.p_toast");
        tables.add("public\\.p_alter");
        p.setProperty("table.include.list", String.join(",", tables));
        p.setProperty("snapshot.mode", "initial");
        p.setProperty("decimal.handling.mode", "string");
        p.setProperty("column.propagate.source.type", ".*");
        p.setProperty("event.converting.failure.handling.mode", "warn");
        p.setProperty("time.precision.mode", "adaptive_time_microseconds");
        p.setProperty("binary.handling.mode", "bytes");
        p.setProperty("interval.handling.mode", "string");
        p.setProperty("unavailable.value.placeholder", "__debezium_unavailable_value");
        p.setProperty("skipped.operations", "none");
        p.setProperty("poll.interval.ms", "50");
        p.setProperty("offset.storage", "org.apache.kafka.connect.storage.MemoryOffsetBackingStore");
        p.setProperty("offset.flush.interval.ms", "0");
        p.setProperty("errors.max.retries", "0");
        if (withConverter) {
            p.setProperty("converters", "probe");
            p.setProperty("probe.type", ProbeConverter.class.getName());
        }
        List<String> overridden = cases.stream().filter(c -> c.snapshotSelect() != null).map(c -> "public." + c.table()).toList();
        if (!overridden.isEmpty()) {
            p.setProperty("snapshot.select.statement.overrides", String.join(",", overridden));
            for (Case c : cases) {
                if (c.snapshotSelect() != null) {
                    p.setProperty("snapshot.select.statement.overrides.public." + c.table(), c.snapshotSelect());
                }
            }
        }
        extra.forEach(p::setProperty);
        return p;
    }

    // ------------------------------------------------------------------------------------------
    // Reports

    private static void converterTable(Result result, List<Case> cases) {
        line("");
        line("CONVERTER-INPUT | run | table | type | path | id | class | toString | recovered text | = output text (pgjdbc getString of the column)?"
                + " | = col::text? | output text [| col::text when it differs]");
        for (Case c : cases) {
            Map<Integer, Map<String, String>> texts = result.pgText().get(c.table());
            for (Event e : events(result, c.table(), ev -> true)) {
                Map<String, String> row = texts.getOrDefault(e.id(), Map.of());
                String out = row.get("out");
                String cast = row.get("cast");
                String pg = out + (java.util.Objects.equals(out, cast) ? "" : " | ::text=" + cast);
                FieldSeen f = e.fields().get("v");
                String cells;
                if (f == null) {
                    cells = "<field absent from event> | | | " + (out == null ? "n/a" : "NO") + " | | " + pg;
                } else if (f.value() instanceof String s && s.contains(ProbeConverter.SEPARATOR)) {
                    String[] parts = s.split(ProbeConverter.SEPARATOR, -1);
                    String recovered = parts[2];
                    cells = parts[0].replace("org.postgresql.", "o.p.").replace("io.debezium.", "i.d.") + " | " + parts[1] + " | "
                            + recovered + " | " + same(recovered, out) + " | " + same(recovered, cast) + " | " + pg;
                } else if (ProbeConverter.NULL_INPUT.equals(f.value())) {
                    cells = "null (converter called with null) | | | " + (out == null ? "yes (NULL)" : "NO") + " | " + (cast == null ? "yes (NULL)" : "NO") + " | " + pg;
                } else {
                    cells = "<not from converter: " + f.rendered() + "> | | | | | " + pg;
                }
                line(String.join(" | ", "CONVERTER-INPUT", result.label(), c.table(), c.type(), e.path(), Integer.toString(e.id()), cells));
            }
        }
        warningsFor(result, cases);
    }

    /** Where {@code col::text} or {@code format('%s', col)} is not the output function's text (pgjdbc getString of the column). */
    private static void textForms(Result result, List<Case> cases) {
        line("");
        line("TEXT-FORMS | table | type | id | output text | v::text | format('%s', v)   (rows where they are not all equal)");
        for (Case c : cases) {
            result.pgText().get(c.table()).forEach((id, row) -> {
                if (id < STREAM_BASE_ID && (!java.util.Objects.equals(row.get("out"), row.get("cast"))
                        || !java.util.Objects.equals(row.get("out"), row.get("fmt")))) {
                    line(String.join(" | ", "TEXT-FORMS", c.table(), c.type(), Integer.toString(id), row.get("out"), row.get("cast"),
                            row.get("fmt")));
                }
            });
        }
    }

    private static void debeziumTable(Result result, List<Case> cases) {
        line("");
        line("DEBEZIUM-OWN | run | table | type | path | id | field schema | value Debezium emits | output text [| col::text when it differs]");
        for (Case c : cases) {
            Map<Integer, Map<String, String>> texts = result.pgText().get(c.table());
            for (Event e : events(result, c.table(), ev -> true)) {
                Map<String, String> row = texts.getOrDefault(e.id(), Map.of());
                String pg = row.get("out") + (java.util.Objects.equals(row.get("out"), row.get("cast")) ? "" : " | ::text=" + row.get("cast"));
                FieldSeen f = e.fields().get("v");
                String cells = f == null ? "<column dropped from the event schema> | - " : f.schema() + " | " + f.rendered();
                line(String.join(" | ", "DEBEZIUM-OWN", result.label(), c.table(), c.type(), e.path(), Integer.toString(e.id()),
                        cells, pg));
            }
        }
        warningsFor(result, cases);
    }

    private static void warningsFor(Result result, List<Case> cases) {
        if (result.failure() != null) {
            line("ENGINE-FAILURE | " + result.label() + " | " + oneLine(result.failure()));
        }
        Map<String, Integer> counts = new TreeMap<>();
        for (String w : result.warnings()) {
            String key = oneLine(w).replaceAll("\\b(\\d{2,})\\b", "N");
            counts.merge(key.length() > 400 ? key.substring(0, 400) + "…" : key, 1, Integer::sum);
        }
        counts.forEach((w, n) -> line("DEBEZIUM-WARN | " + result.label() + " | x" + n + " | " + w));
    }

    private static void toastAndAlter(Result result) throws SQLException {
        line("");
        for (Event e : events(result, "p_toast", ev -> true)) {
            for (FieldSeen f : e.fields().values()) {
                line(String.join(" | ", "TOAST", result.label(), e.path(), "id=" + e.id(), f.name(), f.schema(), abbreviate(f.rendered(), 160)));
            }
        }
        Map<Integer, Map<String, String>> alterText = pgText("p_alter", "v::text, w::text, x::text, y::text, z::text, d::text");
        for (Event e : events(result, "p_alter", ev -> true)) {
            line(String.join(" | ", "ALTER", result.label(), e.path(), "id=" + e.id(), "schema fields " + e.schemaFields()));
            for (FieldSeen f : e.fields().values()) {
                line(String.join(" | ", "ALTER", result.label(), e.path(), "id=" + e.id(), f.name(), f.schema(),
                        f.value() instanceof String s && s.contains(ProbeConverter.SEPARATOR) ? converterText(f) : f.rendered(),
                        "col::text=" + alterText.getOrDefault(e.id(), Map.of()).get(f.name())));
            }
        }
        ProbeConverter.COLUMNS.stream().filter(c -> c.run().equals(result.label()) && c.table().endsWith("p_alter"))
                .forEach(c -> line(String.join(" | ", "ALTER-CONVERTERFOR", result.label(), "phase=" + c.phase(), "seq=" + c.sequence(),
                        c.column(), c.typeName(), "jdbc=" + c.jdbcType(), "native=" + c.nativeType(), "thread=" + c.thread())));
        ProbeConverter.COLUMNS.stream().filter(c -> c.run().equals(result.label()) && c.table().endsWith("p_toast") && c.column().equals("t"))
                .forEach(c -> line(String.join(" | ", "TOAST-CONVERTERFOR", result.label(), "phase=" + c.phase(), "seq=" + c.sequence())));
        ProbeConverter.CALLS.stream().filter(c -> c.run().equals(result.label()) && c.table().endsWith("p_toast")
                        && "streaming".equals(c.phase()))
                .forEach(c -> line(String.join(" | ", "TOAST-CALL", result.label(), c.column(), abbreviate(c.input().replace(ProbeConverter.SEPARATOR, " ~ "), 160))));
        result.warnings().stream().filter(w -> w.contains("p_alter") || w.contains("p_toast") || w.contains("mood2") || w.contains("pair2"))
                .map(ConverterInputProbe::oneLine).distinct().forEach(w -> line("ALTER/TOAST-WARN | " + result.label() + " | " + abbreviate(w, 600)));
    }

    private static void columnsTable(String run) {
        line("");
        line("RELATIONAL-COLUMN | run | phase | table.column | typeName | typeExpression | jdbcType | nativeType | length | scale"
                + " | optional | hasDefault | thread");
        Map<String, List<ProbeConverter.ColumnSeen>> byColumn = new LinkedHashMap<>();
        ProbeConverter.COLUMNS.stream().filter(c -> c.run().equals(run) && !"id".equals(c.column()))
                .forEach(c -> byColumn.computeIfAbsent(c.table() + "." + c.column(), k -> new ArrayList<>()).add(c));
        byColumn.forEach((column, seen) -> {
            ProbeConverter.ColumnSeen c = seen.get(0);
            String phases = seen.stream().map(s -> s.phase() + "#" + s.sequence()).collect(Collectors.joining(","));
            boolean sameEverywhere = seen.stream().allMatch(s -> s.typeName().equals(c.typeName()) && s.typeExpression().equals(c.typeExpression())
                    && s.jdbcType() == c.jdbcType() && s.nativeType() == c.nativeType());
            line(String.join(" | ", "RELATIONAL-COLUMN", run, phases, column, c.typeName(), c.typeExpression(), Integer.toString(c.jdbcType()),
                    Integer.toString(c.nativeType()), c.length(), c.scale(), Boolean.toString(c.optional()),
                    Boolean.toString(c.hasDefault()), c.thread(), sameEverywhere ? "" : "DIFFERS between calls: " + seen));
        });
    }

    private static String converterText(FieldSeen f) {
        if (f.value() instanceof String s && s.contains(ProbeConverter.SEPARATOR)) {
            String[] parts = s.split(ProbeConverter.SEPARATOR, -1);
            return parts[0] + " ~ " + parts[2];
        }
        return String.valueOf(f.rendered());
    }

    private static List<Event> events(Result result, String table, Predicate<Event> filter) {
        return result.events().stream().filter(e -> e.table().equals(table)).filter(filter)
                .sorted(Comparator.comparing(Event::streamed).thenComparing(Event::id).thenComparing(Event::op)).toList();
    }

    private static String same(String recovered, String pg) {
        if (pg == null) {
            return recovered == null || "null".equals(recovered) ? "yes (NULL)" : "NO";
        }
        return pg.equals(recovered) ? "yes" : "NO";
    }

    // ------------------------------------------------------------------------------------------
    // Events

    private static Event event(SourceRecord record) {
        if (!(record.value() instanceof Struct value) || value.schema().field("op") == null) {
            return null;
        }
        Struct source = value.getStruct("source");
        Struct after = value.getStruct("after");
        if (after == null) {
            return null;
        }
        String snapshot = source.schema().field("snapshot") == null ? null : String.valueOf(source.get("snapshot"));
        Map<String, FieldSeen> fields = new LinkedHashMap<>();
        for (Field field : after.schema().fields()) {
            if (field.name().equals("id")) {
                continue;
            }
            Object v = after.get(field);
            fields.put(field.name(), new FieldSeen(field.name(), schemaText(field.schema()), v, render(field.schema(), v)));
        }
        Object id = after.get("id");
        return new Event(source.getString("table"), id instanceof Number n ? n.intValue() : -1, value.getString("op"), snapshot,
                fields, after.schema().fields().stream().map(Field::name).toList());
    }

    private static String schemaText(Schema schema) {
        String text = schema.type() + (schema.name() == null ? "" : "(" + schema.name() + ")");
        if (schema.type() == Schema.Type.ARRAY) {
            text += "<" + schemaText(schema.valueSchema()) + ">";
        }
        if (schema.parameters() != null && !schema.parameters().isEmpty()) {
            text += schema.parameters().entrySet().stream().filter(e -> !e.getKey().startsWith("__debezium.source.column.name"))
                    .map(e -> e.getKey().replace("__debezium.source.column.", "") + "=" + e.getValue())
                    .collect(Collectors.joining(",", "{", "}"));
        }
        return text;
    }

    private static String render(Schema schema, Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof byte[] bytes) {
            return "bytes:" + HexFormat.of().formatHex(bytes);
        }
        if (value instanceof ByteBuffer buffer) {
            ByteBuffer copy = buffer.duplicate();
            byte[] bytes = new byte[copy.remaining()];
            copy.get(bytes);
            return "bytes:" + HexFormat.of().formatHex(bytes);
        }
        if (value instanceof List<?> list) {
            Schema element = schema == null ? null : schema.valueSchema();
            return list.stream().map(v -> render(element, v)).collect(Collectors.joining(", ", "[", "]"));
        }
        if (value instanceof Struct struct) {
            return struct.schema().fields().stream().map(f -> f.name() + "=" + render(f.schema(), struct.get(f)))
                    .collect(Collectors.joining(", ", "Struct{", "}"));
        }
        if (value instanceof String s) {
            return "\"" + s + "\"";
        }
        return value + " (" + value.getClass().getSimpleName() + ")";
    }

    // ------------------------------------------------------------------------------------------
    // SQL helpers

    private static List<String> inserts(List<Case> cases, int firstId) {
        List<String> statements = new ArrayList<>();
        for (Case c : cases) {
            for (int i = 0; i < c.literals().size(); i++) {
                statements.add("INSERT INTO " + c.table() + " VALUES (" + (firstId + i) + ", " + c.literals().get(i) + ")");
            }
        }
        return statements;
    }

    private static String toastInsert(int id) {
        String big = "(SELECT string_agg(md5(i::text || 'x" + id + "'), '') FROM generate_series(1, 400) i)";
        return "INSERT INTO p_toast VALUES (" + id + ", 0, " + big + ","
                + " ARRAY(SELECT md5(i::text) FROM generate_series(1, 400) i),"
                + " decode(" + big + ", 'hex'),"
                + " jsonb_build_object('k', " + big + "),"
                + " ARRAY(SELECT round((random() * 1e6)::numeric, 4) FROM generate_series(1, 2000)))";
    }

    private static Map<Integer, Map<String, String>> pgText(String table, String expressions) throws SQLException {
        Map<Integer, Map<String, String>> rows = new TreeMap<>();
        try (Connection c = postgres.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT id, " + expressions + " FROM " + table + " ORDER BY id")) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 2; i <= n; i++) {
                    row.put(rs.getMetaData().getColumnLabel(i), rs.getString(i));
                }
                rows.put(rs.getInt(1), row);
            }
        } catch (SQLException e) {
            line("PGTEXT-FAILED | " + table + " | " + e.getMessage());
        }
        return rows;
    }

    private static void sql(String... statements) throws SQLException {
        try (Connection c = postgres.connect(); Statement s = c.createStatement()) {
            for (String statement : statements) {
                try {
                    s.execute(statement);
                } catch (SQLException e) {
                    throw new SQLException(e.getMessage() + " in: " + statement, e);
                }
            }
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, long timeoutMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                line("TIMEOUT after " + timeoutMs + " ms waiting (continuing with what arrived)");
                return;
            }
            Thread.sleep(100);
        }
    }

    private static String causes(Throwable error) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = error.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
            text.append(" <- ").append(t);
        }
        return text.toString();
    }

    private static String throwableText(IThrowableProxy proxy) {
        StringBuilder text = new StringBuilder();
        for (IThrowableProxy t = proxy; t != null; t = t.getCause()) {
            text.append(" <- ").append(t.getClassName()).append(": ").append(t.getMessage());
        }
        return text.toString();
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replace('\n', ' ').replace('\r', ' ');
    }

    private static String abbreviate(String text, int max) {
        String one = oneLine(text);
        return one.length() <= max ? one : one.substring(0, max) + "…(" + one.length() + " chars)";
    }

    private static synchronized void line(String text) {
        report.println(text);
    }
}
