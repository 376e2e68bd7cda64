package com.tradeul.metasync.devtools.bench;

import com.tradeul.metasync.devtools.bench.BenchReport.Repetition;
import com.tradeul.metasync.devtools.bench.BenchReport.ScenarioResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Puts metasync on a Redis Cluster beside metasync on the single Redis, both measured in the same
 * run: for each {@code <scenario>@cluster} result, a {@code <scenario> cluster/single} result whose
 * "metasync" is the cluster's figure and whose baseline is the single Redis's. Pure.
 */
final class ClusterComparison {

    static final String SUFFIX = "@cluster";
    static final String BASELINE = "metasync on the single Redis";
    /** The check naming the cluster's shape, e.g. "3 masters + 3 replicas". */
    static final String CLUSTER = "cluster";
    private static final String ACHIEVED = "achievedPerSecond";

    private ClusterComparison() {}

    static String clusterScenario(String scenario) {
        return scenario + SUFFIX;
    }

    static String comparisonScenario(String scenario) {
        return scenario + " cluster/single";
    }

    /**
     * One comparison per cluster result that has a single-Redis result of the same scenario and
     * size, in the order of the cluster results; none when either side did not run.
     */
    static List<ScenarioResult> compareAll(List<ScenarioResult> results, String clusterShape) {
        List<ScenarioResult> comparisons = new ArrayList<>();
        for (ScenarioResult cluster : results) {
            if (!cluster.scenario().endsWith(SUFFIX)) {
                continue;
            }
            String scenario = cluster.scenario().substring(0, cluster.scenario().length() - SUFFIX.length());
            singleOf(results, scenario, cluster.rows()).ifPresent(single -> comparisons.add(of(single, cluster, clusterShape)));
        }
        return comparisons;
    }

    /**
     * Repetition i of the cluster against repetition i of the single Redis, folded as every scenario
     * is ({@link Summary#of}): the ratio cluster ÷ single is the median of the paired ratios; CPU,
     * RSS and heap are the cluster run's.
     *
     * @throws IllegalArgumentException when the two ran a different number of repetitions or at different sizes
     */
    static ScenarioResult of(ScenarioResult single, ScenarioResult cluster, String clusterShape) {
        if (single.repetitions().size() != cluster.repetitions().size() || single.rows() != cluster.rows()) {
            throw new IllegalArgumentException("cannot pair " + single.scenario() + " (" + single.repetitions().size() + " repetitions, "
                    + single.rows() + " rows) with " + cluster.scenario() + " (" + cluster.repetitions().size() + ", " + cluster.rows() + ")");
        }
        List<Repetition> paired = new ArrayList<>();
        for (int i = 0; i < single.repetitions().size(); i++) {
            Repetition c = cluster.repetitions().get(i);
            // The offered rate is what a latency row shows beside its percentiles.
            Map<String, Object> checks = c.checks().containsKey(ACHIEVED) ? Map.of(ACHIEVED, c.checks().get(ACHIEVED)) : Map.of();
            paired.add(new Repetition(c.metasync(), single.repetitions().get(i).metasync(), c.resources(), c.latency(), checks));
        }
        Summary.Kind kind = new Summary.Kind(comparisonScenario(single.scenario()), single.unit(), single.higherIsBetter(), BASELINE);
        return Summary.of(kind, single.rows(), paired).withCheck(CLUSTER, clusterShape);
    }

    private static Optional<ScenarioResult> singleOf(List<ScenarioResult> results, String scenario, int rows) {
        return results.stream().filter(r -> r.scenario().equals(scenario) && r.rows() == rows).findFirst();
    }
}
