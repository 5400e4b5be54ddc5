package io.jenkins.plugins.releasegate.checks.httpclient;

import io.jenkins.plugins.releasegate.spi.Quantity;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * The server answered with its status and headers, but the body did not end by the deadline.
 */
public final class IncompleteBodyException extends HttpTimeoutException {
    private static final long serialVersionUID = 1L;

    /** The status the server answered with. */
    private final int status;

    /**
     * Creates the exception.
     *
     * @param status the status the server answered with
     * @param budget the time the exchange had
     */
    public IncompleteBodyException(final int status, final Duration budget) {
        super("answered HTTP " + status + " but its body did not end within " + Quantity.format(budget));
        this.status = status;
    }

    /**
     * Returns the status the server answered with.
     *
     * @return the HTTP status
     */
    public int status() {
        return status;
    }
}
