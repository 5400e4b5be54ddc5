package io.jenkins.plugins.releasegate.checks.rollback;

import io.jenkins.plugins.releasegate.spi.Problem;
import io.jenkins.plugins.releasegate.spi.Status;
import java.util.Collection;
import java.util.Objects;

/**
 * One verdict about a rollback plan: a schema problem of the file, or the outcome of one rule, with a
 * message that says what was found and what to do.
 *
 * @param status the verdict of this finding
 * @param rule the rule, such as {@code schema}, {@code owner}, {@code triggers} or {@code flyway}
 * @param message what was found and, unless it passed, what to do
 */
public record PlanFinding(Status status, String rule, String message) {
    /** The rule of schema problems: the file is not a valid plan. */
    public static final String SCHEMA = "schema";

    /**
     * Creates a finding.
     */
    public PlanFinding {
        Objects.requireNonNull(status);
        Objects.requireNonNull(rule);
        Objects.requireNonNull(message);
    }

    /**
     * Creates a FAIL finding from a schema problem, worded {@code file:line:column: path message}.
     *
     * @param problem the problem
     * @return the finding
     */
    public static PlanFinding of(final Problem problem) {
        StringBuilder text = new StringBuilder(problem.file());
        if (problem.line() > 0) {
            text.append(':').append(problem.line()).append(':').append(problem.column());
        }
        text.append(": ");
        if (!problem.path().isEmpty()) {
            text.append(problem.path()).append(problem.message().startsWith("is ") ? " " : ": ");
        }
        return new PlanFinding(
                Status.FAIL, SCHEMA, text.append(problem.message()).toString());
    }

    /**
     * Returns the worst status of the findings.
     *
     * @param findings the findings
     * @return the worst status, PASS if there are none
     */
    public static Status worst(final Collection<PlanFinding> findings) {
        return findings.stream().map(PlanFinding::status).reduce(Status.PASS, Status::worst);
    }

    @Override
    public String toString() {
        return status + " " + message;
    }
}
