package io.jenkins.plugins.releasegate.checks.window;

/**
 * An iCalendar file that cannot be read, or uses something this reader does not support, with the line it
 * was found on.
 */
final class CalendarException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int line;

    /**
     * Creates the exception.
     *
     * @param path the file, as named in the definition
     * @param line the line, 1-based
     * @param message what is wrong and what to do
     */
    CalendarException(final String path, final int line, final String message) {
        super(path + ":" + line + ": " + message);
        this.line = line;
    }

    /**
     * Returns the line the problem was found on.
     *
     * @return the line, 1-based
     */
    int line() {
        return line;
    }
}
