package io.jenkins.plugins.releasegate.cli.demo;

/**
 * The demo could not be set up; the message says why and what to do.
 */
public final class DemoException extends Exception {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param message what went wrong and what to do
     * @param cause the cause
     */
    public DemoException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
