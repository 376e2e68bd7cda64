package com.tradeul.metasync.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The fault matrix's result as a Markdown table, one row per fault, as the README carries it.
 * Not thread safe.
 */
final class FaultTable {

    /**
     * @param lasted  from the fault's start until its cause was removed (zero for an instant fault)
     * @param healed  from then until a change committed at that moment was in Redis and every key was there; null: not healed
     * @param changes live updates committed from the fault's start until it healed (or the wait ended)
     * @param result  verify's summary, or why the fault did not heal
     */
    record Row(String fault, Duration lasted, Duration healed, long changes, String result, boolean passed) {}

    private final List<Row> rows = new ArrayList<>();

    void add(Row row) {
        rows.add(row);
    }

    List<Row> failed() {
        return rows.stream().filter(row -> !row.passed()).toList();
    }

    String markdown() {
        StringBuilder out = new StringBuilder("| fault | fault lasted | time to heal | changes during the fault | result |\n"
                + "|---|---:|---:|---:|---|\n");
        for (Row row : rows) {
            out.append("| ").append(row.fault()).append(" | ").append(seconds(row.lasted())).append(" | ")
                    .append(row.healed() == null ? "not healed" : seconds(row.healed())).append(" | ")
                    .append(String.format(Locale.ROOT, "%,d", row.changes())).append(" | ").append(row.result()).append(" |\n");
        }
        return out.toString();
    }

    private static String seconds(Duration duration) {
        return duration.isZero() ? "instant" : String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }
}
