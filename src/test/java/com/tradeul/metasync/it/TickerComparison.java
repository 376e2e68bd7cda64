package com.tradeul.metasync.it;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.tradeul.metasync.devtools.demo.SampleTickers;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compares a ticker table in PostgreSQL with its keys in Redis, independently of metasync's
 * normalizer: PostgreSQL renders each value itself ({@code col::text}, TimeZone UTC), and the
 * Redis JSON is read token by token, so a number is compared as the literal digits written.
 * Rule: numbers and booleans as their JSON literal text; strings as their text; NaN/Infinity
 * as the strings "NaN"/"Infinity"/"-Infinity"; timestamptz as the same instant; NULL as null.
 */
final class TickerComparison {

    private static final Set<String> NUMBER_COLUMNS = Set.of("price", "ratio", "change_pct", "volume");
    private static final DateTimeFormatter PG_TIMESTAMPTZ = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true).optionalEnd()
            .appendPattern("X")
            .toFormatter();
    private static final JsonFactory JSON = new JsonFactory();

    /** One JSON member as written: its token kind and literal text. */
    record Literal(JsonToken token, String text) {}

    /** @return one line per difference; empty when every column of every row matches */
    static List<String> differences(Connection pg, String table, RedisCommands<String, String> redis, String keyPrefix)
            throws SQLException {
        Map<String, Map<String, String>> expected = postgresTexts(pg, table);
        List<String> differences = new ArrayList<>();
        for (var row : expected.entrySet()) {
            String json = redis.get(keyPrefix + row.getKey());
            if (json == null) {
                differences.add(row.getKey() + ": key missing");
                continue;
            }
            Map<String, Literal> actual = literals(json);
            for (var column : row.getValue().entrySet()) {
                String problem = compare(column.getKey(), column.getValue(), actual.get(column.getKey()));
                if (problem != null) {
                    differences.add(row.getKey() + "." + column.getKey() + ": " + problem);
                }
            }
        }
        return differences;
    }

    static Map<String, Map<String, String>> postgresTexts(Connection pg, String table) throws SQLException {
        Map<String, Map<String, String>> rows = new LinkedHashMap<>();
        String select = "SELECT " + String.join(", ", SampleTickers.COLUMNS.stream().map(c -> c + "::text").toList())
                + " FROM " + table + " ORDER BY symbol";
        try (Statement statement = pg.createStatement()) {
            statement.execute("SET TimeZone = 'UTC'");
            try (ResultSet rs = statement.executeQuery(select)) {
                while (rs.next()) {
                    Map<String, String> row = new LinkedHashMap<>();
                    for (int i = 0; i < SampleTickers.COLUMNS.size(); i++) {
                        row.put(SampleTickers.COLUMNS.get(i), rs.getString(i + 1));
                    }
                    rows.put(rs.getString(1), row);
                }
            }
        }
        return rows;
    }

    static String compare(String column, String pgText, Literal redis) {
        if (redis == null) {
            return "column missing in Redis (PostgreSQL: " + pgText + ")";
        }
        boolean same;
        if (pgText == null) {
            same = redis.token() == JsonToken.VALUE_NULL;
        } else if (column.equals("listed_at")) {
            same = redis.token() == JsonToken.VALUE_STRING
                    && Instant.parse(redis.text()).equals(OffsetDateTime.parse(pgText, PG_TIMESTAMPTZ).toInstant());
        } else if (column.equals("active")) {
            same = redis.token().isBoolean() && redis.text().equals(pgText);
        } else if (NUMBER_COLUMNS.contains(column) && Set.of("NaN", "Infinity", "-Infinity").contains(pgText)) {
            same = redis.token() == JsonToken.VALUE_STRING && redis.text().equals(pgText);
        } else if (NUMBER_COLUMNS.contains(column)) {
            same = redis.token().isNumeric() && redis.text().equals(pgText);
        } else {
            same = redis.token() == JsonToken.VALUE_STRING && redis.text().equals(pgText);
        }
        return same ? null : "PostgreSQL " + pgText + " but Redis " + redis.token() + " " + redis.text();
    }

    static Map<String, Literal> literals(String json) {
        Map<String, Literal> members = new LinkedHashMap<>();
        try (JsonParser parser = JSON.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalStateException("not a JSON object: " + json);
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken token = parser.nextToken();
                members.put(name, new Literal(token, parser.getText()));
                parser.skipChildren();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return members;
    }
}
