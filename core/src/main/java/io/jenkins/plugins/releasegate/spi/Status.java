package io.jenkins.plugins.releasegate.spi;

/**
 * The outcome of a check, a measurement or a whole gate.
 *
 * <p>Ordered from best to worst: {@link #PASS}, {@link #WARN}, {@link #ERROR}, {@link #FAIL}. A
 * FAIL (something measured is bad) is worse than an ERROR (nothing could be measured), but both block
 * a release unless the gate definition maps ERROR to WARN. This order makes verdicts and sorts
 * reports; whether a later run is worse evidence than the one approvers saw is decided differently, with
 * ERROR at least as bad as FAIL (see {@code GateResult.worsenedSince}).</p>
 */
public enum Status {
    /** Measured and inside every limit. */
    PASS(0),
    /** Measured; elevated risk that an approver must acknowledge. */
    WARN(1),
    /** Could not be measured (unreachable, timed out, permission denied). Never reported as PASS. */
    ERROR(3),
    /** Measured; deploying now is likely to cause or worsen an incident, or the safety net is missing. */
    FAIL(2);

    private final int exitCode;

    Status(final int exitCode) {
        this.exitCode = exitCode;
    }

    /**
     * Returns the process exit code shared by monitoring tools: 0 PASS, 1 WARN, 2 FAIL, 3 ERROR.
     *
     * @return the exit code
     */
    public int exitCode() {
        return exitCode;
    }

    /**
     * Returns whether this status blocks a release when it is the verdict.
     *
     * @return {@code true} for FAIL and ERROR
     */
    public boolean isBlocking() {
        return this == FAIL || this == ERROR;
    }

    /**
     * Returns whether this status is worse than the other.
     *
     * @param other the status to compare with
     * @return {@code true} if this status is worse
     */
    public boolean isWorseThan(final Status other) {
        return compareTo(other) > 0;
    }

    /**
     * Returns the worse of two statuses.
     *
     * @param first a status
     * @param second another status
     * @return the worse one
     */
    public static Status worst(final Status first, final Status second) {
        return first.compareTo(second) >= 0 ? first : second;
    }
}
