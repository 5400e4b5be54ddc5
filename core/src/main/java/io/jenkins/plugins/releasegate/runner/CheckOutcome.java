package io.jenkins.plugins.releasegate.runner;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.releasegate.spi.CheckResult;
import io.jenkins.plugins.releasegate.spi.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The result of one check in one gate run, with when it ran and how long it took.
 *
 * @param id the check id
 * @param type the check type name
 * @param required whether the check counts toward the verdict
 * @param description the check's description from the definition, or {@code null}
 * @param result what the check found
 * @param startedAt when it started
 * @param duration how long it took
 */
public record CheckOutcome(
        String id,
        String type,
        boolean required,
        @CheckForNull String description,
        CheckResult result,
        Instant startedAt,
        Duration duration)
        implements java.io.Serializable {
    /**
     * Creates an outcome.
     */
    public CheckOutcome {
        Objects.requireNonNull(id);
        Objects.requireNonNull(type);
        Objects.requireNonNull(result);
        Objects.requireNonNull(startedAt);
        Objects.requireNonNull(duration);
    }

    /**
     * Returns the check's status.
     *
     * @return the status
     */
    public Status status() {
        return result.getStatus();
    }
}
