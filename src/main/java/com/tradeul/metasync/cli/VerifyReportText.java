package com.tradeul.metasync.cli;

import com.tradeul.metasync.verify.Difference;
import com.tradeul.metasync.verify.TableReport;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How verify reports read, as text and as JSON. Pure. */
final class VerifyReportText {

    private VerifyReportText() {}

    static String describe(TableReport r) {
        StringBuilder text = new StringBuilder(String.format(
                "%s: %s%,d rows, %,d keys: %,d in sync, %,d missing, %,d extra, %,d wrong -> %s%n",
                r.table(), r.sampled() ? "sample of " : "", r.rows(), r.keys(), r.inSync(), r.missing(), r.extra(), r.wrong(),
                r.clean() ? "IN SYNC" : "DIFFERENT"));
        if (!r.unconvertible().isEmpty()) {
            text.append(String.format("  %,d row(s) could not be carried exactly and went to the dead-letter topic"
                    + " (fix the value in PostgreSQL; its next change flows again):%n", r.unconvertible().size()));
            r.unconvertible().forEach(row -> text.append("    ").append(row).append(System.lineSeparator()));
        }
        if (r.settled() > 0) {
            text.append(String.format("  %,d difference(s) settled while re-checking (changes in flight, not drift)%n", r.settled()));
        }
        for (Difference d : r.shown()) {
            text.append(String.format("  %-7s %s", d.kind(), d.key()));
            if (d.kind() == Difference.Kind.WRONG) {
                text.append(d.column() == null ? " (whole value)" : " column " + d.column())
                        .append(": PostgreSQL ").append(d.postgres()).append(" | Redis ").append(d.redis());
            }
            text.append(System.lineSeparator());
        }
        if (!r.complete()) {
            text.append("  (more differing keys than verify keeps; counts are exact, repair covers the first ones)")
                    .append(System.lineSeparator());
        }
        return text.toString();
    }

    static Map<String, Object> asMap(TableReport r) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("table", r.table().toString());
        map.put("sampled", r.sampled());
        map.put("rows", r.rows());
        map.put("keys", r.keys());
        map.put("inSync", r.inSync());
        map.put("missing", r.missing());
        map.put("extra", r.extra());
        map.put("wrong", r.wrong());
        map.put("clean", r.clean());
        map.put("settled", r.settled());
        map.put("unconvertible", r.unconvertible());
        List<Map<String, Object>> shown = r.shown().stream().map(d -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("kind", d.kind().name());
            m.put("key", d.key());
            m.put("column", d.column());
            m.put("postgres", d.postgres());
            m.put("redis", d.redis());
            return m;
        }).toList();
        map.put("differences", shown);
        return map;
    }
}
