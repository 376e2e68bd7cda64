package com.tradeul.metasync.it;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compares a table in PostgreSQL with its JSON objects in Redis, column by column, without
 * metasync's code: PostgreSQL renders every value itself with {@code to_json(...)} (session
 * TimeZone UTC, IntervalStyle iso_8601), both sides are read as JSON token streams keeping each
 * literal's text, and structure, member names and nulls must match token for token. Leaves
 * (strings and numbers) are compared by the column's {@link Rule}.
 */
public final class TypeComparison {

    /** How a leaf PostgreSQL wrote compares with the leaf in Redis. */
    public enum Rule {
        /** Same kind (string / number / boolean) and the same literal text: numbers digit for digit. */
        EXACT,
        /** Numbers equal as doubles, sign of zero included (PostgreSQL writes 1.7976931348623157e+308, Java 1.7976931348623157E308); strings ("NaN", "Infinity", "-Infinity") equal. */
        FLOAT8,
        /** As FLOAT8, as floats (real). */
        FLOAT4,
        /**
         * date / timestamp / timestamptz strings: PostgreSQL's {@code 0001-01-01T00:00:00+00:00 BC}
         * becomes ISO-8601's {@code 0000-01-01T00:00:00Z}: a BC year Y is year 1-Y, a year past 9999
         * takes a {@code +}, years below 1000 keep four digits, offset {@code +00:00} is {@code Z};
         * {@code infinity} and {@code -infinity} stay.
         */
        TEMPORAL,
        /**
         * timetz strings, clock and offset as PostgreSQL wrote them, offsets in ISO-8601's form:
         * PostgreSQL's {@code 24:00:00+00} is {@code 24:00:00Z}, {@code 07:04:56+02} is
         * {@code 07:04:56+02:00}; {@code +05:30} and {@code +00:19:32} stay.
         */
        TIMETZ
    }

    /** A column, the SQL that makes PostgreSQL's JSON for it ({@code %s} is the column) and its rule. */
    record Col(String name, String type, String expected, Rule rule) {
        static Col of(String name, String type, Rule rule) {
            return new Col(name, type, "to_json(%s)", rule);
        }
    }

    /** What one comparison found. */
    record Outcome(List<String> differences, long rows, long values) {}

    private record Tok(JsonToken token, String text) {}

