package com.tradeul.metasync.devtools.bench;

import com.tradeul.metasync.devtools.bench.BenchReport.Latency;
import com.tradeul.metasync.devtools.bench.BenchReport.Repetition;
import com.tradeul.metasync.devtools.bench.BenchReport.Resources;
import com.tradeul.metasync.devtools.bench.BenchReport.ScenarioResult;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/** Folds the repetitions of a scenario into one result. Pure. */
final class Summary {

    private Summary() {}

    /** What a scenario measures, apart from its figures. */
    record Kind(String scenario, String unit, boolean higherIsBetter, String baselineName) {}

    /**
     * Medians of metasync, baseline, CPU and latency percentiles; the ratio is the median of the
     * per-repetition ratios (each pair ran back to back, so it is less noisy than the ratio of medians);
     * peaks are the highest seen; a boolean check holds only if it held in every repetition.
     */
    static ScenarioResult of(Kind kind, int rows, List<Repetition> repetitions) {
        if (repetitions.isEmpty()) {
            throw new IllegalArgumentException("no repetitions of " + kind.scenario());
        }
        Resources resources = new Resources(median(repetitions, r -> r.resources().cpuSeconds()),
                repetitions.stream().mapToLong(r -> r.resources().peakRssBytes()).max().orElse(0),
                repetitions.stream().mapToLong(r -> r.resources().peakHeapBytes()).max().orElse(0));
        return new ScenarioResult(kind.scenario(), rows, kind.unit(), kind.higherIsBetter(),
                median(repetitions, Repetition::metasync), kind.baselineName(), median(repetitions, Repetition::baseline),
                median(repetitions, r -> ratio(r.metasync(), r.baseline())), resources, latency(repetitions),
                checks(repetitions), repetitions);
    }

    static double ratio(double metasync, double baseline) {
        return baseline > 0 && Double.isFinite(baseline) ? metasync / baseline : Double.NaN;
    }

    private static double median(List<Repetition> repetitions, ToDoubleFunction<Repetition> figure) {
        return Stats.median(repetitions.stream().map(r -> figure.applyAsDouble(r)).toList());
    }

    private static Latency latency(List<Repetition> repetitions) {
        List<Latency> all = repetitions.stream().map(Repetition::latency).filter(l -> l != null).toList();
        if (all.isEmpty()) {
            return null;
        }
        return new Latency(Stats.median(all.stream().map(Latency::p50Ms).toList()),
                Stats.median(all.stream().map(Latency::p99Ms).toList()),
                all.stream().mapToDouble(Latency::maxMs).max().orElse(Double.NaN),
                all.stream().mapToLong(Latency::samples).sum());
    }

    private static Map<String, Object> checks(List<Repetition> repetitions) {
        Map<String, Object> merged = new TreeMap<>();
        for (Repetition repetition : repetitions) {
            repetition.checks().forEach((name, value) -> {
                Object before = merged.get(name);
                if (before instanceof Boolean held && value instanceof Boolean holds) {
                    merged.put(name, held && holds);
                } else {
                    merged.put(name, value);
                }
            });
        }
        return merged;
    }
}
