package com.tradeul.metasync.verify;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tradeul.metasync.clients.PostgresConnections;
import com.tradeul.metasync.config.TableId;
import com.tradeul.metasync.it.TestServices;
import com.tradeul.metasync.it.TypeComparison;
import com.tradeul.metasync.normalize.JsonRenderer;
import com.tradeul.metasync.normalize.PgText;
import com.tradeul.metasync.normalize.SpecialNumberPolicy;
import com.tradeul.metasync.normalize.UnparsableValueException;
import com.tradeul.metasync.verify.PgTextCorpus.Family;
import com.tradeul.metasync.wire.Column;
import com.tradeul.metasync.wire.ColumnValue;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link PgText} against PostgreSQL 15 itself. Every value of {@link PgTextCorpus} is stored
 * once; PostgreSQL prints it with the type's output function, as pgoutput and the text protocol
 * send it ({@code format('%s', v)}; not {@code v::text}, which for bool, char(n), inet and xml is
 * a cast with its own text: {@code true}, no padding, {@code /128}, the XML declaration), and
 * PgText reads the text back. Its JSON must be PostgreSQL's own JSON of the value (TypeCorpusIT's
 * rules, {@link TypeComparison}), and verify's own read of the table ({@link PostgresRows}: its
 * SQL, its session settings, its type resolution from the catalog) must render each value byte
 * for byte as PgText renders the {@code format('%s', v)} text, with a domain read as
 * {@link DomainRendering#CAPTURE} says: verify's text-format results are that text. (Until
 * verify read text, it read over JDBC; for the values metasync carried then, this IT held PgText
 * equal to that reading byte for byte, and TypeCorpusIT holds verify equal to what capture writes.)
 * The same value printed under every other session setting PgText accepts must read back as the
 * same value; under settings it does not accept, it must be refused, never misread. Other settings
 * are applied by functions with their own {@code SET} clause, because pgjdbc closes a session
 * whose DateStyle stops being ISO. Here in package verify to reach PostgresRows.
 */
class PgTextCorpusIT {

    /** The session PgText is documented for; TypeCorpusIT's oracle session adds IntervalStyle iso_8601. */
    private static final List<String> REFERENCE = List.of("SET TimeZone = 'UTC'", "SET DateStyle = 'ISO, MDY'",
            "SET IntervalStyle = 'postgres'", "SET bytea_output = 'hex'", "SET extra_float_digits = 1",
            "SET lc_monetary = 'C'");
    private static final List<String> ORACLE = List.of("SET IntervalStyle = 'iso_8601'");
    private static final List<String> ACCEPTED = List.of("SET TimeZone = 'Asia/Kolkata'",
            "SET TimeZone = 'America/St_Johns'", "SET TimeZone = 'Europe/Amsterdam'", "SET IntervalStyle = 'iso_8601'",
            "SET bytea_output = 'escape'", "SET extra_float_digits = 3", "SET DateStyle = 'ISO, DMY'",
            "SET lc_monetary = 'POSIX'");
    private static final List<String> FOREIGN = List.of("SET DateStyle = 'SQL, DMY'", "SET DateStyle = 'Postgres, MDY'",
            "SET DateStyle = 'German'", "SET IntervalStyle = 'sql_standard'", "SET IntervalStyle = 'postgres_verbose'");
    /** PostgreSQL's output function, as pgoutput sends the value; a function with a SET clause stands for %s. */
    private static final String OUTPUT = "CASE WHEN v IS NULL THEN NULL ELSE %s(v) END";
    private static final JsonRenderer RENDERER = new JsonRenderer(SpecialNumberPolicy.STRING);

    private static final Map<String, String> tables = new HashMap<>();
    private static final Map<String, String> typeNames = new HashMap<>();
    /** Setting → a function printing its argument under it. */
    private static final Map<String, String> printers = new HashMap<>();
    private static final Map<String, Long> tally = new TreeMap<>();
    private static TestServices services;
    private static PgText parser;

