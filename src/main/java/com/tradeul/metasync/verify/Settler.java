package com.tradeul.metasync.verify;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Tells changes in flight from real drift. A key that differs may only be behind: its row changed
 * after the verify snapshot, or apply has not written it yet. So each differing key is compared
 * again with PostgreSQL's current row and Redis's current value, round after round, until it
 * matches (dropped) or the settle time runs out (reported).
 */
final class Settler {

    interface Comparer {
        List<Difference> compare(String key, PostgresRows.Row row, byte[] actual);
    }

    private static final Duration PAUSE = Duration.ofMillis(250);

    private final PostgresRows rows;
    private final Function<PostgresRows.Row, Map<String, String>> keyPartsOf;
    private final Comparer comparer;

    Settler(PostgresRows rows, Function<PostgresRows.Row, Map<String, String>> keyPartsOf, Comparer comparer) {
        this.rows = rows;
        this.keyPartsOf = keyPartsOf;
        this.comparer = comparer;
    }

    void settle(Tally tally, Duration settle, com.tradeul.metasync.clients.RedisKeyspace redis) throws Exception {
        long deadline = System.nanoTime() + settle.toNanos();
        while (!tally.problems.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(PAUSE.toMillis());
            recheck(tally, redis);
        }
    }

    private void recheck(Tally tally, com.tradeul.metasync.clients.RedisKeyspace redis) throws Exception {
        List<TableReport.KeyProblem> open = new ArrayList<>(tally.problems.values());
        for (int from = 0; from < open.size(); from += TableVerifier.BATCH) {
            List<TableReport.KeyProblem> batch = open.subList(from, Math.min(open.size(), from + TableVerifier.BATCH));
            Map<Map<String, String>, PostgresRows.Row> current = new LinkedHashMap<>();
            for (PostgresRows.Row row : rows.byKeys(batch.stream().map(TableReport.KeyProblem::keyParts)
                    .filter(p -> !p.isEmpty()).toList())) {
                current.put(keyPartsOf.apply(row), row);
            }
            for (TableReport.KeyProblem problem : batch) {
                byte[] actual = TableVerifier.await(redis.strings().get(problem.key()));
                PostgresRows.Row row = current.get(problem.keyParts());
                List<Difference> differences = row == null
                        ? (actual == null ? List.of() : List.of(new Difference(Difference.Kind.EXTRA, problem.key(), null, null, "(a value without a row)")))
                        : comparer.compare(problem.key(), row, actual);
                if (differences.isEmpty()) {
                    tally.resolved(problem.key());
                } else {
                    tally.replaced(new TableReport.KeyProblem(differences.get(0).kind(), problem.key(), problem.keyParts()), differences);
                }
            }
        }
    }
}
