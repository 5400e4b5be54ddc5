package io.jenkins.plugins.releasegate.checks.rollback;

/**
 * A changelog file cannot be read as a Liquibase changelog; the message names the file and line.
 */
final class ChangelogException extends Exception {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param file the changelog file
     * @param line the line, 1-based, 0 if unknown
     * @param message what is wrong and what to do
     */
    ChangelogException(final String file, final int line, final String message) {
        super(file + (line > 0 ? ":" + line : "") + ": " + message);
    }
}
