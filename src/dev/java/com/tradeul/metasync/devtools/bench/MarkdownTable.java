package com.tradeul.metasync.devtools.bench;

import com.tradeul.metasync.devtools.bench.BenchReport.Header;
import com.tradeul.metasync.devtools.bench.BenchReport.Latency;
import com.tradeul.metasync.devtools.bench.BenchReport.ScenarioResult;
import java.util.Locale;

/** Renders a {@link BenchReport} as the Markdown the README's "Performance" section holds. Pure. */
public final class MarkdownTable {

    private static final double MB = 1024.0 * 1024.0;

    private MarkdownTable() {}

    public static String render(BenchReport report) {
        StringBuilder md = new StringBuilder();
        Header h = report.header();
        md.append(String.format(Locale.ROOT, "metasync bench, %s: %d cores, Java %s, PostgreSQL %s, Redis %s, Kafka %s, Debezium %s; "
                        + "median of %d repetition(s), streaming %d s per rate, max heap %.0f MB.%n",
                h.date(), h.cores(), h.java(), h.postgres(), h.redis(), h.kafka(), h.debezium(), h.repetitions(),
                h.streamingSeconds(), h.maxHeapBytes() / MB));
        md.append(h.measured()).append(System.lineSeparator());
        if (h.redisCluster() != null) {
            md.append("Rows @cluster: metasync writing to a Redis Cluster (").append(h.redisCluster()).append("), same machine; rows "
                    + "\"cluster/single\": ratio = cluster ÷ single Redis, paired repetitions of this run.").append(System.lineSeparator());
        }
        md.append("Ratio = metasync ÷ baseline, both measured in this run: for rows/s higher is better, for latency lower is better.")
                .append(System.lineSeparator()).append(System.lineSeparator());
        md.append("| scenario | rows | metasync | baseline | ratio | CPU s | peak RSS MB | peak heap MB |").append(System.lineSeparator());
        md.append("|---|---:|---|---|---:|---:|---:|---:|").append(System.lineSeparator());
        for (ScenarioResult r : report.results()) {
            md.append(String.format(Locale.ROOT, "| %s | %,d | %s | %s | %s | %.1f | %.0f | %.0f |%n",
                    r.scenario(), r.rows(), metasyncCell(r), baselineCell(r), number(r.ratio()),
                    r.resources().cpuSeconds(), r.resources().peakRssBytes() / MB, r.resources().peakHeapBytes() / MB));
        }
        for (ScenarioResult r : report.results()) {
            String layouts = fenceLayouts(r);
            if (!layouts.isEmpty()) {
                md.append(System.lineSeparator()).append(layouts).append(System.lineSeparator());
            }
        }
        return md.toString();
    }

    /**
     * "Fence layouts, Redis alone with metasync's writes for rebuild's 2,000 rows: per-key 170,000 rows/s
     * (0.40 of baseline), 404 B/row (1.35× a bare SET); ..." when the scenario measured them; else "".
     */
    static String fenceLayouts(ScenarioResult r) {
        StringBuilder line = new StringBuilder();
        for (FenceLayout layout : FenceLayout.values()) {
            String name = FenceLayoutRuns.PREFIX + layout.label();
            if (!(r.checks().get(name + FenceLayoutRuns.ROWS_PER_SECOND) instanceof Number rate)) {
                continue;
            }
            line.append(line.length() == 0 ? String.format(Locale.ROOT, "Fence layouts, Redis alone with metasync's writes for %s's %,d rows: ",
                    r.scenario(), r.rows()) : "; ");
            line.append(String.format(Locale.ROOT, "%s %s rows/s (%s of baseline)", layout.label(), number(rate.doubleValue()),
                    number(Summary.ratio(rate.doubleValue(), r.baseline()))));
            if (r.checks().get(name + FenceLayoutRuns.MEMORY_PER_ROW) instanceof Number bytes
                    && r.checks().get(name + FenceLayoutRuns.MEMORY_RATIO) instanceof Number ratio) {
                line.append(String.format(Locale.ROOT, ", %s B/row (%s× a bare SET)", number(bytes.doubleValue()), number(ratio.doubleValue())));
            }
        }
        return line.length() == 0 ? "" : line.append('.').toString();
    }

    private static String metasyncCell(ScenarioResult r) {
        Latency l = r.latency();
        String figure = figure(r.metasync(), r.unit());
        if (l == null) {
            return figure + memoryText(r);
        }
        Object rate = r.checks().get("achievedPerSecond");
        return String.format(Locale.ROOT, "p50 %s / p99 %s / max %s ms at %s changes/s", number(l.p50Ms()), number(l.p99Ms()),
                number(l.maxMs()), rate instanceof Number n ? String.format(Locale.ROOT, "%,.0f", n.doubleValue()) : "?");
    }

    private static String baselineCell(ScenarioResult r) {
        String cell = figure(r.baseline(), r.unit()) + " (" + r.baselineName() + ")";
        if (r.checks().get(RebuildScenario.CEILING) instanceof Number ceiling) {
            cell += String.format(Locale.ROOT, "; Redis alone with metasync's fenced writes: %s rows/s (%s of baseline)",
                    number(ceiling.doubleValue()), number(Summary.ratio(ceiling.doubleValue(), r.baseline())));
        }
        return cell;
    }

    /** "; Redis memory 412 B/row, 1.37× a bare SET's 301 B" when the scenario measured it. */
    private static String memoryText(ScenarioResult r) {
        if (r.checks().get(MemoryPerRow.METASYNC) instanceof Number metasync && r.checks().get(MemoryPerRow.BASELINE) instanceof Number bare
                && r.checks().get(MemoryPerRow.RATIO) instanceof Number ratio) {
            return String.format(Locale.ROOT, "; Redis memory %s B/row, %s× a bare SET's %s B", number(metasync.doubleValue()),
                    number(ratio.doubleValue()), number(bare.doubleValue()));
        }
        return "";
    }

    private static String figure(double value, String unit) {
        return number(value) + " " + unit;
    }

    /** Thousands separators for big figures, two significant decimals for small ones, "n/a" for NaN. */
    static String number(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return "n/a";
        }
        double abs = Math.abs(value);
        if (abs >= 100) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        return abs >= 10 ? String.format(Locale.ROOT, "%.1f", value) : String.format(Locale.ROOT, "%.2f", value);
    }
}