    @BeforeAll
    static void storeCorpus() throws Exception {
        services = TestServices.get();
        String mood = services.uniqueName("pgtext_mood");
        String price = services.uniqueName("pgtext_price");
        parser = PgText.withTextTypes(List.of(mood));
        try (Connection pg = services.postgres.connect(); Statement s = pg.createStatement()) {
            s.execute("SET TimeZone = 'UTC'");
            s.execute("CREATE TYPE " + mood + " AS ENUM ('sad', 'ok', 'happy', 'très \"bien\"')");
            s.execute("CREATE DOMAIN " + price + " AS numeric(12,4)");
            createPrinters(s);
            for (Family family : PgTextCorpus.all()) {
                String table = services.uniqueName("pgtext");
                s.execute("CREATE TABLE " + table + " (ord int PRIMARY KEY, v " + placeholders(family.type(), mood, price) + ")");
                for (int i = 0; i < family.values().size(); i++) {
                    s.execute("INSERT INTO " + table + " VALUES (" + i + ", "
                            + placeholders(family.values().get(i), mood, price) + ")");
                }
                tables.put(family.name(), table);
                typeNames.put(family.name(), typeName(s, table));
            }
        }
    }

    /** One printer per setting; "" prints in the reference session as it is. */
    private static void createPrinters(Statement s) throws SQLException {
        for (String setting : Stream.of(List.of(""), ACCEPTED, FOREIGN).flatMap(List::stream).toList()) {
            String name = services.uniqueName("pgtext_print");
            s.execute("CREATE FUNCTION " + name + "(anyelement) RETURNS text LANGUAGE sql STABLE " + setting
                    + " AS $$SELECT format('%s', $1)$$");
            printers.put(setting, name);
        }
    }

    @AfterAll
    static void printTally() {
        System.out.println("PgText corpus: " + tally);
    }

