package io.jenkins.plugins.releasegate.spi;

import java.util.List;

/**
 * A kind of check, such as {@code httpHealth} or {@code dbLoad}. Types are found with
 * {@link java.util.ServiceLoader}: list the implementation in
 * {@code META-INF/services/io.jenkins.plugins.releasegate.spi.CheckType}.
 *
 * <p>A type reads and validates its own settings when a gate definition is loaded, so that a broken
 * definition is reported before anything runs.</p>
 */
public interface CheckType {
    /**
     * Returns the name used as {@code type:} in gate definitions.
     *
     * @return the name, such as {@code httpHealth}
     */
    String name();

    /**
     * Returns what the check measures, one line, for help texts.
     *
     * @return the description
     */
    String description();

    /**
     * Returns the metrics whose thresholds a definition may set under {@code thresholds:}, with their
     * defaults.
     *
     * @return the metrics, empty if the check has no tunable thresholds
     */
    default List<ThresholdSpec> thresholds() {
        return List.of();
    }

    /**
     * Reads the type's own settings and creates the check. Every problem is recorded in the settings
     * (never thrown); keys that are not read are reported as unknown afterwards.
     *
     * @param settings the check's mapping in the gate definition; the common keys ({@code id},
     *         {@code type}, {@code required}, {@code timeout}, {@code thresholds}) are already read
     * @return the check, ignored when problems were recorded
     */
    Check create(Settings settings);
}
