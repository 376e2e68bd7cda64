package com.tradeul.metasync.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.tradeul.metasync.Pipeline;
import com.tradeul.metasync.config.ConfigException;
import com.tradeul.metasync.config.MetasyncConfig;
import com.tradeul.metasync.verify.KeyCounter;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What real readers get from each table shape, through the whole pipeline (PostgreSQL, capture,
 * Kafka, apply, Redis): a JavaScript reader ({@code node}, plain {@code JSON.parse}) and a Python
 * reader (redis-py, plain {@code json.loads}) read the values of a table in string mode and of the
 * same table in number mode, so README's "Numbers for every reader" table is what they printed.
 * A third table, columns excluded and renamed, runs in the same pipeline; verify and repair see
 * every table as apply writes it. One pipeline for the class, three tables, a handful of rows.
 */
class ReaderShapesIT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String NUMBER_COLUMNS = "symbol text PRIMARY KEY, price numeric(20,2), ratio numeric, tiny numeric(5,2),"
            + " big bigint, edge bigint, amount money, prices numeric[]";
    /** The seed's awkward values: beyond a double, trailing zeros, -0.00, int64 extremes, 2^53 + 1, NaN. */
    private static final String NUMBER_ROWS = "('A', 123456789012345678.90, 1.500, -0.00, 9223372036854775807, 9007199254740993,"
            + " -92233720368547758.08, '{1.500,NaN,123456789012345678.90}'),"
            + " ('B', 0.10, 'NaN', 1.00, -9223372036854775808, 9007199254740992, 1.50, '{}')";

    private static TestServices services;
    private static RedisSession redis;
    private static String strings;
    private static String numbers;
    private static String shaped;
    private static MetasyncConfig config;
    private static Pipeline pipeline;

    @BeforeAll
    static void start() throws Exception {
        services = TestServices.get();
        redis = new RedisSession(services.redis.uri());
        strings = services.uniqueName("readstr");
        numbers = services.uniqueName("readnum");
        shaped = services.uniqueName("shaped");
        sql("CREATE TABLE " + strings + " (" + NUMBER_COLUMNS + ")", "INSERT INTO " + strings + " VALUES " + NUMBER_ROWS,
                "CREATE TABLE " + numbers + " (" + NUMBER_COLUMNS + ")", "INSERT INTO " + numbers + " VALUES " + NUMBER_ROWS,
                "CREATE TABLE " + shaped + " (symbol text PRIMARY KEY, last_price numeric(10,4), secret text, notes text)",
                "INSERT INTO " + shaped + " VALUES ('A', 1.5000, 'hidden a', 'a'), ('B', 2.2500, 'hidden b', 'b')");
        config = services.isolated(strings, settings(Map.of()));
        pipeline = Pipeline.start(config, EnumSet.allOf(Pipeline.Component.class), Clock.systemUTC());
        await().atMost(WAIT).until(() -> count(strings) == 2 && count(numbers) == 2 && count(shaped) == 2);
    }

    @AfterAll
    static void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
        redis.close();
    }

    /** The three tables in one pipeline: strings in string mode, numbers as numbers, shaped with a column left out and two renamed. */
    private static Map<String, String> settings(Map<String, String> extra) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("postgres.tables", "public." + strings + ",public." + numbers + ",public." + shaped);
        for (String table : List.of(numbers, shaped)) {
            settings.put("tables.public." + table + ".key-template", TestServices.keyPrefix(table) + "{symbol}");
        }
        settings.put("tables.public." + strings + ".numbers", "string");
        settings.put("tables.public." + shaped + ".exclude-columns", "secret");
        settings.put("tables.public." + shaped + ".rename.last_price", "price");
        settings.put("tables.public." + shaped + ".rename.notes", "memo");
        settings.putAll(extra);
        return settings;
    }

    @Test
    void string_mode_gives_every_reader_postgresqls_digits_and_number_mode_gives_the_documented_loss() throws Exception {
        Map<String, List<String>> jsStrings = node(strings);
        Map<String, List<String>> pyStrings = python(strings, false);
        // Every numeric, money and bigint value beyond 2^53 is a string of PostgreSQL's own text; 2^53 itself a number.
        assertThat(jsStrings.get("A")).containsExactly("symbol=string:A", "price=string:123456789012345678.90", "ratio=string:1.500",
                "tiny=string:0.00", "big=string:9223372036854775807", "edge=string:9007199254740993",
                "amount=string:-92233720368547758.08", "prices=[string:1.500,string:NaN,string:123456789012345678.90]");
        assertThat(jsStrings.get("B")).containsExactly("symbol=string:B", "price=string:0.10", "ratio=string:NaN", "tiny=string:1.00",
                "big=string:-9223372036854775808", "edge=number:9007199254740992", "amount=string:1.50", "prices=[]");
        assertThat(pyStrings.get("A")).containsExactly("symbol=str:A", "price=str:123456789012345678.90", "ratio=str:1.500",
                "tiny=str:0.00", "big=str:9223372036854775807", "edge=str:9007199254740993",
                "amount=str:-92233720368547758.08", "prices=[str:1.500,str:NaN,str:123456789012345678.90]");
        assertThat(pyStrings.get("B")).contains("edge=int:9007199254740992", "ratio=str:NaN");
        Map<String, List<String>> postgres = postgresText(strings);
        // Checked against PostgreSQL's text itself too, so the expectations above are PostgreSQL's and not ours.
        for (Map<String, List<String>> reader : List.of(jsStrings, pyStrings)) {
            for (String symbol : List.of("A", "B")) {
                assertThat(reader.get(symbol).stream().map(ReaderShapesIT::valueText).toList())
                        .as("what the reader holds, as text, is PostgreSQL's text of row " + symbol).isEqualTo(postgres.get(symbol));
            }
        }

        Map<String, List<String>> jsNumbers = node(numbers);
        Map<String, List<String>> pyNumbers = python(numbers, false);
        assertThat(jsNumbers.get("A")).containsExactly("symbol=string:A", "price=number:123456789012345680", "ratio=number:1.5",
                "tiny=number:0", "big=number:9223372036854776000", "edge=number:9007199254740992",
                "amount=number:-92233720368547760", "prices=[number:1.5,string:NaN,number:123456789012345680]");
        assertThat(jsNumbers.get("B")).contains("price=number:0.1", "big=number:-9223372036854776000", "ratio=string:NaN");
        assertThat(pyNumbers.get("A")).containsExactly("symbol=str:A", "price=float:1.2345678901234568e+17", "ratio=float:1.5",
                "tiny=float:0.0", "big=int:9223372036854775807", "edge=int:9007199254740993",
                "amount=float:-9.223372036854776e+16", "prices=[float:1.5,str:NaN,float:1.2345678901234568e+17]");
        // The opt-in that keeps every digit of a number: parse_float=Decimal.
        assertThat(python(numbers, true).get("A")).contains("price=Decimal:123456789012345678.90", "ratio=Decimal:1.500",
                "tiny=Decimal:0.00", "amount=Decimal:-92233720368547758.08");
    }

    @Test
    void a_shaped_table_beside_a_string_table_is_written_verified_and_repaired_in_its_shape() throws Exception {
        assertThat(redis().get(TestServices.keyPrefix(shaped) + "A")).isEqualTo("{\"symbol\":\"A\",\"price\":1.5000,\"memo\":\"a\"}");
        // ~64 kB of md5 hex is stored out of line (TOAST): an update that leaves it alone does not send it.
        sql("UPDATE " + shaped + " SET notes = (SELECT string_agg(md5(g::text || random()::text), '') FROM generate_series(1, 2000) g)"
                + " WHERE symbol = 'B'");
        await().atMost(WAIT).until(() -> redis().get(TestServices.keyPrefix(shaped) + "B").length() > 64_000);
        String memo = RedisJson.parse(redis().get(TestServices.keyPrefix(shaped) + "B")).get("memo").asText();
        sql("UPDATE " + shaped + " SET last_price = 7.7700, secret = 'still hidden' WHERE symbol = 'B'",
                "INSERT INTO " + shaped + " VALUES ('C', 3.0000, 'hidden c', 'c')",
                "INSERT INTO " + strings + " VALUES ('C', 98765432109876543.21, 2.50, 0.01, 1, -9007199254740993, 0.01, '{-0.50}')");
        await().atMost(WAIT).until(() -> RedisJson.parse(redis().get(TestServices.keyPrefix(shaped) + "B")).get("price").toString()
                .equals("7.7700") && count(shaped) == 3 && count(strings) == 3);
        assertThat(redis().get(TestServices.keyPrefix(strings) + "C")).isEqualTo("{\"symbol\":\"C\",\"price\":\"98765432109876543.21\","
                + "\"ratio\":\"2.50\",\"tiny\":\"0.01\",\"big\":1,\"edge\":\"-9007199254740993\",\"amount\":\"0.01\",\"prices\":[\"-0.50\"]}");
        String b = redis().get(TestServices.keyPrefix(shaped) + "B");
        assertThat(RedisJson.parse(b).get("memo").asText()).as("the unchanged TOAST column is kept under its new name").isEqualTo(memo);
        assertThat(b).doesNotContain("secret", "hidden", "last_price", "notes", "__debezium");
        assertThat(pipeline.applyStats().deadLettered()).isZero();

        CliRunner.Outcome verified = CliRunner.run("verify", config, "--settle-seconds", "0");
        assertThat(verified.out()).as(verified.out() + verified.err())
                .contains("public." + strings + ": 3 rows, 3 keys: 3 in sync, 0 missing, 0 extra, 0 wrong -> IN SYNC")
                .contains("public." + shaped + ": 3 rows, 3 keys: 3 in sync, 0 missing, 0 extra, 0 wrong -> IN SYNC");
        assertThat(verified.exitCode()).isZero();

        String c = redis().get(TestServices.keyPrefix(shaped) + "C");
        assertThat(c).isEqualTo("{\"symbol\":\"C\",\"price\":3.0000,\"memo\":\"c\"}");
        String stringsA = redis().get(TestServices.keyPrefix(strings) + "A");
        redis().del(TestServices.keyPrefix(shaped) + "C", TestServices.keyPrefix(strings) + "A");
        CliRunner.Outcome repaired = CliRunner.run("verify", config, "--repair", "--settle-seconds", "20");
        assertThat(repaired.out()).as(repaired.out() + repaired.err())
                .contains("public." + shaped + ": 3 rows, 2 keys: 2 in sync, 1 missing, 0 extra, 0 wrong")
                .contains("after repair: public." + shaped + ": 3 rows, 3 keys: 3 in sync, 0 missing, 0 extra, 0 wrong -> IN SYNC")
                .contains("after repair: public." + strings + ": 3 rows, 3 keys: 3 in sync, 0 missing, 0 extra, 0 wrong -> IN SYNC");
        assertThat(repaired.exitCode()).isZero();
        assertThat(redis().get(TestServices.keyPrefix(shaped) + "C")).isEqualTo(c);
        assertThat(redis().get(TestServices.keyPrefix(strings) + "A")).isEqualTo(stringsA);
    }

    @Test
    void settings_that_do_not_fit_the_columns_are_refused_at_start_with_the_fix() {
        Map<String, String> cases = Map.of(
                "tables.public." + shaped + ".rename.last_prize", "is for column 'last_prize', which table public." + shaped + " does not have",
                "tables.public." + shaped + ".columns.amount.number", "is for column 'amount', which table public." + shaped + " does not have");
        cases.forEach((setting, problem) -> {
            ConfigException error = refusal(Map.of(setting, "string"));
            assertThat(error.oneLine()).contains("'" + setting + "'", problem, "Fix: correct the column name");
        });
        ConfigException key = refusal(Map.of("tables.public." + shaped + ".exclude-columns", "secret,symbol"));
        assertThat(key.oneLine()).contains("'tables.public." + shaped + ".exclude-columns' leaves column 'symbol' out of Redis",
                "Fix: remove it from tables.public." + shaped + ".exclude-columns");
        ConfigException collision = refusal(Map.of("tables.public." + shaped + ".rename.notes", "price"));
        assertThat(collision.oneLine()).contains("under field 'price'", "Fix: choose a field name");

        CliRunner.Outcome doctor = CliRunner.run("doctor", ownConfig(Map.of("tables.public." + shaped + ".rename.last_prize", "x")));
        assertThat(doctor.out()).as(doctor.out() + doctor.err())
                .contains("FAIL  column settings of public." + shaped + ": setting 'tables.public." + shaped + ".rename.last_prize'")
                .contains("PASS  column settings of public." + strings + ": every column named exists and is written as set");
    }

    private static ConfigException refusal(Map<String, String> change) {
        try (Pipeline started = Pipeline.start(ownConfig(change), EnumSet.of(Pipeline.Component.CAPTURE), Clock.systemUTC())) {
            throw new AssertionError("started although " + change + " does not fit the table");
        } catch (ConfigException e) {
            return e;
        }
    }

    private static MetasyncConfig ownConfig(Map<String, String> change) {
        // A slot, topics and group of its own, so that a start that should have been refused disturbs nothing.
        String own = services.uniqueName("refused");
        Map<String, String> settings = new LinkedHashMap<>(settings(change));
        settings.putAll(Map.of("postgres.slot", own, "postgres.publication", own, "kafka.topic-prefix", own, "apply.group-id", own,
                "data-dir", services.root.resolve("data").resolve(own).toString()));
        return services.isolated(strings, settings);
    }

    /** The key's fields as node's plain JSON.parse holds them, fed each value exactly as Redis holds it. */
    private static Map<String, List<String>> node(String table) throws Exception {
        StringBuilder input = new StringBuilder();
        for (String key : redis().keys(TestServices.keyPrefix(table) + "*")) {
            input.append(key).append('\t').append(redis().get(key)).append('\n');
        }
        return described(table, run(input.toString(), "node", "src/test/node/read_values.js"));
    }

    private static Map<String, List<String>> python(String table, boolean decimal) throws Exception {
        List<String> command = new ArrayList<>(List.of("/usr/bin/python3", "src/test/python/read_values.py",
                Integer.toString(services.redis.port()), TestServices.keyPrefix(table) + "*"));
        if (decimal) {
            command.add("--decimal");
        }
        return described(table, run("", command.toArray(String[]::new)));
    }

    private static String run(String input, String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        process.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        System.out.print(String.join(" ", command) + "\n" + output);
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

    /** symbol → the reader's "field=type:text" of each field, from its output lines. */
    private static Map<String, List<String>> described(String table, String output) {
        Map<String, List<String>> rows = new LinkedHashMap<>();
        for (String line : output.split("\n")) {
            List<String> parts = Arrays.asList(line.split("\t"));
            rows.put(parts.get(0).substring(TestServices.keyPrefix(table).length()), parts.subList(1, parts.size()));
        }
        return rows;
    }

    /** "price=string:1.50" → "1.50"; an array's elements the same, as PostgreSQL's array text. */
    private static String valueText(String described) {
        String value = described.substring(described.indexOf('=') + 1);
        if (value.startsWith("[")) {
            String inner = value.substring(1, value.length() - 1);
            return "{" + String.join(",", inner.isEmpty() ? List.of()
                    : Arrays.stream(inner.split(",")).map(e -> e.substring(e.indexOf(':') + 1)).toList()) + "}";
        }
        return value.substring(value.indexOf(':') + 1);
    }

    /** symbol → PostgreSQL's own text of each column (money as its amount), in column order. */
    private static Map<String, List<String>> postgresText(String table) throws Exception {
        Map<String, List<String>> rows = new LinkedHashMap<>();
        try (Connection c = services.postgres.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT symbol, price::text, ratio::text, tiny::text, big::text, edge::text,"
                     + " amount::numeric::text, prices::text FROM " + table)) {
            while (rs.next()) {
                List<String> text = new ArrayList<>();
                for (int i = 1; i <= 8; i++) {
                    text.add(rs.getString(i));
                }
                rows.put(rs.getString(1), text);
            }
        }
        return rows;
    }

    private static long count(String table) {
        return KeyCounter.count(redis(), TestServices.keyPrefix(table) + "*");
    }

    private static RedisCommands<String, String> redis() {
        return redis.sync();
    }

    private static void sql(String... statements) throws Exception {
        try (Connection c = services.postgres.connect(); Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }
}
