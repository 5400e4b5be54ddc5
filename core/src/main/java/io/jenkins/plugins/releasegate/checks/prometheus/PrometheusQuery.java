package io.jenkins.plugins.releasegate.checks.prometheus;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.releasegate.spi.Threshold;
import java.time.Duration;
import java.util.Objects;

/**
 * One query of a {@code prometheus} check, as the definition gives it.
 *
 * @param name the query's name, used as the name of its measurements
 * @param expression the PromQL expression
 * @param unit the unit of the values the expression returns
 * @param threshold the limits, in the unit's base ({@link PrometheusCheckType.ValueUnit#unit()})
 * @param window the window the threshold must hold over, {@code null} for an instant query
 * @param step the resolution of the range query over the window, {@code null} without a window
 * @param onEmpty what an answer without series counts as
 */
record PrometheusQuery(
        String name,
        String expression,
        PrometheusCheckType.ValueUnit unit,
        Threshold threshold,
        @CheckForNull Duration window,
        @CheckForNull Duration step,
        PrometheusCheckType.OnEmpty onEmpty) {
    PrometheusQuery {
        Objects.requireNonNull(name);
        Objects.requireNonNull(expression);
        Objects.requireNonNull(unit);
        Objects.requireNonNull(threshold);
        Objects.requireNonNull(onEmpty);
        if ((window == null) != (step == null)) {
            throw new IllegalArgumentException("a window needs a step, and a step a window");
        }
    }

    /**
     * Returns whether the query is judged over a window with a range query.
     *
     * @return {@code true} if it has a window
     */
    boolean hasWindow() {
        return window != null;
    }
}
