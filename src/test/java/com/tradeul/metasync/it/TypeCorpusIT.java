package com.tradeul.metasync.it;

import static com.tradeul.metasync.it.TypeComparison.Rule.EXACT;
import static com.tradeul.metasync.it.TypeComparison.Rule.FLOAT4;
import static com.tradeul.metasync.it.TypeComparison.Rule.FLOAT8;
import static com.tradeul.metasync.it.TypeComparison.Rule.TEMPORAL;
import static com.tradeul.metasync.it.TypeComparison.Rule.TIMETZ;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.tradeul.metasync.Pipeline;
import com.tradeul.metasync.config.CaptureSettings;
import com.tradeul.metasync.config.MetasyncConfig;
import com.tradeul.metasync.it.TypeComparison.Col;
import com.tradeul.metasync.verify.KeyCounter;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every PostgreSQL type of the corpus reaches Redis with its documented JSON, compared after each
 * step with PostgreSQL's own rendering (see {@link TypeComparison}): edge values present before
 * capture starts (snapshot), the same edge values inserted while it runs (streaming), every row
 * updated to other edge values, every column set to NULL, every row deleted.
 *
 * <p>Capture carries PostgreSQL's own text of every column (metasync's converter, the snapshot read
 * as text) and renders it with PgText. The groups cover every scalar family, domains, and an
 * array table per element family ({@code array_numbers}: NaN, ±Infinity, 40-digit numerics,
 * money; {@code array_text}: quotes, backslashes, commas, braces, NULL beside "NULL", bytea, bit,
 * varbit; {@code array_time}: every temporal type with BC, infinite and 1582-10-05..14 elements,
 * intervals; {@code array_other}: uuid, inet, cidr, macaddr, json, jsonb, xml, point, enum;
 * {@code array_ranges}; {@code array_shapes}: multi-dimensional, explicitly bounded and empty
 * arrays); the 1582-10-05..14 dates are in the snapshot rows of {@code time}, {@code domains},
 * {@code array_time} and {@code array_shapes}. After the update step {@code verify} must report the
 * table IN SYNC. The {@code time} group streams the two values Debezium's parse would turn into
 * others (timestamp and timestamptz {@code 294247-01-10 04:00:25.2}, Debezium's stand-in for
 * infinity; timetz {@code 24:00:00+00}), inserted and set by an update; {@code extremes} streams
 * the values Debezium's parse fails on or changes, domains over temporal types among them.
 */
class TypeCorpusIT {

    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(60);

    private static TestServices services;
    private static RedisClient redisClient;
    private static StatefulRedisConnection<String, String> redisConnection;
    private static long valuesCompared;

    /** One table of the corpus: its columns, the rows before and after capture starts, and their updates. */
    record Group(String name, String types, List<Col> columns, List<String> snapshotRows, List<String> streamedRows,
                 List<String> updates) {
        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeAll
    static void startServices() {
        services = TestServices.get();
        redisClient = RedisClient.create(services.redis.uri());
        redisConnection = redisClient.connect();
    }

    @AfterAll
    static void closeClient() {
        System.out.println("type corpus: " + valuesCompared + " column values compared with PostgreSQL");
        redisConnection.close();
        redisClient.shutdown();
    }

    static Stream<Arguments> groups() {
        return Stream.of(numbers(), domains(), textAndBinary(), temporal(), extremes(), arrays(), ranges(), numberArrays(),
                textArrays(), temporalArrays(), otherArrays(), rangeArrays(), arrayShapes()).map(g -> arguments(g));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("groups")
    void every_value_arrives_exactly_through_snapshot_insert_update_null_and_delete(Group group) throws Exception {
        String table = services.uniqueName("types_" + group.name());
        String prefix = table + ":";
        sql(group.types().replace("{t}", table));
        sql("CREATE TABLE " + table + " (id int PRIMARY KEY, " + group.columns().stream()
                .map(c -> c.name() + " " + c.type().replace("{t}", table)).collect(Collectors.joining(", ")) + ")");
        insert(table, 1, group.snapshotRows());

        MetasyncConfig config = services.isolated(table, Map.of(
                "tables.public." + table + ".key-template", table + ":{id}",
                "verify.interval-seconds", "0",
                // The snapshot goes through metasync's COPY reader (issue #17), not Debezium's default one.
                CaptureSettings.SNAPSHOT_READER, "copy"));
        try (Pipeline pipeline = Pipeline.start(config, EnumSet.allOf(Pipeline.Component.class), Clock.systemUTC())) {
            assertSame(group, table, prefix, "snapshot", group.snapshotRows().size());

            insert(table, 101, group.streamedRows());
            assertSame(group, table, prefix, "insert", group.snapshotRows().size() + group.streamedRows().size());

            updateEveryRow(table, group);
            assertSame(group, table, prefix, "update", group.snapshotRows().size() + group.streamedRows().size());
            // verify renders PostgreSQL's rows itself (from each column's text, with PgText): it must agree with what capture wrote.
            CliRunner.Outcome verified = CliRunner.run("verify", config, "--settle-seconds", "5");
            assertThat(verified.out()).as(verified.out() + verified.err()).contains("0 missing, 0 extra, 0 wrong -> IN SYNC");

            sql("UPDATE " + table + " SET " + group.columns().stream().map(c -> c.name() + " = NULL")
                    .collect(Collectors.joining(", ")));
            assertSame(group, table, prefix, "set NULL", group.snapshotRows().size() + group.streamedRows().size());

            sql("DELETE FROM " + table);
            await().atMost(STEP_TIMEOUT).untilAsserted(() -> assertThat(KeyCounter.count(redis(), prefix + "*")).isZero());
            assertThat(pipeline.applyStats().deadLettered()).isZero();
        }
    }

    private static void assertSame(Group group, String table, String prefix, String step, int rows) throws Exception {
        await().atMost(STEP_TIMEOUT).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            try (Connection pg = services.postgres.connect()) {
                TypeComparison.Outcome outcome = TypeComparison.compare(pg, table, group.columns(), redis(), prefix);
                assertThat(outcome.differences()).as("%s after %s", group.name(), step).isEmpty();
                assertThat(outcome.rows()).isEqualTo(rows);
                assertThat(KeyCounter.count(redis(), prefix + "*")).as("keys").isEqualTo(rows);
                valuesCompared += outcome.values();
            }
        });
    }

