package com.tradeul.metasync.devtools.bench;

import java.util.Arrays;
import java.util.Collection;

/** Order statistics of measured figures. Pure and stateless. */
final class Stats {

    private Stats() {}

    /** The median; the mean of the two middle values for an even count. NaN when empty. */
    static double median(Collection<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).filter(v -> !Double.isNaN(v)).sorted().toArray();
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /**
     * The nearest-rank percentile ({@code p} in 0..100] of {@code values}: the smallest value that at
     * least p % of the values do not exceed. Sorts a copy. NaN when empty.
     */
    static double percentile(long[] values, double p) {
        if (p <= 0 || p > 100) {
            throw new IllegalArgumentException("percentile must be in (0, 100], was " + p);
        }
        if (values.length == 0) {
            return Double.NaN;
        }
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.max(rank, 1) - 1];
    }

    static double max(long[] values) {
        return values.length == 0 ? Double.NaN : Arrays.stream(values).max().getAsLong();
    }
}
