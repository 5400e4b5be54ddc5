package io.jenkins.plugins.releasegate.spi;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.util.Objects;

/**
 * The WARN and FAIL limits in force for one metric.
 *
 * @param metric the metric name
 * @param unit the unit of the limits
 * @param direction which way the metric gets worse
 * @param warn the WARN limit, {@code null} for never
 * @param fail the FAIL limit, {@code null} for never
 */
public record Threshold(
        String metric,
        Unit unit,
        Direction direction,
        @CheckForNull Double warn,
        @CheckForNull Double fail) implements java.io.Serializable {
    /**
     * Creates a threshold.
     */
    public Threshold {
        Objects.requireNonNull(metric);
        Objects.requireNonNull(unit);
        Objects.requireNonNull(direction);
    }

    /**
     * Returns the status of a measured value.
     *
     * @param value the value in the unit's base
     * @return FAIL, WARN or PASS
     */
    public Status evaluate(final double value) {
        if (fail != null && direction.isBreached(value, fail)) {
            return Status.FAIL;
        }
        if (warn != null && direction.isBreached(value, warn)) {
            return Status.WARN;
        }
        return Status.PASS;
    }

    /**
     * Measures a value against this threshold.
     *
     * @param value the value in the unit's base
     * @return the measurement with its status
     */
    public Measurement measure(final double value) {
        return new Measurement(metric, value, unit, direction, warn, fail, evaluate(value));
    }

    /**
     * Returns the threshold that keeps the stricter limit of each level.
     *
     * @param other another threshold of the same metric
     * @return the combination
     */
    public Threshold stricter(final Threshold other) {
        return new Threshold(metric, unit, direction, stricter(warn, other.warn), stricter(fail, other.fail));
    }

    /**
     * Returns whether this threshold is at least as strict as the other at both levels.
     *
     * @param other another threshold of the same metric
     * @return {@code true} if no level is looser
     */
    public boolean isAtLeastAsStrictAs(final Threshold other) {
        return Objects.equals(stricter(warn, other.warn), warn) && Objects.equals(stricter(fail, other.fail), fail);
    }

    @CheckForNull
    private Double stricter(@CheckForNull final Double first, @CheckForNull final Double second) {
        if (first == null) {
            return second;
        }
        if (second == null) {
            return first;
        }
        return direction.stricter(first, second);
    }

    /**
     * Describes the limits for people, such as {@code warn ≥ 80%, fail ≥ 90%}.
     *
     * @return the text
     */
    public String describe() {
        return "warn " + describe(warn) + ", fail " + describe(fail);
    }

    private String describe(@CheckForNull final Double limit) {
        return limit == null ? "never" : direction.operator() + " " + Quantity.format(limit, unit);
    }
}
