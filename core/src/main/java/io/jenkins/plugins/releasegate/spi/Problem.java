package io.jenkins.plugins.releasegate.spi;

import java.util.Objects;

/**
 * One thing wrong in a gate definition, with where it is and what to do.
 *
 * @param file the file name as the user knows it
 * @param line the line, 1-based, or 0 if unknown
 * @param column the column, 1-based, or 0 if unknown
 * @param path the YAML path, such as {@code checks[1].thresholds.connectionsUsed.warn}, empty for the document
 * @param message what is wrong and what to do
 */
public record Problem(String file, int line, int column, String path, String message) {
    /**
     * Creates a problem.
     */
    public Problem {
        Objects.requireNonNull(file);
        Objects.requireNonNull(path);
        Objects.requireNonNull(message);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(file);
        if (line > 0) {
            text.append(':').append(line).append(':').append(column);
        }
        text.append(": ");
        if (!path.isEmpty()) {
            text.append(path).append(": ");
        }
        return text.append(message).toString();
    }
}
