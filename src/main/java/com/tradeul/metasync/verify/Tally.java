package com.tradeul.metasync.verify;

import com.tradeul.metasync.config.TableId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Counts and keeps (bounded) what one table's verify finds. Used from one thread. */
final class Tally {

    long rows;
    long keys;
    private long inSync;
    private long overflow;
    private long settled;
    private final int show;
    /** Differing keys in the order found, with their differences; bounded by TableVerifier.MAX_PROBLEMS. */
    final Map<String, TableReport.KeyProblem> problems = new LinkedHashMap<>();
    final Map<String, List<Difference>> details = new LinkedHashMap<>();

    Tally(int show) {
        this.show = show;
    }

    void rowCompared(String key, Map<String, String> keyParts, List<Difference> differences) {
        rows++;
        if (differences.isEmpty()) {
            inSync++;
        } else {
            problem(new TableReport.KeyProblem(differences.get(0).kind(), key, keyParts), differences);
        }
    }

    void keysSeen(long count) {
        keys += count;
    }

    void extra(String key, Map<String, String> keyParts) {
        problem(new TableReport.KeyProblem(Difference.Kind.EXTRA, key, keyParts),
                List.of(new Difference(Difference.Kind.EXTRA, key, null, null, "(a value without a row)")));
    }

    private void problem(TableReport.KeyProblem problem, List<Difference> differences) {
        if (problems.size() >= TableVerifier.MAX_PROBLEMS) {
            overflow++;
            return;
        }
        problems.put(problem.key(), problem);
        details.put(problem.key(), differences);
    }

    /** A re-check found the key now equal: it was a change in flight. */
    void resolved(String key) {
        TableReport.KeyProblem problem = problems.remove(key);
        details.remove(key);
        if (problem == null) {
            return;
        }
        settled++;
        if (problem.kind() != Difference.Kind.EXTRA) {
            inSync++;
        }
    }

    /** A re-check found another difference for the key than the first pass. */
    void replaced(TableReport.KeyProblem problem, List<Difference> differences) {
        problems.put(problem.key(), problem);
        details.put(problem.key(), differences);
    }

    TableReport report(TableId table, boolean sampled) {
        long missing = count(Difference.Kind.MISSING);
        long extra = count(Difference.Kind.EXTRA);
        long wrong = count(Difference.Kind.WRONG) + overflow;
        List<Difference> shown = new ArrayList<>();
        for (List<Difference> differences : details.values()) {
            for (Difference d : differences) {
                if (shown.size() < show) {
                    shown.add(d);
                }
            }
        }
        // Over the whole table every key is in sync, wrong or extra: counting them so agrees with the
        // settled result, whatever arrived or left while verify ran. A sample only knows what it scanned.
        long keyCount = sampled ? keys : inSync + wrong + extra;
        return new TableReport(table, sampled, rows, keyCount, inSync, missing, extra, wrong, settled, shown,
                List.copyOf(problems.values()), overflow == 0);
    }

    private long count(Difference.Kind kind) {
        return problems.values().stream().filter(p -> p.kind() == kind).count();
    }
}
