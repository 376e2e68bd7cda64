package com.tradeul.metasync.devtools.bench;

/**
 * The SQL of the bench: a {@code ticker_metadata}-shaped table filled by {@code generate_series},
 * and queries that render its rows as Redis protocol (RESP) for {@code redis-cli --pipe}, with the
 * same keys and byte-identical JSON values metasync writes (members in column order; numerics with
 * PostgreSQL's digits and scale; timestamps in UTC with {@code Z} and no trailing zeros in the
 * fraction). The generated rows hold no NaN, infinities or non-ASCII text, which this SQL rendering
 * does not cover. Pure.
 */
final class BenchSql {

    static final String TABLE = "public.ticker_metadata";
    static final String KEY_PREFIX = "metadata:ticker:";

    private BenchSql() {}

    static String createTable() {
        return "CREATE TABLE " + TABLE + " (symbol text PRIMARY KEY, name text, price numeric(20,2), ratio numeric, "
                + "change_pct numeric(8,4), volume bigint, exchange text, listed_at timestamptz, active boolean)";
    }

    /** Fills rows 0..rows-1: symbols T0000000.., every 1000th name NULL, varied scales and timestamps. */
    static String fill(int rows) {
        return "INSERT INTO " + TABLE + " (symbol, name, price, ratio, change_pct, volume, exchange, listed_at, active) "
                + "SELECT " + symbolOf("i") + ", "
                + "CASE WHEN i % 1000 = 999 THEN NULL ELSE 'Company ' || i END, "
                + "((i % 5000) || '.' || lpad(((i * 37) % 100)::text, 2, '0'))::numeric(20,2), "
                + "((i % 97) || '.' || repeat('0', i % 4) || (i % 10))::numeric, "
                + "(((i % 200) - 100) || '.' || lpad(((i * 13) % 10000)::text, 4, '0'))::numeric(8,4), "
                + "1000 * i::bigint + 17, "
                + "(ARRAY['NASDAQ','NYSE','AMEX'])[i % 3 + 1], "
                + "timestamptz '2000-01-01 00:00:00+00' + ((i::bigint * 7919) % 788400000) * interval '1 second'"
                + " + ((i::bigint * 7919) % 1000000) * interval '1 microsecond', "
                + "i % 7 <> 0 "
                + "FROM generate_series(0, " + (rows - 1) + ") AS i";
    }

    /** The SQL expression of row {@code i}'s symbol; {@link #symbol} is the same in Java. */
    private static String symbolOf(String i) {
        return "'T' || lpad(" + i + "::text, 7, '0')";
    }

    static String symbol(long index) {
        return String.format("T%07d", index);
    }

    /** The JSON object metasync writes for a row of the table, as a SQL text expression. */
    static String jsonValue() {
        return "'{\"symbol\":' || to_json(symbol)::text"
                + " || ',\"name\":' || coalesce(to_json(name)::text, 'null')"
                + " || ',\"price\":' || coalesce(price::text, 'null')"
                + " || ',\"ratio\":' || coalesce(ratio::text, 'null')"
                + " || ',\"change_pct\":' || coalesce(change_pct::text, 'null')"
                + " || ',\"volume\":' || coalesce(volume::text, 'null')"
                + " || ',\"exchange\":' || coalesce(to_json(exchange)::text, 'null')"
                + " || ',\"listed_at\":' || coalesce('\"' || regexp_replace(to_char(listed_at AT TIME ZONE 'UTC',"
                + " 'YYYY-MM-DD\"T\"HH24:MI:SS.US'), '\\.?0+$', '') || 'Z\"', 'null')"
                + " || ',\"active\":' || coalesce(active::text, 'null') || '}'";
    }

    /**
     * One line per row: {@code SET key value} in RESP, lengths in bytes ({@code octet_length}). Each
     * line ends in {@code \r}; {@code psql -At} adds the {@code \n} that completes RESP's CRLF.
     */
    static String respSetQuery() {
        return "SELECT '*3' || E'\\r\\n$3\\r\\nSET\\r\\n$' || octet_length(k) || E'\\r\\n' || k || E'\\r\\n$' || octet_length(v)"
                + " || E'\\r\\n' || v || E'\\r' FROM (SELECT '" + KEY_PREFIX + "' || symbol AS k, " + jsonValue()
                + " AS v FROM " + TABLE + ") AS rows";
    }

    /** Like {@link #respSetQuery} with {@code GET key}: reads every row's key back, compares nothing. */
    static String respGetQuery() {
        return "SELECT '*2' || E'\\r\\n$3\\r\\nGET\\r\\n$' || octet_length(k) || E'\\r\\n' || k || E'\\r'"
                + " FROM (SELECT '" + KEY_PREFIX + "' || symbol AS k FROM " + TABLE + ") AS rows";
    }

    /** One single-row change for the latency scenario: the sequence number goes into {@code volume}. */
    static String updateVolume() {
        return "UPDATE " + TABLE + " SET volume = ? WHERE symbol = ?";
    }

    /** A transaction of several changes for the throughput scenario. */
    static String updateMany() {
        return "UPDATE " + TABLE + " SET volume = volume + 1 WHERE symbol = ANY (?)";
    }
}
