package io.jenkins.plugins.releasegate.spi;

import java.io.IOException;

/**
 * A workspace file is larger than the reader takes; it was not read, or read no further than the limit.
 */
public class FileTooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param path the file as the user knows it
     * @param maxBytes the most bytes the reader takes
     */
    public FileTooLargeException(final String path, final long maxBytes) {
        super("'" + path + "' is larger than " + maxBytes + " bytes, the most that is read");
    }
}