    /** numeric holds 131,072 digits before the point and 16,383 after: no limit on a number's length. */
    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNumberLength(Integer.MAX_VALUE).build()).build();
    private static final Pattern PG_DATE_TIME = Pattern.compile("(\\d{4,})(-\\d\\d-\\d\\d(?:T[0-9:.]+)?)(\\+00:00)?( BC)?");

    private TypeComparison() {}

    static Outcome compare(Connection pg, String table, List<Col> columns, RedisCommands<String, String> redis,
                           String keyPrefix) throws SQLException {
        List<String> differences = new ArrayList<>();
        long rows = 0;
        long values = 0;
        try (Statement statement = pg.createStatement()) {
            statement.execute("SET TimeZone = 'UTC'");
            statement.execute("SET IntervalStyle = 'iso_8601'");
            try (ResultSet rs = statement.executeQuery(select(table, columns))) {
                while (rs.next()) {
                    rows++;
                    String key = keyPrefix + rs.getLong(1);
                    String json = redis.get(key);
                    if (json == null) {
                        differences.add(key + ": key missing");
                        continue;
                    }
                    Map<String, List<Tok>> actual = members(json);
                    for (int i = 0; i < columns.size(); i++) {
                        Col column = columns.get(i);
                        String expected = rs.getString(i + 2);
                        values++;
                        String problem = compare(column, expected == null ? "null" : expected, actual.get(column.name()));
                        if (problem != null) {
                            differences.add(key + "." + column.name() + " (" + column.type() + "): " + problem);
                        }
                    }
                }
            }
        }
        return new Outcome(differences, rows, values);
    }

    /**
     * One value compared as {@link #compare} compares a column: {@code pgJson} is PostgreSQL's JSON
     * of it (made in the session {@link #compare} uses: TimeZone UTC, IntervalStyle iso_8601),
     * {@code metasyncJson} metasync's. Null when they match under the rule, else what differs.
     */
    public static String difference(Rule rule, String pgJson, String metasyncJson) {
        return compare(Col.of("value", "", rule), pgJson, tokens(metasyncJson));
    }

    private static String select(String table, List<Col> columns) {
        StringBuilder sql = new StringBuilder("SELECT id");
        for (Col column : columns) {
            sql.append(", (").append(column.expected().replace("%s", column.name())).append(")::text");
        }
        return sql.append(" FROM ").append(table).append(" ORDER BY id").toString();
    }

    private static String compare(Col column, String pgJson, List<Tok> redis) {
        if (redis == null) {
            return "member missing in Redis (PostgreSQL: " + pgJson + ")";
        }
        List<Tok> expected = tokens(pgJson);
        String mismatch = "PostgreSQL " + pgJson + " but Redis " + text(redis);
        if (expected.size() != redis.size()) {
            return mismatch;
        }
        for (int i = 0; i < expected.size(); i++) {
            if (!same(column.rule(), expected.get(i), redis.get(i))) {
                return mismatch;
            }
        }
        return null;
    }

    private static boolean same(Rule rule, Tok pg, Tok redis) {
        boolean pgNumber = pg.token().isNumeric();
        if (pgNumber != redis.token().isNumeric() || (!pgNumber && pg.token() != redis.token())) {
            return false;
        }
        if (pg.token() == JsonToken.VALUE_STRING) {
            return switch (rule) {
                case TEMPORAL -> iso(pg.text()).equals(redis.text());
                case TIMETZ -> isoOffset(pg.text()).equals(redis.text());
                default -> pg.text().equals(redis.text());
            };
        }
        if (pgNumber) {
            return switch (rule) {
                case FLOAT8 -> Double.valueOf(pg.text()).equals(Double.valueOf(redis.text()));
                case FLOAT4 -> Float.valueOf(pg.text()).equals(Float.valueOf(redis.text()));
                default -> pg.text().equals(redis.text());
            };
        }
        return pg.token() != JsonToken.FIELD_NAME || pg.text().equals(redis.text());
    }

    /** {@link Rule#TEMPORAL}'s mapping of PostgreSQL's JSON date/time text to ISO-8601. */
    static String iso(String pg) {
        if (pg.equals("infinity") || pg.equals("-infinity")) {
            return pg;
        }
        Matcher m = PG_DATE_TIME.matcher(pg);
        if (!m.matches()) {
            throw new IllegalStateException("unexpected date/time from PostgreSQL: " + pg);
        }
        long year = Long.parseLong(m.group(1));
        if (m.group(4) != null) {
            year = 1 - year;
        }
        String digits = String.format("%04d", Math.abs(year));
        String sign = year < 0 ? "-" : year > 9999 ? "+" : "";
        return sign + digits + m.group(2) + (m.group(3) == null ? "" : "Z");
    }

    /** {@link Rule#TIMETZ}'s mapping of PostgreSQL's offset to ISO-8601's. */
    static String isoOffset(String pg) {
        if (pg.endsWith("+00")) {
            return pg.substring(0, pg.length() - 3) + "Z";
        }
        return pg.matches(".*[0-9][+-][0-9]{2}") ? pg + ":00" : pg;
    }

    /** The top-level members of a JSON object, each as its value's tokens. */
    private static Map<String, List<Tok>> members(String json) {
        Map<String, List<Tok>> members = new LinkedHashMap<>();
        try (JsonParser parser = JSON.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalStateException("not a JSON object: " + json);
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                members.put(name, value(parser, parser.nextToken()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return members;
    }

    private static List<Tok> tokens(String json) {
        try (JsonParser parser = JSON.createParser(json)) {
            return value(parser, parser.nextToken());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Tok> value(JsonParser parser, JsonToken first) throws IOException {
        List<Tok> tokens = new ArrayList<>();
        int depth = 0;
        JsonToken token = first;
        do {
            tokens.add(new Tok(token, token == JsonToken.FIELD_NAME ? parser.currentName() : parser.getText()));
            depth += token.isStructStart() ? 1 : token.isStructEnd() ? -1 : 0;
        } while (depth > 0 && (token = parser.nextToken()) != null);
        return tokens;
    }

    private static String text(List<Tok> tokens) {
        StringBuilder text = new StringBuilder();
        for (Tok tok : tokens) {
            text.append(tok.token() == JsonToken.VALUE_STRING ? "\"" + tok.text() + "\"" : tok.text()).append(' ');
        }
        return text.toString().trim();
    }
}
