package com.tradeul.metasync.verify;

import com.tradeul.metasync.config.TableId;
import java.util.List;
import java.util.Map;

/**
 * What verify found for one table.
 *
 * @param rows rows read from PostgreSQL
 * @param keys keys of the table found in Redis
 * @param settled differences a re-check then found gone: changes that were still on their way
 *     through the pipeline, not reported (their rows count as in sync)
 * @param shown the first differences, column by column
 * @param problems every differing key (up to a bound) with its primary-key values, for repair
 * @param complete false when there were more differing keys than {@code problems} holds
 * @param unconvertible rows of the table capture could not carry exactly (dead-lettered), each
 *     {@code table key k (column c: reason)}: why some keys are missing or wrong
 */
public record TableReport(TableId table, boolean sampled, long rows, long keys, long inSync, long missing, long extra,
                          long wrong, long settled, List<Difference> shown, List<KeyProblem> problems, boolean complete,
                          List<String> unconvertible) {

    public TableReport(TableId table, boolean sampled, long rows, long keys, long inSync, long missing, long extra,
                       long wrong, long settled, List<Difference> shown, List<KeyProblem> problems, boolean complete) {
        this(table, sampled, rows, keys, inSync, missing, extra, wrong, settled, shown, problems, complete, List.of());
    }

    public TableReport {
        unconvertible = List.copyOf(unconvertible);
    }

    /** The same report, saying which rows capture could not carry. */
    public TableReport withUnconvertible(List<String> rows) {
        return new TableReport(table, sampled, this.rows, keys, inSync, missing, extra, wrong, settled, shown, problems, complete, rows);
    }

    /** A differing key and the primary-key values of its row. */
    public record KeyProblem(Difference.Kind kind, String key, Map<String, String> keyParts) {}

    public boolean clean() {
        return missing == 0 && extra == 0 && wrong == 0;
    }
}