    private static void insert(String table, int firstId, List<String> rows) throws Exception {
        List<String> statements = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            statements.add("INSERT INTO " + table + " VALUES (" + (firstId + i) + ", " + rows.get(i) + ")");
        }
        sql(statements.toArray(String[]::new));
    }

    /** Row n takes update n modulo their number: every row moves to another edge value. */
    private static void updateEveryRow(String table, Group group) throws Exception {
        List<String> columns = group.columns().stream().map(Col::name).toList();
        String tuple = "(" + String.join(", ", columns) + ")";
        List<String> statements = new ArrayList<>();
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < group.snapshotRows().size(); i++) {
            ids.add(1 + i);
        }
        for (int i = 0; i < group.streamedRows().size(); i++) {
            ids.add(101 + i);
        }
        for (int n = 0; n < ids.size(); n++) {
            String values = group.updates().get(n % group.updates().size());
            statements.add("UPDATE " + table + " SET " + tuple + " = ROW(" + values + ") WHERE id = " + ids.get(n));
        }
        sql(statements.toArray(String[]::new));
    }

    private static void sql(String... statements) throws Exception {
        try (Connection connection = services.postgres.connect(); Statement s = connection.createStatement()) {
            for (String statement : statements) {
                if (!statement.isBlank()) {
                    s.execute(statement);
                }
            }
        }
    }

    private static RedisCommands<String, String> redis() {
        return redisConnection.sync();
    }

    private static Group numbers() {
        List<Col> columns = List.of(
                Col.of("i2", "smallint", EXACT), Col.of("i4", "integer", EXACT), Col.of("i8", "bigint", EXACT),
                Col.of("r", "real", FLOAT4), Col.of("d", "double precision", FLOAT8),
                Col.of("n", "numeric", EXACT), Col.of("n2", "numeric(20,4)", EXACT),
                // PostgreSQL's JSON of money is locale text ("-$1.00"); its value is the numeric.
                new Col("m", "money", "to_json(%s::numeric)", EXACT),
                Col.of("b", "boolean", EXACT),
                Col.of("e", "{t}_mood", EXACT));
        List<String> rows = List.of(
                "-32768, 2147483647, 9223372036854775807, 'NaN', 'Infinity', 'NaN', 1234567890123456.1234, "
                        + "'-92233720368547758.08', true, 'très \"bien\"'",
                "32767, -2147483648, -9223372036854775808, '-Infinity', 1.7976931348623157e308, -123.4500, -0.0001, "
                        + "'92233720368547758.07', false, 'sad'",
                "0, 0, 0, 3.4028235e38, 4.9e-324, 'Infinity', 0, '0.01', true, 'ok'",
                "1, -1, 1, 1.1, '-0', '-Infinity', -9999999999999999.9999, '-0.01', false, 'happy'",
                "-1, 1, -1, 1e-45, 0.1, 1e30, 0.0001, '0', null, null");
        List<String> updates = List.of(
                "1, 2, -9223372036854775808, 1.1, 'NaN', 0.000000000000000000000000000001, 0.0001, '0.00', false, 'happy'",
                "-1, -2, 9223372036854775807, 'Infinity', '-Infinity', 123456789012345678901234567890.123456789, "
                        + "9999999999999999.9999, '1.00', true, 'sad'",
                "0, 0, 0, '-0', 2.2250738585072014e-308, '-Infinity', 1, '-92233720368547758.08', true, 'très \"bien\"'");
        return new Group("numbers", "CREATE TYPE {t}_mood AS ENUM ('sad', 'ok', 'happy', 'très \"bien\"')", columns, rows, rows,
                updates);
    }

    /**
     * Domains read as their base types (capture resolves them from pg_type at start): over numeric a
     * JSON number with PostgreSQL's digits and scale, NaN included; over date with BC and 1582 dates;
     * arrays of a domain by the base element type; a domain over an array. verify reads them the
     * same way (DomainRendering.CAPTURE).
     */
    private static Group domains() {
        List<Col> columns = List.of(
                Col.of("dp", "{t}_price", EXACT), Col.of("dn", "{t}_num", EXACT), Col.of("dt", "{t}_label", EXACT),
                Col.of("dd", "{t}_day", TEMPORAL), Col.of("dna", "{t}_num[]", EXACT), Col.of("dia", "{t}_ints", EXACT));
        List<String> rows = List.of(
                "12345678.1234, 'NaN', 'x\"y', '0001-01-01 BC', '{1.50,NaN,NULL,1234567890123456789012345678901234567890}', '{1,2}'",
                "-0.0001, '1234567890123456789012345678901234567890.0123456789', '', '1582-10-05', '{}', '{}'",
                "0, -0.00, 'ok', '4714-11-24 BC', '{NULL}', '{NULL,3}'",
                "99999999.9999, 'Infinity', null, 'infinity', '{-Infinity,-123.4500}', null",
                "null, '-Infinity', 'NaN', '1582-10-14', null, '{-2147483648}'");
        List<String> updates = List.of(
                "-99999999.9999, 0.000000000123, 'z', '-infinity', '{0.000000000123}', '{2147483647,NULL}'",
                "1, 1e-20, 'NULL', '2024-02-29', '{NaN,Infinity}', '{}'");
        return new Group("domains", "CREATE DOMAIN {t}_price AS numeric(12,4); CREATE DOMAIN {t}_num AS numeric; "
                + "CREATE DOMAIN {t}_label AS text CHECK (VALUE <> 'forbidden'); CREATE DOMAIN {t}_day AS date; "
                + "CREATE DOMAIN {t}_ints AS int[]", columns, rows, rows, updates);
    }

    /**
     * Values whose streamed text Debezium 3.6.1 would parse into another value or fail on, carried as
     * pgoutput's text instead ({@code PgOutputTextTypes}): intervals past pgjdbc's int hours (which
     * stopped capture) up to PostgreSQL's limits, and domains over timestamp, timestamp(3),
     * timestamptz, timetz, interval, date and money, and an array of a domain over timestamp, at
     * {@code 294247-01-10 04:00:25.2} (Debezium's stand-in for infinity, which passed undetected
     * through a domain), infinities, BC, timetz {@code 24:00:00} and its offsets; numerics with
     * 1,001 digits; a tsrange ending at the 294247 instant.
     */
    private static Group extremes() {
        List<Col> columns = List.of(
                Col.of("iv", "interval", EXACT), Col.of("div", "{t}_iv", EXACT), Col.of("dts", "{t}_ts", TEMPORAL),
                Col.of("dts3", "{t}_ts3", TEMPORAL), Col.of("dtstz", "{t}_tstz", TEMPORAL), Col.of("dttz", "{t}_ttz", TIMETZ),
                Col.of("dd", "{t}_d", TEMPORAL), new Col("dm", "{t}_money", "to_json(%s::numeric)", EXACT),
                Col.of("n", "numeric", EXACT), Col.of("dtsa", "{t}_ts[]", TEMPORAL), Col.of("tsr", "tsrange", EXACT));
        List<String> rows = List.of(
                "'2147483648 hours', '-178000000 years', '294247-01-10 04:00:25.2', '294247-01-10 04:00:25.2', "
                        + "'294247-01-10 04:00:25.2+00', '24:00:00+00', 'infinity', '-92233720368547758.08', 1e1000, "
                        + "'{\"294247-01-10 04:00:25.2\",infinity,\"0001-01-01 00:00:00 BC\"}', '[294247-01-10 04:00:25.2,infinity)'",
                "'-178000000 years', '178000000 years', 'infinity', '-infinity', '-infinity', '12:34:56.789+05:30', "
                        + "'4714-11-24 BC', '92233720368547758.07', -1e-1000, '{}', '(-infinity,\"0001-01-01 00:00:00 BC\"]'",
                "'178000000 years', '2147483648 hours', '4713-01-01 00:00:00 BC', '0001-12-31 23:59:59.999 BC', "
                        + "'0001-01-01 00:00:00+00 BC', '00:00:00-15:59', '0001-01-01 BC', '0.00', 'NaN', '{NULL}', 'empty'",
                "'2562047788:00:54.775807', '-2562047788:00:54.775807', '1969-12-31 23:59:59.999999', null, "
                        + "'294247-01-01 00:00:00+00', '24:00:00-15:59', null, null, null, null, null");
        List<String> updates = List.of(
                "'-2147483649 hours', '1 mon -1 days', '294247-01-10 04:00:25.2', '294247-01-10 04:00:25.2', "
                        + "'294247-01-10 04:00:25.2+00', '24:00:00+00', '-infinity', '-92233720368547758.08', -1e1000, "
                        + "'{\"294247-01-10 04:00:25.2\"}', '[294247-01-10 04:00:25.2,294247-01-10 04:00:25.3)'",
                "'0 seconds', '-178000000 years -11 mons', 'infinity', '-infinity', 'infinity', '12:00:00+01', "
                        + "'5874897-12-31', '0.01', 123.4500, '{-infinity,NULL}', '(,)'");
        return new Group("extremes", "CREATE DOMAIN {t}_iv AS interval; CREATE DOMAIN {t}_ts AS timestamp; "
                + "CREATE DOMAIN {t}_ts3 AS timestamp(3); CREATE DOMAIN {t}_tstz AS timestamptz; CREATE DOMAIN {t}_ttz AS timetz; "
                + "CREATE DOMAIN {t}_d AS date; CREATE DOMAIN {t}_money AS money", columns, rows, rows, updates);
    }

    private static Group textAndBinary() {
        List<Col> columns = List.of(
                Col.of("t", "text", EXACT), Col.of("vc", "varchar(20)", EXACT), Col.of("c", "char(5)", EXACT),
                Col.of("ba", "bytea", EXACT), Col.of("b1", "bit(1)", EXACT), Col.of("bt", "bit(4)", EXACT),
                Col.of("b11", "bit(11)", EXACT), Col.of("vb", "varbit", EXACT), Col.of("vb1", "varbit(1)", EXACT),
                Col.of("vb8", "varbit(8)", EXACT), Col.of("u", "uuid", EXACT), Col.of("j", "json", EXACT),
                Col.of("jb", "jsonb", EXACT), Col.of("x", "xml", EXACT), Col.of("ip", "inet", EXACT),
                Col.of("cid", "cidr", EXACT), Col.of("mac", "macaddr", EXACT),
                new Col("pt", "point", "CASE WHEN %1$s IS NULL THEN NULL ELSE json_build_object('x', (%1$s)[0], 'y', (%1$s)[1]) END"
                        .replace("%1$s", "%s"), FLOAT8));
        List<String> rows = List.of(
                "E'emoji 🚀 accents Café \"quotes\" back\\\\slash\\nnewline\\ttab', 'vär\"c', 'ab', '\\x00ff0010', B'1', "
                        + "B'0101', B'10110000101', B'0101', B'0', B'00000001', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', "
                        + "'{\"a\": 1.50, \"b\": [1e2, \"x\"], \"a\": -0.00}', "
                        + "'{\"a\": 1.50, \"big\": 123456789012345678901234567890}', '<a x=\"1\">t&amp;</a>', "
                        + "'192.168.0.1/24', '10.0.0.0/8', '08:00:2b:01:02:03', '(1.5,-2.25)'",
                "'', '', '', '\\x', B'0', B'0000', B'00000000001', B'', B'1', B'', '00000000-0000-0000-0000-000000000000', '\"str\"', "
                        + "'[]', '', '::1', '2001:db8::/32', 'ff:ff:ff:ff:ff:ff', '(1e300,-0)'",
                "'NaN', 'NULL', 'x\\\\', '\\x00', B'1', B'1111', B'11111111111', B'000000000000000000000000000000000000000000000000000000000000000000001', null, B'10000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff', "
                        + "'{\"k\": \"\\u0000 \\\"q\\\"\"}', '{\"deep\": {\"list\": [true, false, null, 0.000000000001]}}', "
                        + "'<?xml version=\"1.0\"?><r>é</r>', '255.255.255.255', '0.0.0.0/0', '00:00:00:00:00:00', "
                        + "'(NaN,Infinity)'");
        List<String> updates = List.of(
                "'', 'ab', 'abcde', '\\x00', B'0', B'1000', B'00000000000', B'00', B'0', B'0000000', '00000000-0000-0000-0000-000000000001', "
                        + "'null', '\"\"', '<a/>', '10.1.2.3', '192.168.0.0/16', '01:02:03:04:05:06', '(-Infinity,0)'",
                "E'\\u00e9\\U0001F600\\r\\n', '', ' ', '\\xdeadbeef', B'1', B'0001', B'10000000000', B'1', B'1', B'01', "
                        + "'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '[1e-7, -0, 1E+2]', '{\"a\": [1, {\"b\": null}]}', 'plain', "
                        + "'::ffff:1.2.3.4', '::/0', '08:00:2b:01:02:03', '(0,0)'");
        return new Group("text", "", columns, rows, rows, updates);
    }

    private static Group temporal() {
        List<Col> columns = List.of(
                Col.of("dt", "date", TEMPORAL), Col.of("tm", "time", EXACT), Col.of("tm3", "time(3)", EXACT),
                // timetz keeps its clock and offset, 24:00:00 included.
                Col.of("ttz", "timetz", TIMETZ),
                Col.of("ts", "timestamp", TEMPORAL), Col.of("ts3", "timestamp(3)", TEMPORAL),
                Col.of("tstz", "timestamptz", TEMPORAL), Col.of("iv", "interval", EXACT));
        List<String> snapshot = List.of(
                "'infinity', '24:00:00', '23:59:59.999', '24:00:00+15:59', 'infinity', '2024-01-01 10:30:15.123', "
                        + "'infinity', '1 year 2 mons 3 days 04:05:06.789012'",
                "'-infinity', '00:00:00', '00:00:00', '00:00:00-15:59', '-infinity', '-infinity', '-infinity', '-178000000 years'",
                "'5874897-12-31', '23:59:59.999999', '12:00:00.5', '12:34:56.789012+05:30', '4713-01-01 00:00:00 BC', "
                        + "'21016-06-15 12:00:00', '294247-01-01 00:00:00+00', '-1 days -00:00:00.000001'",
                "'1970-01-01', '00:00:00.000001', '00:00:00.001', '10:30:15-08', '294247-01-01 00:00:00', "
                        + "'0001-01-01 00:00:00 BC', '4713-01-01 00:00:00+00 BC', '1 mon -1 days'",
                "'2024-02-29', '10:30:15.123456', null, '00:00:00+00', '1969-12-31 23:59:59.999999', 'infinity', "
                        + "'2024-01-01 10:30:15.123456+02', '2147483647 hours 59 min 59.999999 sec'");
        List<String> rows = new ArrayList<>(snapshot);
        // BC values: in the snapshot too, read as PostgreSQL's text, era and all.
        rows.add("'0001-01-01 BC', '12:00:00', '12:00:00', '23:59:59.999999-15:59', '0001-01-01 00:00:00 BC', "
                + "'-infinity', '0001-01-01 00:00:00+00 BC', '178000000 years 11 mons 2147483647 days'");
        rows.add("'4714-11-24 BC', null, null, null, '4714-11-24 00:00:00 BC', null, '4714-11-24 00:00:00+00 BC', "
                + "'-2147483647 hours -59 min -59.999999 sec'");
        List<String> updates = List.of(
                "'0001-01-01 BC', '00:00:00', null, '23:59:59.999999-15:59', '294247-01-01 00:00:00', '-infinity', "
                        + "'21016-01-01 00:00:00.000001+00', '178000000 years'",
                "'4713-01-01 BC', '24:00:00', '23:59:59.999', '24:00:00-15:59', '-infinity', '1969-12-31 23:59:59.999', "
                        + "'infinity', '-2147483647 hours -59 min -59.999999 sec'",
                "'infinity', '12:00:00.5', '00:00:00.5', '00:00:00.000001+00', 'infinity', '294247-01-01 00:00:00.001', "
                        + "'-infinity', '0 seconds'",
                "'-infinity', '23:59:59.999999', '12:34:56.789', '12:00:00-01', '2000-01-01 00:00:00', '0001-01-01 00:00:00', "
                        + "'1970-01-01 00:00:00+00', '-1 year -2 mons +3 days -04:05:06.5'",
                "'2000-01-01', '24:00:00', '24:00:00', '24:00:00+00', '294247-01-10 04:00:25.2', "
                        + "'294247-01-10 04:00:25.2', '294247-01-10 04:00:25.2+00', '1 day'");
        rows.add("'0101-03-01 BC', '00:00:00', '00:00:00', '00:00:00+00', '0001-12-31 23:59:59.999999 BC', "
                + "'0005-02-29 00:00:00 BC', '0001-12-31 23:59:59.999999+00 BC', '0 seconds'");
        rows.add("'1000-01-01', null, null, null, '1000-01-01 12:00:00', '1582-10-04 23:59:59.999', "
                + "'1582-10-15 00:00:00+00', null");
        // The days the Julian calendar skips (1582-10-05..14): PostgreSQL's proleptic Gregorian dates,
        // which a read through java.sql.Date would move by ten days.
        rows.add("'1582-10-05', '12:00:00', '12:00:00', '12:00:00+00', '1582-10-10 12:00:00', '1582-10-14 23:59:59.999', "
                + "'1582-10-09 00:00:00+00', '1 day'");
        rows.add("'1582-10-14', null, null, null, '1582-10-05 00:00:00', '1582-10-05 00:00:00.001', "
                + "'1582-10-14 23:59:59.999999+00', null");
        // Parsed by Debezium, these would arrive as infinity and as 00:00:00+00 (PgOutputTextTypes).
        rows.add("'2000-01-01', '24:00:00', '24:00:00', '24:00:00+00', '294247-01-10 04:00:25.2', "
                + "'294247-01-10 04:00:25.2', '294247-01-10 04:00:25.2+00', '1 day'");
        return new Group("time", "", columns, rows, rows, updates);
    }

    private static Group arrays() {
        List<Col> columns = List.of(
                Col.of("ai", "int[]", EXACT), Col.of("ai8", "bigint[]", EXACT), Col.of("an", "numeric[]", EXACT),
                Col.of("an2", "numeric(10,2)[]", EXACT), Col.of("at", "text[]", EXACT), Col.of("ab", "boolean[]", EXACT),
                Col.of("af", "float8[]", FLOAT8), Col.of("ad", "date[]", TEMPORAL), Col.of("ats", "timestamptz[]", TEMPORAL),
                Col.of("aj", "jsonb[]", EXACT), Col.of("au", "uuid[]", EXACT));
        List<String> rows = List.of(
                "'{1,NULL,-3}', '{9223372036854775807,-9223372036854775808}', "
                        + "'{1.50,NULL,-0.000001,100000000000000000000.000000000000000001}', '{1.5,NULL}', "
                        + "E'{\"a\",\"b\\\\\"q\",\"NULL\",NULL,\"🚀\",\"\",\"x,y\"}', '{t,f,NULL}', '{NaN,Infinity,-0,1.5,-Infinity}', "
                        + "'{infinity,2024-01-01,NULL,-infinity}', '{\"2024-01-01 10:00:00.000001+00\",infinity,-infinity}', "
                        + "ARRAY['{\"a\":1.50}'::jsonb, NULL, '[1e2]'], '{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11,NULL}'",
                "'{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}'",
                "'{NULL}', '{0}', '{0.000000000000000000000000000001}', '{-99999999.99}', '{NULL,\"\"}', '{NULL}', "
                        + "'{4.9e-324,1.7976931348623157e308}', '{5874897-12-31,1970-01-01}', '{\"294247-01-01 00:00:00+00\"}', "
                        + "ARRAY['null'::jsonb, '\"s\"'], '{NULL}'");
        List<String> updates = List.of(
                "'{-2147483648,2147483647}', '{0,NULL}', '{NULL,1e30}', '{0.01,-0.01}', '{\"\\\\\",\"\\\"\"}', '{f}', "
                        + "'{NULL,NaN}', '{NULL,-infinity}', '{NULL,\"1969-12-31 23:59:59.999999+00\"}', "
                        + "ARRAY['{}'::jsonb], '{00000000-0000-0000-0000-000000000000}'",
                "'{}', '{1}', '{-123.4500}', '{NULL,NULL}', '{\"é\"}', '{t,t}', '{-0}', '{2024-02-29}', '{infinity}', "
                        + "ARRAY[NULL::jsonb], '{}'");
        return new Group("arrays", "", columns, rows, rows, updates);
    }

    /**
     * Arrays of numbers: numeric elements that are NaN, ±Infinity or longer than a double or 38
     * digits, float elements at their limits, money at its extremes, NULL elements, empty arrays.
     */
    private static Group numberArrays() {
        List<Col> columns = List.of(
                Col.of("an", "numeric[]", EXACT), Col.of("an2", "numeric(10,2)[]", EXACT), Col.of("ai2", "smallint[]", EXACT),
                Col.of("ai8", "bigint[]", EXACT), Col.of("ar", "real[]", FLOAT4), Col.of("af", "float8[]", FLOAT8),
                // PostgreSQL's JSON of money is locale text; its value is the numeric.
                new Col("am", "money[]", "to_json(%s::numeric[])", EXACT));
        List<String> rows = List.of(
                "'{NaN,Infinity,-Infinity,NULL}', '{1.5,NULL,-99999999.99}', '{-32768,32767,NULL}', "
                        + "'{9223372036854775807,-9223372036854775808}', '{NaN,Infinity,-Infinity,-0,3.4028235e38,1e-45}', "
                        + "'{NaN,Infinity,-Infinity,-0,4.9e-324,1.7976931348623157e308}', '{12.34,-1.00,NULL}'",
                "'{1234567890123456789012345678901234567890.0123456789,NaN,-123.4500,0.000000000000000000000000000001}', "
                        + "'{}', '{}', '{0}', '{1.1,0.1,NULL}', '{}', '{-92233720368547758.08,92233720368547758.07}'",
                "'{}', '{}', '{}', '{}', '{}', '{}', '{}'",
                "null, '{NULL,NULL}', '{NULL}', null, '{}', '{NULL,0.1}', '{0.01,NULL,-0.01}'");
        List<String> updates = List.of(
                "'{1e30,-0.0001,Infinity}', '{0.01,-0.01}', '{1}', '{-1,NULL}', '{-Infinity}', '{NaN}', '{1000}'",
                "'{}', null, '{0,0}', '{}', '{NULL}', '{2.2250738585072014e-308}', '{NULL}'",
                "'{100000000000000000000.000000000000000001,-Infinity}', '{NULL}', null, '{NULL}', '{1.17549435e-38}', "
                        + "'{0.1,-0}', '{}'");
        return new Group("array_numbers", "", columns, rows, rows, updates);
    }

    /**
     * Arrays of text and bits: elements with quotes, backslashes, commas, braces, spaces, the string
     * "NULL" beside a NULL element, padded char(n), bytea, bit(n), varbit.
     */
    private static Group textArrays() {
        List<Col> columns = List.of(
                Col.of("at", "text[]", EXACT), Col.of("avc", "varchar(10)[]", EXACT), Col.of("ac", "char(3)[]", EXACT),
                Col.of("aba", "bytea[]", EXACT), Col.of("abit", "bit(3)[]", EXACT), Col.of("avb", "varbit[]", EXACT));
        List<String> rows = List.of(
                "ARRAY['a', 'b\"q', 'NULL', NULL, '', 'x,y', '{braces}', '}', 'back\\slash', '\\\\', ' lead ', E'new\\nline', "
                        + "'null', '🚀'], ARRAY['vär\"c', 'NULL', NULL], '{ab,\"\",NULL}', "
                        + "ARRAY['\\x00ff'::bytea, NULL, '\\x', '\\x5c22'], '{010,111,NULL}', '{0101,\"\",00000001,NULL}'",
                "'{}', '{}', '{}', '{}', '{}', '{}'",
                "'{NULL}', '{\"\"}', '{abc}', ARRAY['\\xdeadbeef'::bytea], '{000}', '{1}'",
                "'{{a,NULL},{\"\",\"NULL\"}}', null, null, null, '{{010},{111}}', '{{0,1}}'");
        List<String> updates = List.of(
                "ARRAY['\"', '\\', ','], '{}', '{\"a b\"}', '{}', '{}', '{\"\",\"\"}'",
                "'{{\"x,y\",\"{}\"}}', ARRAY['NULL'], '{NULL}', ARRAY[NULL::bytea], '{101,NULL}', null");
        return new Group("array_text", "", columns, rows, rows, updates);
    }

    /**
     * Arrays of every temporal type: BC and infinite elements, 24:00, timetz offsets, 1582-10-05..14
     * (the dates the Julian calendar skips), intervals at PostgreSQL's limits, nested dates.
     */
    private static Group temporalArrays() {
        List<Col> columns = List.of(
                Col.of("ad", "date[]", TEMPORAL), Col.of("atm", "time[]", EXACT),
                Col.of("attz", "timetz[]", TIMETZ),
                Col.of("ats", "timestamp[]", TEMPORAL), Col.of("atstz", "timestamptz[]", TEMPORAL),
                Col.of("aiv", "interval[]", EXACT));
        List<String> rows = List.of(
                "'{0001-01-01 BC,4714-11-24 BC,infinity,-infinity,NULL}', '{24:00:00,00:00:00.000001,NULL}', "
                        + "'{07:04:56.789012+02,24:00:00-15:59,00:00:00+15:59}', "
                        + "'{\"2024-01-01 10:30:15 BC\",infinity,-infinity,\"4713-01-01 00:00:00 BC\"}', "
                        + "'{\"0001-01-01 00:00:00+00 BC\",\"4713-01-01 00:00:00+00 BC\",infinity,-infinity}', "
                        + "'{\"1 year 2 mons 3 days 04:05:06.789012\",NULL,\"-178000000 years\"}'",
                "'{1582-10-05,1582-10-09,1582-10-14,1582-10-04,1582-10-15}', '{}', '{}', "
                        + "'{\"1582-10-10 12:00:00\",\"0005-02-29 00:00:00 BC\"}', "
                        + "'{\"1582-10-05 00:00:00+00\",\"294247-01-01 00:00:00+00\"}', '{\"-1 days +02:00:00\",\"0 seconds\",\"-0.5 sec\"}'",
                "'{}', '{}', '{}', '{}', '{}', '{}'",
                "'{{0001-01-01 BC,infinity},{1582-10-05,NULL}}', '{{12:00:00.5},{23:59:59.999999}}', null, null, '{NULL}', "
                        + "'{\"2147483647 hours 59 min 59.999999 sec\",\"178000000 years 11 mons 2147483647 days\"}'");
        List<String> updates = List.of(
                "'{-infinity}', '{00:00:00}', '{12:00:00-01}', '{\"294247-01-01 00:00:00\",NULL}', '{\"1970-01-01 00:00:00+00\"}', "
                        + "'{\"-1 year -2 mons +3 days -04:05:06.5\"}'",
                "'{1582-10-14,NULL}', null, '{NULL,00:00:00.000001+00}', '{\"0001-12-31 23:59:59.999999 BC\"}', "
                        + "'{\"0001-12-31 23:59:59.999999+00 BC\"}', '{}'");
        return new Group("array_time", "", columns, rows, rows, updates);
    }

    /** Arrays of uuid, network addresses, json, jsonb, xml, point and an enum. */
    private static Group otherArrays() {
        List<Col> columns = List.of(
                Col.of("au", "uuid[]", EXACT), Col.of("ain", "inet[]", EXACT), Col.of("acid", "cidr[]", EXACT),
                Col.of("amac", "macaddr[]", EXACT), Col.of("aj", "json[]", EXACT), Col.of("ajb", "jsonb[]", EXACT),
                Col.of("ax", "xml[]", EXACT),
                new Col("apt", "point[]", "CASE WHEN %s IS NULL THEN NULL ELSE (SELECT COALESCE(json_agg(CASE WHEN p IS NULL"
                        + " THEN NULL ELSE json_build_object('x', p[0], 'y', p[1]) END ORDER BY o), '[]') FROM unnest(%s)"
                        + " WITH ORDINALITY AS u(p, o)) END", FLOAT8),
                Col.of("ae", "{t}_mood[]", EXACT));
        List<String> rows = List.of(
                "'{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11,NULL,00000000-0000-0000-0000-000000000000}', "
                        + "'{192.168.0.1/24,::1,NULL,::ffff:1.2.3.4}', '{10.0.0.0/8,2001:db8::/32}', '{08:00:2b:01:02:03,NULL}', "
                        + "ARRAY['{\"a\": 1.50, \"a\": -0.00}'::json, NULL, '[1e2, \"x\"]', '\"s\"'], "
                        + "ARRAY['{\"big\": 123456789012345678901234567890}'::jsonb, 'null', NULL], "
                        + "ARRAY['<a x=\"1\">t&amp;</a>'::xml, NULL, 'plain, text', '<?xml version=\"1.0\"?><r>é</r>'], "
                        + "ARRAY['(1.5,-2.25)'::point, NULL, '(NaN,-0)', '(1e300,Infinity)'], '{sad,\"très \\\"bien\\\"\",NULL}'",
                "'{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}'",
                "'{NULL}', '{NULL}', null, '{NULL}', ARRAY[NULL::json], '{NULL}', ARRAY[NULL::xml], ARRAY[NULL::point], '{NULL}'",
                "'{{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11},{NULL}}', null, null, null, null, null, null, null, '{{ok},{happy}}'");
        List<String> updates = List.of(
                "'{ffffffff-ffff-ffff-ffff-ffffffffffff}', '{0.0.0.0/0}', '{::/0}', '{}', ARRAY['[]'::json], "
                        + "ARRAY['{\"deep\": {\"list\": [true, false, null, 0.000000000001]}}'::jsonb], ARRAY[''::xml], "
                        + "ARRAY['(0,0)'::point], '{happy}'",
                "'{}', null, '{NULL}', '{ff:ff:ff:ff:ff:ff}', null, '{}', '{}', '{}', '{}'");
        return new Group("array_other", "CREATE TYPE {t}_mood AS ENUM ('sad', 'ok', 'happy', 'très \"bien\"')", columns, rows, rows,
                updates);
    }

    /** Arrays of every built-in range type, empty and unbounded ranges and BC and infinite bounds among them. */
    private static Group rangeArrays() {
        List<Col> columns = List.of(
                Col.of("ai4r", "int4range[]", EXACT), Col.of("ai8r", "int8range[]", EXACT), Col.of("anr", "numrange[]", EXACT),
                Col.of("atsr", "tsrange[]", EXACT), Col.of("atstzr", "tstzrange[]", EXACT), Col.of("adr", "daterange[]", EXACT));
        List<String> rows = List.of(
                "ARRAY['[1,10)'::int4range, 'empty', '(,)', NULL], ARRAY['[-9223372036854775808,9223372036854775807)'::int8range, "
                        + "'[0,1]'], ARRAY['(1.50,NaN]'::numrange, '[-1.5,)'], "
                        + "ARRAY['[4713-01-01 00:00:00 BC,294247-01-01 00:00:00)'::tsrange, '(,2024-01-01 00:00:00]', 'empty', NULL], "
                        + "ARRAY['[2024-01-01 10:00+00,infinity)'::tstzrange, '[-infinity,2024-01-01 00:00:00.000001+00]', NULL], "
                        + "ARRAY['[0001-01-01 BC,5874897-12-30]'::daterange, '[-infinity,infinity]', '[1582-10-05,1582-10-15)', 'empty']",
                "'{}', '{}', '{}', '{}', '{}', '{}'",
                "'{NULL}', null, '{NULL}', '{}', null, '{NULL}'");
        List<String> updates = List.of(
                "ARRAY['empty'::int4range], '{}', ARRAY['(0,0.000000000000000000001)'::numrange], "
                        + "ARRAY['(-infinity,infinity)'::tsrange], '{}', ARRAY['(,)'::daterange]",
                "'{}', ARRAY[NULL::int8range], '{NULL}', null, "
                        + "ARRAY['(\"2024-01-01 10:00:00+00\",\"2024-01-01 10:00:00.000001+00\")'::tstzrange], '{}'");
        return new Group("array_ranges", "", columns, rows, rows, updates);
    }

    /**
     * Multi-dimensional arrays (as nested JSON arrays), arrays with explicit bounds (PostgreSQL's JSON
     * drops them, as metasync does) and empty arrays, in several element types.
     */
    private static Group arrayShapes() {
        List<Col> columns = List.of(
                Col.of("mi", "int[]", EXACT), Col.of("mt", "text[]", EXACT), Col.of("mn", "numeric[]", EXACT),
                Col.of("md", "date[]", TEMPORAL), Col.of("mb", "boolean[]", EXACT));
        List<String> rows = List.of(
                "'{{1,2},{3,4}}', '{{a,NULL},{\"\",\"NULL\"}}', '{{NaN,1.50},{-123.4500,NULL}}', "
                        + "'{{0001-01-01 BC,infinity},{1582-10-05,NULL}}', '{{t},{f}}'",
                "'{{{1},{2}},{{3},{NULL}}}', '{{{\"x,y\"}}}', '{{{1e30}}}', '{{{2024-02-29}}}', '{{{NULL}}}'",
                "'[0:1]={7,8}', '[-1:0]={a,b}', '[2:2]={0.1}', '[0:0]={-infinity}', '[0:1][-1:0]={{t,f},{f,t}}'",
                "'[0:1][-1:0]={{1,2},{3,4}}', '{}', '{}', '{}', '{}'");
        List<String> updates = List.of(
                "'{{5,6,7}}', '{{x},{y}}', '{{1},{NULL}}', '{{infinity,-infinity}}', '{}'",
                "'{}', '{{{a}}}', '[5:6]={1,2}', '{}', '{{NULL,NULL},{t,t}}'");
        return new Group("array_shapes", "", columns, rows, rows, updates);
    }

    private static Group ranges() {
        List<Col> columns = List.of(
                Col.of("tsr", "tsrange", EXACT), Col.of("tstzr", "tstzrange", EXACT), Col.of("dr", "daterange", EXACT),
                Col.of("nr", "numrange", EXACT), Col.of("ir", "int4range", EXACT), Col.of("i8r", "int8range", EXACT));
        List<String> rows = List.of(
                "'[2024-01-01 10:00, 2024-01-02 11:00:00.5)', '[2024-01-01 10:00+00,infinity)', '[2024-01-01,2024-02-01)', "
                        + "'(1.50,NaN]', '[1,10)', '(,)'",
                "'(-infinity,infinity)', '(,)', 'empty', '[-1.5,)', '(,5]', '[-9223372036854775808,9223372036854775807)'",
                "'empty', '[-infinity,2024-01-01 00:00:00.000001+00]', '[-infinity,infinity]', "
                        + "'(0,0.000000000000000000001)', 'empty', '[0,1]'");
        List<String> updates = List.of(
                "'[4713-01-01 00:00:00 BC,294247-01-01 00:00:00)', 'empty', '(,)', '(,)', '[-2147483648,2147483647)', 'empty'",
                "'(,2024-01-01 00:00:00]', '(\"2024-01-01 10:00:00+00\",\"2024-01-01 10:00:00.000001+00\")', "
                        + "'[0001-01-01 BC,5874897-12-30]', '[NaN,NaN]', '(,)', '[0,0]'");
        return new Group("ranges", "", columns, rows, rows, updates);
    }
}
