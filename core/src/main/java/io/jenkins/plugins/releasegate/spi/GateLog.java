package io.jenkins.plugins.releasegate.spi;

import java.io.PrintStream;

/**
 * Where checks and the runner write progress lines for people: the build log in Jenkins, the terminal
 * in the CLI. Never write secrets to it.
 */
@FunctionalInterface
public interface GateLog {
    /**
     * Writes one line.
     *
     * @param line the line
     */
    void info(String line);

    /**
     * Returns a log that drops every line.
     *
     * @return the log
     */
    static GateLog silent() {
        return line -> {};
    }

    /**
     * Returns a log that prints to a stream shared with others, such as a build log: each line is made
     * printable ({@link PrintableText}), a line break in it starts a new line, and every printed line starts
     * with a prefix that says whose it is.
     *
     * @param stream the stream
     * @param prefix the prefix, such as {@code [release-gate orders] }
     * @return the log
     */
    static GateLog prefixed(final PrintStream stream, final String prefix) {
        return line -> {
            synchronized (stream) {
                for (String part : PrintableText.of(line).split("\n", -1)) {
                    stream.println(prefix + part);
                }
            }
        };
    }
}
