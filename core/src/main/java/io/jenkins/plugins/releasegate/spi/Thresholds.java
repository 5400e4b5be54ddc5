package io.jenkins.plugins.releasegate.spi;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The thresholds in force for one check: its type's defaults, tightened or set by the gate definition.
 */
public final class Thresholds {
    private final Map<String, Threshold> byMetric;

    /**
     * Creates the set.
     *
     * @param thresholds the thresholds, one per metric
     */
    public Thresholds(final Collection<Threshold> thresholds) {
        Map<String, Threshold> map = new LinkedHashMap<>();
        for (Threshold threshold : thresholds) {
            map.put(threshold.metric(), threshold);
        }
        this.byMetric = Collections.unmodifiableMap(map);
    }

    /**
     * Returns the defaults of the given specs.
     *
     * @param specs the metric specs of a check type
     * @return their default thresholds
     */
    public static Thresholds defaults(final Collection<ThresholdSpec> specs) {
        return new Thresholds(specs.stream().map(ThresholdSpec::defaults).toList());
    }

    /**
     * Returns the threshold of a metric.
     *
     * @param metric the metric name, declared by the check type
     * @return the threshold
     * @throws IllegalArgumentException if the check type did not declare the metric
     */
    public Threshold get(final String metric) {
        Threshold threshold = byMetric.get(metric);
        if (threshold == null) {
            throw new IllegalArgumentException(
                    "no threshold is declared for metric '" + metric + "'; declared: " + byMetric.keySet());
        }
        return threshold;
    }

    /**
     * Measures a value against the threshold of its metric.
     *
     * @param metric the metric name
     * @param value the value in the unit's base
     * @return the measurement
     */
    public Measurement measure(final String metric, final double value) {
        return get(metric).measure(value);
    }

    /**
     * Returns every threshold, in declaration order.
     *
     * @return the thresholds by metric name
     */
    public Map<String, Threshold> asMap() {
        return byMetric;
    }
}
