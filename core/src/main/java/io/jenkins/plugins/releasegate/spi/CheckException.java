package io.jenkins.plugins.releasegate.spi;

import edu.umd.cs.findbugs.annotations.CheckForNull;

/**
 * A check could not measure what it should, for a reason that can be said in one sentence to the user.
 * The runner turns it into an ERROR result (or the status given) with the message as summary, without a
 * stack trace.
 */
public class CheckException extends Exception {
    private static final long serialVersionUID = 1L;

    private final Status status;

    /**
     * Creates an exception that becomes an ERROR result.
     *
     * @param message what went wrong and what to do, without secrets
     */
    public CheckException(final String message) {
        this(Status.ERROR, message, null);
    }

    /**
     * Creates an exception that becomes an ERROR result.
     *
     * @param message what went wrong and what to do, without secrets
     * @param cause the cause, kept for logs
     */
    public CheckException(final String message, final Throwable cause) {
        this(Status.ERROR, message, cause);
    }

    /**
     * Creates an exception that becomes a result of the given status, for conditions such as "database
     * unreachable" that are a FAIL rather than an ERROR.
     *
     * @param status the status of the result
     * @param message what went wrong and what to do, without secrets
     * @param cause the cause, or {@code null}
     */
    public CheckException(final Status status, final String message, @CheckForNull final Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /**
     * Returns the status of the result this exception becomes.
     *
     * @return the status
     */
    public Status getStatus() {
        return status;
    }
}
