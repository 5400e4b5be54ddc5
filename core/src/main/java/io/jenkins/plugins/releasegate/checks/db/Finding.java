package io.jenkins.plugins.releasegate.checks.db;

import io.jenkins.plugins.releasegate.spi.Status;
import java.util.Objects;

/**
 * A judgement that is not a measured value against a threshold, such as "declared primary is a standby".
 *
 * @param status its status
 * @param message what was found and what it means, one line
 */
public record Finding(Status status, String message) {
    /**
     * Creates a finding.
     */
    public Finding {
        Objects.requireNonNull(status);
        Objects.requireNonNull(message);
    }
}
