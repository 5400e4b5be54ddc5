package io.jenkins.plugins.releasegate.spi;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.util.Objects;

/**
 * A measured value beside the thresholds it was judged against.
 *
 * @param name the metric name
 * @param value the value in the unit's base
 * @param unit the unit
 * @param direction which way the metric gets worse
 * @param warnAt the WARN threshold, {@code null} if none
 * @param failAt the FAIL threshold, {@code null} if none
 * @param status the status of this value
 */
public record Measurement(
        String name,
        double value,
        Unit unit,
        Direction direction,
        @CheckForNull Double warnAt,
        @CheckForNull Double failAt,
        Status status)
        implements java.io.Serializable {
    /**
     * Creates a measurement.
     */
    public Measurement {
        Objects.requireNonNull(name);
        Objects.requireNonNull(unit);
        Objects.requireNonNull(direction);
        Objects.requireNonNull(status);
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("measurement " + name + " has no finite value");
        }
    }

    /**
     * Creates an informational measurement without thresholds, such as a transaction rate.
     *
     * @param name the metric name
     * @param value the value
     * @param unit the unit
     * @return the measurement, with status PASS
     */
    public static Measurement informational(final String name, final double value, final Unit unit) {
        return new Measurement(name, value, unit, Direction.ABOVE, null, null, Status.PASS);
    }

    /**
     * Returns the value formatted for people.
     *
     * @return the text
     */
    public String formattedValue() {
        return Quantity.format(value, unit);
    }

    /**
     * Returns the thresholds formatted for people, empty if there are none.
     *
     * @return the text, such as {@code warn ≥ 80%, fail ≥ 90%}
     */
    public String formattedThresholds() {
        if (warnAt == null && failAt == null) {
            return "";
        }
        return new Threshold(name, unit, direction, warnAt, failAt).describe();
    }
}
