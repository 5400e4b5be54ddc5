package io.jenkins.plugins.releasegate.cli;

/**
 * Exit codes beyond the verdict's own (0 PASS, 1 WARN, 2 FAIL, 3 ERROR).
 */
final class ExitCodes {
    /** Invalid configuration or usage. */
    static final int USAGE = 4;

    private ExitCodes() {}
}
