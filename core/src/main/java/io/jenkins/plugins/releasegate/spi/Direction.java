package io.jenkins.plugins.releasegate.spi;

/**
 * Which way a metric gets worse.
 */
public enum Direction {
    /** Higher is worse: WARN when the value reaches the warn threshold, FAIL when it reaches the fail threshold. */
    ABOVE,
    /** Lower is worse: WARN when the value falls below the warn threshold, FAIL below the fail threshold. */
    BELOW;

    /**
     * Returns whether the value is at or past the threshold in this direction.
     *
     * @param value the measured value
     * @param threshold the threshold
     * @return {@code true} if the threshold is breached
     */
    public boolean isBreached(final double value, final double threshold) {
        return this == ABOVE ? value >= threshold : value < threshold;
    }

    /**
     * Returns the stricter of two thresholds in this direction.
     *
     * @param first a threshold
     * @param second another threshold
     * @return the one that is breached sooner
     */
    public double stricter(final double first, final double second) {
        return this == ABOVE ? Math.min(first, second) : Math.max(first, second);
    }

    /**
     * Returns the comparison shown in reports, {@code ≥} or {@code <}.
     *
     * @return the operator
     */
    public String operator() {
        return this == ABOVE ? "≥" : "<";
    }
}
