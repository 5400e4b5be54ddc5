package io.jenkins.plugins.releasegate.spi;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.util.Objects;

/**
 * A metric whose thresholds a gate definition may set under {@code thresholds:}, with its defaults.
 *
 * @param name the metric name used in YAML and reports, such as {@code connectionsUsed}
 * @param unit the unit of its values
 * @param direction which way it gets worse
 * @param defaultWarn the default WARN threshold, {@code null} for never
 * @param defaultFail the default FAIL threshold, {@code null} for never
 * @param description what it measures, one line
 */
public record ThresholdSpec(
        String name,
        Unit unit,
        Direction direction,
        @CheckForNull Double defaultWarn,
        @CheckForNull Double defaultFail,
        String description) {
    /**
     * Creates a spec and checks that its defaults are in order.
     */
    public ThresholdSpec {
        Objects.requireNonNull(name);
        Objects.requireNonNull(unit);
        Objects.requireNonNull(direction);
        Objects.requireNonNull(description);
        if (defaultWarn != null
                && defaultFail != null
                && direction.isBreached(defaultWarn, defaultFail)
                && !defaultWarn.equals(defaultFail)) {
            throw new IllegalArgumentException("default warn threshold of " + name + " is past its fail threshold");
        }
    }

    /**
     * Creates a spec for a metric where higher is worse.
     *
     * @param name the metric name
     * @param unit the unit
     * @param warn the default WARN threshold, {@code null} for never
     * @param fail the default FAIL threshold, {@code null} for never
     * @param description what it measures
     * @return the spec
     */
    public static ThresholdSpec above(
            final String name,
            final Unit unit,
            @CheckForNull final Double warn,
            @CheckForNull final Double fail,
            final String description) {
        return new ThresholdSpec(name, unit, Direction.ABOVE, warn, fail, description);
    }

    /**
     * Creates a spec for a metric where lower is worse.
     *
     * @param name the metric name
     * @param unit the unit
     * @param warn the default WARN threshold, {@code null} for never
     * @param fail the default FAIL threshold, {@code null} for never
     * @param description what it measures
     * @return the spec
     */
    public static ThresholdSpec below(
            final String name,
            final Unit unit,
            @CheckForNull final Double warn,
            @CheckForNull final Double fail,
            final String description) {
        return new ThresholdSpec(name, unit, Direction.BELOW, warn, fail, description);
    }

    /**
     * Returns the threshold with the defaults.
     *
     * @return the default threshold
     */
    public Threshold defaults() {
        return new Threshold(name, unit, direction, defaultWarn, defaultFail);
    }
}
