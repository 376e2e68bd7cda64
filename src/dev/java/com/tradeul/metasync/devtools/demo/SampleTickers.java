package com.tradeul.metasync.devtools.demo;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.postgresql.PGConnection;

/**
 * A {@code ticker_metadata} table like the scanner's, with deterministic sample rows. Every 238th
 * row carries one of the awkward values that broke the old copy job (exact decimals beyond a
 * double, trailing zeros, NaN and the infinities, NULLs, 64-bit extremes, quotes and emoji):
 * 51 of the default 12,140 rows, as in the incident.
 */
public final class SampleTickers {

    public static final int DEFAULT_ROWS = 12_140;
    public static final int AWKWARD_EVERY = 238;

    /** Columns of the table, in order. */
    public static final List<String> COLUMNS = List.of(
            "symbol", "name", "price", "ratio", "change_pct", "volume", "exchange", "listed_at", "active");

    /** Awkward rows: price numeric(20,2), ratio numeric, change_pct numeric(8,4), volume, name (null = \N). */
    private static final String[][] AWKWARD = {
        {"123456789012345678.90", "1.5", "0.0000", "1", "Big Price Corp"},
        {"1.00", "0.000000000123", "0.0001", "2", "Tiny Ratio Inc"},
        {"2.50", "1e30", "-0.0001", "3", "Huge Ratio Ltd"},
        {"-1.10", "-123.4500", "12.3400", "4", "Trailing Zeros SA"},
        {"0", "0", "0", "0", "Zero Holdings"},
        {"-0.00", "-0.00", "-0.0000", "5", "Negative Zero plc"},
        {"3.00", "NaN", "1.0000", "6", "Not A Number AG"},
        {"4.00", "Infinity", "2.0000", "7", "Infinite Growth Co"},
        {"5.00", "-Infinity", "3.0000", "8", "Bottomless Ltd"},
        {"NaN", "1", "4.0000", "9", "NaN Price Corp"},
        {"\\N", "\\N", "\\N", "\\N", "\\N"},
        {"999999999999999999.99", "9999999999999999999999999999.99999999", "9999.9999", "10", "Max Values Inc"},
        {"0.01", "0.10", "-9999.9999", "11", "Min Change Corp"},
        {"6.00", "2", "5.0000", "9223372036854775807", "Long Max Corp"},
        {"7.00", "3", "6.0000", "-9223372036854775808", "Long Min Corp"},
        {"8.00", "4", "7.0000", "12", "Café \"Ünïcode\" 🚀 \\\\ back\\\\slash\\ttab"},
        {"9.00", "3.14159265358979323846264338327950288", "8.0000", "13", "Pi Beyond Double"},
    };

    private SampleTickers() {}

    public static String createTableSql(String table) {
        return "CREATE TABLE " + table + " ("
                + "symbol text PRIMARY KEY, name text, price numeric(20,2), ratio numeric, change_pct numeric(8,4), "
                + "volume bigint, exchange text, listed_at timestamptz, active boolean)";
    }

    /** Creates the table and loads {@code rows} sample rows with COPY. */
    public static void load(Connection connection, String table, int rows) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(createTableSql(table));
        }
        StringBuilder copy = new StringBuilder(rows * 96);
        for (int i = 0; i < rows; i++) {
            copy.append(row(i)).append('\n');
        }
        try {
            connection.unwrap(PGConnection.class).getCopyAPI()
                    .copyIn("COPY " + table + " (" + String.join(",", COLUMNS) + ") FROM STDIN", new StringReader(copy.toString()));
        } catch (IOException e) {
            throw new SQLException("COPY into " + table + " failed", e);
        }
    }

    public static boolean isAwkward(int index) {
        return index % AWKWARD_EVERY == 0 && index / AWKWARD_EVERY < 51;
    }

    /** Symbol of the i-th sample row. */
    public static String symbol(int index) {
        return "T" + String.format("%05d", index);
    }

    /** The i-th row in COPY text format (tab-separated, \N for NULL). */
    static String row(int index) {
        String symbol = symbol(index);
        String listedAt = String.format("20%02d-%02d-%02d %02d:%02d:%02d.%06d+00",
                index % 25, 1 + index % 12, 1 + index % 28, index % 24, index % 60, (index * 7) % 60, (int) ((index * 7919L) % 1_000_000));
        String exchange = switch (index % 3) {
            case 0 -> "NASDAQ";
            case 1 -> "NYSE";
            default -> "AMEX";
        };
        String active = index % 7 == 0 ? "false" : "true";
        if (isAwkward(index)) {
            String[] a = AWKWARD[(index / AWKWARD_EVERY) % AWKWARD.length];
            boolean allNull = a[0].equals("\\N");
            return String.join("\t", symbol, a[4], a[0], a[1], a[2], a[3], exchange,
                    allNull ? "\\N" : listedAt, allNull ? "\\N" : active);
        }
        // Ordinary rows still carry trailing zeros and varying scales: 12.30, 0.500, 7.1000.
        String price = (index % 5000) + "." + String.format("%02d", (index * 37) % 100);
        String ratio = (index % 97) + "." + "0".repeat(index % 4) + (index % 10);
        String change = String.format("%d.%04d", (index % 200) - 100, (index * 13) % 10000);
        return String.join("\t", symbol, "Company " + index, price, ratio, change,
                Long.toString(1_000L * index + 17), exchange, listedAt, active);
    }
}
