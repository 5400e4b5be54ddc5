package io.jenkins.plugins.releasegate.spi;

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
}
