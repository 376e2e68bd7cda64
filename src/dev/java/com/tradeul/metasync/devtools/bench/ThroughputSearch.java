package com.tradeul.metasync.devtools.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the highest change rate metasync sustains with bounded lag, by doubling the offered rate
 * step after step. Lag is the number of changes committed in PostgreSQL and not yet applied to
 * Redis. A step passes when apply kept up: from the middle to the end of the step the lag grew by
 * at most 10 % of the changes delivered in that half (and at least {@value #MIN_GROWTH}, about one
 * batch, which sampling alone can show), and stayed under {@value #MAX_LAG_SECONDS} s of changes.
 * Steady latency makes a steady lag, which passes; a rate beyond apply's makes the lag grow. The
 * search stops at the first step that fails, or when the load generator delivered less than 90 %
 * of the offered rate (then the result is a lower bound, and says so). After the first step that
 * lags, {@value #REFINEMENTS} more steps bisect between the last rate that kept up and it, so the
 * figure is not just the last power of two below the limit. Pure; not thread safe.
 */
final class ThroughputSearch {

    static final double DELIVERED_FRACTION = 0.9;
    static final double GROWTH_FRACTION = 0.1;
    static final long MIN_GROWTH = 500;
    static final double MAX_LAG_SECONDS = 5.0;
    static final int REFINEMENTS = 2;

    /**
     * What one step measured.
     *
     * @param seconds how long the load ran
     */
    record Step(double offeredPerSecond, double achievedPerSecond, long lagAtMiddle, long lagAtEnd, double seconds) {

        boolean generatorKeptUp() {
            return achievedPerSecond >= DELIVERED_FRACTION * offeredPerSecond;
        }

        boolean lagBounded() {
            double allowedGrowth = Math.max(MIN_GROWTH, GROWTH_FRACTION * achievedPerSecond * seconds / 2);
            return lagAtEnd - lagAtMiddle <= allowedGrowth && lagAtEnd <= Math.max(MIN_GROWTH, MAX_LAG_SECONDS * achievedPerSecond);
        }
    }

    private final double maxRate;
    private final List<Step> steps = new ArrayList<>();
    private double next;
    private String stopReason;
    private double lastKeptUp = Double.NaN;
    private double firstLagged = Double.NaN;
    private int refinementsLeft = REFINEMENTS;

    ThroughputSearch(double startRate, double maxRate) {
        if (!(startRate > 0) || maxRate < startRate) {
            throw new IllegalArgumentException("need 0 < start rate <= max rate, got " + startRate + " and " + maxRate);
        }
        this.next = startRate;
        this.maxRate = maxRate;
    }

    /** The rate to offer next; empty once the search is over. */
    Optional<Double> nextRate() {
        return stopReason == null ? Optional.of(next) : Optional.empty();
    }

    void record(Step step) {
        steps.add(step);
        boolean refining = !Double.isNaN(firstLagged);
        if (!step.generatorKeptUp()) {
            stopReason = step.lagBounded() ? "generator-limited" : "lag-grew";
        } else if (!step.lagBounded()) {
            firstLagged = step.offeredPerSecond();
            bisectOrStop(refining);
        } else if (refining) {
            lastKeptUp = step.offeredPerSecond();
            bisectOrStop(true);
        } else if (next * 2 > maxRate) {
            stopReason = "max-rate-reached";
        } else {
            lastKeptUp = step.offeredPerSecond();
            next = next * 2;
        }
    }

    /** Offers the rate halfway between the last that kept up and the first that lagged, while refinements remain. */
    private void bisectOrStop(boolean refining) {
        if (refining) {
            refinementsLeft--;
        }
        if (Double.isNaN(lastKeptUp) || refinementsLeft <= 0) {
            stopReason = "lag-grew";
        } else {
            next = Math.rint((lastKeptUp + firstLagged) / 2);
        }
    }

    /** The step with the highest delivered rate that apply kept up with (bounded lag). */
    Optional<Step> best() {
        return steps.stream().filter(Step::lagBounded)
                .max((a, b) -> Double.compare(a.achievedPerSecond(), b.achievedPerSecond()));
    }

    /**
     * Why the search ended: {@code lag-grew} (metasync's limit was found), {@code generator-limited}
     * (the load generator's limit came first, so the result is a lower bound) or {@code max-rate-reached};
     * null while it runs.
     */
    String stopReason() {
        return stopReason;
    }

    List<Step> steps() {
        return List.copyOf(steps);
    }
}
