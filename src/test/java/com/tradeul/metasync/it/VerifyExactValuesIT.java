package com.tradeul.metasync.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.tradeul.metasync.clients.PostgresConnections;
import com.tradeul.metasync.config.MetasyncConfig;
import io.lettuce.core.api.sync.RedisCommands;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * `metasync verify` reads every column as PostgreSQL's text, so it compares exactly the values its
 * JDBC reading could not read, or read wrong: numeric[] with NaN and 40 digits, BC and 1582 dates in
 * arrays, multi-dimensional arrays, money[], interval[], varbit[], xml[], point[], a BC leap day;
 * and a composite whose fields are all NULL, which is a value, not SQL NULL.
 * Redis is written by hand here, in the README's documented forms (no pipeline runs), so what is
 * tested is verify's reading against an oracle of its own.
 */
class VerifyExactValuesIT {

    private static final String COLUMNS = "id int PRIMARY KEY, an numeric[], ad date[], ai int[], am money[], ts timestamp(3),"
            + " atz timestamptz[], aiv interval[], avb varbit[], ax xml[], ap point[], ok boolean,"
            + " pr {t}_pair";
    private static final List<String> ROWS = List.of(
            "1, '{NaN,1234567890123456789012345678901234567890.0123456789,NULL,-0.50}',"
                    + " '{0001-01-01 BC,4714-11-24 BC,1582-10-10,infinity}', '{{1,2},{3,NULL}}', '{1.50,-2,-92233720368547758.08}',"
                    + " '0005-02-29 00:00:00 BC', '{\"0001-01-01 00:00:00+00 BC\",-infinity}',"
                    + " '{\"1 year 2 mons 3 days 04:05:06.789012\",NULL}', '{0101,\"\",00000001}',"
                    + " ARRAY['<a x=\"1\">t&amp;</a>'::xml, 'plain, text'], '{\"(1.5,-2.25)\",NULL}', true, ROW(NULL, NULL)",
            "2, '{}', '{NULL}', '{{5},{6}}', '{}', NULL, NULL, '{}', NULL, '{}', '{}', NULL, NULL");
    /** The README's forms: numbers exact, astronomical years, nested arrays, money's plain digits, intervals in ISO 8601. */
    private static final List<String> JSON = List.of(
            "{\"id\":1,\"an\":[\"NaN\",1234567890123456789012345678901234567890.0123456789,null,-0.50],"
                    + "\"ad\":[\"0000-01-01\",\"-4713-11-24\",\"1582-10-10\",\"infinity\"],\"ai\":[[1,2],[3,null]],"
                    + "\"am\":[1.50,-2.00,-92233720368547758.08],\"ts\":\"-0004-02-29T00:00:00\","
                    + "\"atz\":[\"0000-01-01T00:00:00Z\",\"-infinity\"],\"aiv\":[\"P1Y2M3DT4H5M6.789012S\",null],"
                    + "\"avb\":[\"0101\",\"\",\"00000001\"],\"ax\":[\"<a x=\\\"1\\\">t&amp;</a>\",\"plain, text\"],"
                    + "\"ap\":[{\"x\":1.5,\"y\":-2.25},null],\"ok\":true,\"pr\":\"(,)\"}",
            "{\"id\":2,\"an\":[],\"ad\":[null],\"ai\":[[5],[6]],\"am\":[],\"ts\":null,\"atz\":null,\"aiv\":[],\"avb\":null,"
                    + "\"ax\":[],\"ap\":[],\"ok\":null,\"pr\":null}");

    private static TestServices services;
    private static RedisSession redis;

    @BeforeAll
    static void start() {
        services = TestServices.get();
        redis = new RedisSession(services.redis.uri());
    }

    @AfterAll
    static void stop() {
        redis.close();
    }

    private static RedisCommands<String, String> redis() {
        return redis.sync();
    }

    @Test
    void values_jdbc_could_not_read_are_in_sync_and_one_changed_element_is_wrong() throws Exception {
        String table = services.uniqueName("verifyexact");
        try (Connection c = services.postgres.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TYPE " + table + "_pair AS (a int, b text)");
        }
        MetasyncConfig config = tableWithKeys(table, COLUMNS.replace("{t}", table), ROWS, JSON);

        CliRunner.Outcome clean = CliRunner.run("verify", config, "--settle-seconds", "0");
        assertThat(clean.out()).as(clean.out() + clean.err())
                .contains("2 rows, 2 keys: 2 in sync, 0 missing, 0 extra, 0 wrong -> IN SYNC");
        assertThat(clean.exitCode()).isZero();

        redis().set(table + ":1", JSON.get(0).replace("\"-4713-11-24\"", "\"-4713-11-25\""));   // one BC date element, one day off
        redis().set(table + ":2", JSON.get(1).replace("[[5],[6]]", "[5,6]"));                   // the dimensions flattened
        // Re-checked for 3 s, a dozen times (the last re-check's differences are the ones reported): the
        // rows read the same once pgjdbc runs the statement prepared on the server, from its sixth run on.
        CliRunner.Outcome drift = CliRunner.run("verify", config, "--settle-seconds", "3", "--json");
        assertThat(drift.exitCode()).as(drift.out() + drift.err()).isEqualTo(4);
        JsonNode report = new ObjectMapper().readTree(drift.out()).get(0);
        assertThat(report.get("wrong").asLong()).isEqualTo(2);
        assertThat(report.get("inSync").asLong()).isZero();
        assertThat(differences(report)).containsExactly(
                table + ":1 ad " + "[\"0000-01-01\",\"-4713-11-24\",\"1582-10-10\",\"infinity\"]"
                        + " | [\"0000-01-01\",\"-4713-11-25\",\"1582-10-10\",\"infinity\"]",
                table + ":2 ai [[5],[6]] | [5,6]");
    }

