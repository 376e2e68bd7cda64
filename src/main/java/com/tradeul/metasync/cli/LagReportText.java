package com.tradeul.metasync.cli;

import com.tradeul.metasync.monitor.LagReport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How {@code metasync lag} prints a {@link LagReport}: a table for people, a map for --json. Pure. */
final class LagReportText {

    private LagReportText() {}

    static String table(LagReport report) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"TOPIC", "PARTITION", "COMMITTED", "REDIS-HOLDS", "LOG-END", "LAG"});
        for (LagReport.PartitionLag p : report.partitions()) {
            rows.add(new String[] {p.topic(), Integer.toString(p.partition()), orDash(p.committed()), orDash(p.redisHeld()),
                Long.toString(p.logEnd()), orDash(p.lag())});
        }
        int[] widths = new int[6];
        rows.forEach(r -> {
            for (int i = 0; i < r.length; i++) {
                widths[i] = Math.max(widths[i], r[i].length());
            }
        });
        StringBuilder text = new StringBuilder("consumer group ").append(report.group()).append('\n');
        for (String[] r : rows) {
            text.append(String.format("%-" + widths[0] + "s", r[0]));
            for (int i = 1; i < r.length; i++) {
                text.append("  ").append(String.format("%" + widths[i] + "s", r[i]));
            }
            text.append('\n');
        }
        text.append(String.format("total lag: %,d record(s); not yet in Redis: %,d record(s)\n", report.totalLag(), report.totalRedisLag()));
        return text.toString();
    }

    static Map<String, Object> asMap(LagReport report) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("group", report.group());
        List<Map<String, Object>> partitions = new ArrayList<>();
        for (LagReport.PartitionLag p : report.partitions()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("topic", p.topic());
            row.put("partition", p.partition());
            row.put("committedOffset", p.committed());
            row.put("redisOffset", p.redisHeld());
            row.put("logEndOffset", p.logEnd());
            row.put("lag", p.lag());
            row.put("notInRedis", p.redisLag());
            partitions.add(row);
        }
        map.put("partitions", partitions);
        map.put("totalLag", report.totalLag());
        map.put("totalNotInRedis", report.totalRedisLag());
        return map;
    }

    private static String orDash(Long value) {
        return value == null ? "-" : Long.toString(value);
    }
}