    static Stream<Family> families() {
        return PgTextCorpus.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("families")
    void renders_every_value_as_postgresql_does_and_verify_reads_it_so(Family family) throws Exception {
        List<String> rendered = parsed(family, "").stream().map(PgTextCorpusIT::json).toList();
        List<String> postgres = select(family, ORACLE, "(" + family.expected().replace("%s", "v") + ")::text");
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < rendered.size(); i++) {
            String difference = TypeComparison.difference(family.rule(), postgres.get(i) == null ? "null" : postgres.get(i),
                    rendered.get(i));
            if (difference != null) {
                problems.add(family.values().get(i) + ": " + difference);
            }
        }
        assertThat(problems).as("PgText's JSON versus PostgreSQL's own").isEmpty();
        count("values compared with PostgreSQL's JSON", rendered.size());

        String verifyType = isDomain(family) ? DomainRendering.CAPTURE.typeName(typeNames.get(family.name()))
                : typeNames.get(family.name());
        List<String> expected = printed(family, "").stream().map(text -> json(parser.parse(verifyType, text))).toList();
        assertThat(verifiedJson(family)).as("verify's read of the table versus PgText's").containsExactlyElementsOf(expected);
        count("values verify renders byte for byte as PgText", expected.size());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("families")
    void reads_the_same_value_under_every_setting_it_accepts(Family family) throws Exception {
        List<ColumnValue> reference = parsed(family, "");
        for (String setting : ACCEPTED) {
            if (family.keptText() && (setting.contains("TimeZone") || setting.contains("DateStyle"))) {
                continue; // the text itself is what is carried, and it follows the setting
            }
            assertThat(parsed(family, setting)).as(setting).containsExactlyElementsOf(reference);
            count("values read again under an accepted setting", reference.size());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("families")
    void refuses_or_reads_the_same_value_under_settings_it_does_not_accept(Family family) throws Exception {
        List<ColumnValue> reference = parsed(family, "");
        long refused = 0;
        for (String setting : family.keptText() ? List.<String>of() : FOREIGN) {
            List<String> texts = printed(family, setting);
            for (int i = 0; i < texts.size(); i++) {
                try {
                    assertThat(parser.parse(typeNames.get(family.name()), texts.get(i)))
                            .as("%s read under %s", texts.get(i), setting).isEqualTo(reference.get(i));
                } catch (UnparsableValueException e) {
                    refused++;
                    count("refused under " + setting, 1);
                }
            }
        }
        if (List.of("date", "timestamp", "timestamptz", "interval").contains(family.name())) {
            assertThat(refused).as("values refused under other DateStyles and IntervalStyles").isPositive();
        }
    }

    @ParameterizedTest(name = "{0}::{1}")
    // CSV strips the single quotes; the literal is quoted again for SQL.
    @CsvSource(delimiter = '|', value = {
        "'294276-12-31 23:59:59.999999'|timestamp|294247-01-10",
        "'294276-12-31 23:59:59.999999+00'|timestamptz|294247-01-10",
        "'{\"294276-12-31 23:59:59.999999+00\"}'|timestamptz[]|element 1",
        "'(1,1),(0,0)'|box|no rule",
        "'{(1,1),(0,0);(3,3),(2,2)}'|box[]|';'",
        "'((0,0),(1,1),(1,0))'|polygon|no rule",
        "'a & b'|tsquery|no rule",
    })
    void refuses_values_metasync_has_no_exact_value_for(String literal, String type, String reason) throws Exception {
        String text;
        String typeName;
        try (Connection pg = services.postgres.connect(); Statement s = pg.createStatement()) {
            apply(s, REFERENCE);
            try (ResultSet rs = s.executeQuery("SELECT format('%s', v), (SELECT typname FROM pg_type WHERE oid = pg_typeof(v))"
                    + " FROM (SELECT '" + literal + "'::" + type + " AS v) x")) {
                rs.next();
                text = rs.getString(1);
                typeName = rs.getString(2);
            }
        }
        assertThatThrownBy(() -> parser.parse(typeName, text))
                .isInstanceOf(UnparsableValueException.class).hasMessageContaining(reason);
    }

    /** The values as PgText reads PostgreSQL's text of them, printed under {@code setting} ("" for none). */
    private static List<ColumnValue> parsed(Family family, String setting) throws SQLException {
        List<ColumnValue> values = new ArrayList<>();
        for (String text : printed(family, setting)) {
            values.add(parser.parse(typeNames.get(family.name()), text));
        }
        return values;
    }

    private static List<String> printed(Family family, String setting) throws SQLException {
        return select(family, List.of(), OUTPUT.formatted(printers.get(setting)));
    }

    /** One column per row, in insertion order, in the reference session plus {@code settings}. */
    private static List<String> select(Family family, List<String> settings, String column) throws SQLException {
        List<String> texts = new ArrayList<>();
        try (Connection pg = services.postgres.connect(); Statement s = pg.createStatement()) {
            apply(s, REFERENCE);
            apply(s, settings);
            try (ResultSet rs = s.executeQuery("SELECT " + column + " FROM " + tables.get(family.name()) + " ORDER BY ord")) {
                while (rs.next()) {
                    texts.add(rs.getString(1));
                }
            }
        }
        return texts;
    }

    /** What verify renders for each value, in insertion order: its own read of the family's table. */
    private static List<String> verifiedJson(Family family) throws Exception {
        Map<Long, String> byOrd = new TreeMap<>();
        PostgresConnections postgres = new PostgresConnections(services.isolated("pgtext", Map.of()).postgres());
        try (PostgresRows rows = new PostgresRows(postgres, new TableId("public", tables.get(family.name())), List.of("ord"))) {
            rows.forEach(null, row -> byOrd.put(((ColumnValue.Int) row.key().get(0).value()).value(),
                    row.unreadable().isEmpty() ? json(row.columns().get(1).value()) : "refused: " + row.unreadable()));
        }
        return List.copyOf(byOrd.values());
    }

    private static boolean isDomain(Family family) {
        return family.type().equals("{price}");
    }

    private static String json(ColumnValue value) {
        String row = new String(RENDERER.renderRow(List.of(new Column("v", value))), UTF_8);
        return row.substring("{\"v\":".length(), row.length() - 1);
    }

    /** The name a caller passes: pg_type.typname, a domain's base type instead of the domain. */
    private static String typeName(Statement s, String table) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT CASE WHEN t.typtype = 'd' THEN b.typname ELSE t.typname END"
                + " FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid LEFT JOIN pg_type b ON b.oid = t.typbasetype"
                + " WHERE a.attrelid = '" + table + "'::regclass AND a.attname = 'v'")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static String placeholders(String sql, String mood, String price) {
        return sql.replace("{mood}", mood).replace("{price}", price);
    }

    private static void apply(Statement s, List<String> settings) throws SQLException {
        for (String setting : settings) {
            s.execute(setting);
        }
    }

    private static synchronized void count(String what, long n) {
        tally.merge(what, n, Long::sum);
    }
}