    @Test
    void a_value_verify_cannot_read_exactly_is_wrong_with_the_reason_and_the_other_rows_are_compared() throws Exception {
        String table = services.uniqueName("verifyrefused");
        MetasyncConfig config = tableWithKeys(table, "id int PRIMARY KEY, q tsquery, n numeric",
                List.of("1, 'a & b', 1.50", "2, NULL, 2.50"),
                List.of("{\"id\":1,\"q\":\"'a' & 'b'\",\"n\":1.50}", "{\"id\":2,\"q\":null,\"n\":2.50}"));

        CliRunner.Outcome outcome = CliRunner.run("verify", config, "--settle-seconds", "0", "--json");
        assertThat(outcome.exitCode()).as(outcome.out() + outcome.err()).isEqualTo(4);
        JsonNode report = new ObjectMapper().readTree(outcome.out()).get(0);
        assertThat(report.get("inSync").asLong()).isEqualTo(1);
        assertThat(report.get("wrong").asLong()).isEqualTo(1);
        JsonNode difference = report.get("differences").get(0);
        assertThat(difference.get("key").asText()).isEqualTo(table + ":1");
        assertThat(difference.get("column").asText()).isEqualTo("q");
        assertThat(difference.get("postgres").asText()).startsWith("(cannot be read exactly: PostgreSQL tsquery value")
                .contains("no rule for this type");
        assertThat(difference.get("redis").asText()).isEqualTo("\"'a' & 'b'\"");
    }

    /**
     * A role whose own default prints intervals in a style PgText refuses (sql_standard): verify
     * pins its session's settings, so it reads the same values as under the server's defaults.
     * (pgjdbc already sends DateStyle, extra_float_digits and TimeZone at connection start, which
     * a role's defaults do not override; IntervalStyle, bytea_output and lc_monetary it leaves to
     * the server, and this machine has no locale whose money text differs.)
     */
    @Test
    void the_settings_the_text_depends_on_are_pinned_whatever_the_role_defaults() throws Exception {
        String table = services.uniqueName("verifysession");
        MetasyncConfig asSuperuser = tableWithKeys(table, "id int PRIMARY KEY, iv interval, aiv interval[]",
                List.of("1, '1 year 2 mons 3 days 04:05:06.789012', '{\"-1 days +02:00:00\",NULL}'"),
                List.of("{\"id\":1,\"iv\":\"P1Y2M3DT4H5M6.789012S\",\"aiv\":[\"P-1DT2H\",null]}"));
        String role = table + "_reader";
        try (Connection c = services.postgres.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE " + role + " LOGIN PASSWORD 'reader-secret'");
            s.execute("GRANT SELECT ON " + table + " TO " + role);
            s.execute("ALTER ROLE " + role + " SET IntervalStyle = 'sql_standard'");
        }
        MetasyncConfig asRole = services.isolated(table, Map.of("tables.public." + table + ".key-template", table + ":{id}",
                "postgres.user", role, "postgres.password", "reader-secret"));
        try (Connection c = new PostgresConnections(asRole.postgres()).open("it"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT format('%s', iv) FROM " + table)) {
            rs.next();
            assertThat(rs.getString(1)).as("the role's own session prints other text").isEqualTo("+1-2 +3 +4:05:06.789012");
        }

        CliRunner.Outcome outcome = CliRunner.run("verify", asRole, "--settle-seconds", "0");
        assertThat(outcome.out()).as(outcome.out() + outcome.err())
                .contains("1 rows, 1 keys: 1 in sync, 0 missing, 0 extra, 0 wrong -> IN SYNC");
        assertThat(CliRunner.run("verify", asSuperuser, "--settle-seconds", "0").exitCode()).isZero();
    }

    /** The table with its rows, each row's key set to its JSON; settings that verify it under keys {@code <table>:<id>}. */
    private static MetasyncConfig tableWithKeys(String table, String columns, List<String> rows, List<String> json) throws Exception {
        try (Connection c = services.postgres.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + table + " (" + columns + ")");
            for (String row : rows) {
                s.execute("INSERT INTO " + table + " VALUES (" + row + ")");
            }
        }
        for (int i = 0; i < json.size(); i++) {
            redis().set(table + ":" + (i + 1), json.get(i));
        }
        return services.isolated(table, Map.of("tables.public." + table + ".key-template", table + ":{id}"));
    }

    private static List<String> differences(JsonNode report) {
        return java.util.stream.StreamSupport.stream(report.get("differences").spliterator(), false)
                .map(d -> d.get("key").asText() + " " + d.get("column").asText() + " " + d.get("postgres").asText()
                        + " | " + d.get("redis").asText())
                .toList();
    }
}
