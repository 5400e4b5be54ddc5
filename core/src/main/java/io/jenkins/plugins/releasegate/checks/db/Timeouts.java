package io.jenkins.plugins.releasegate.checks.db;

import java.time.Duration;

/**
 * The network and statement timeouts of one evaluation, fitted inside the check's timeout.
 *
 * @param connect how long connecting and logging in may take
 * @param statement how long one monitoring statement may run on the server
 * @param lock how long a monitoring statement may wait for a lock
 * @param socket how long the driver waits for any answer of the server
 */
public record Timeouts(Duration connect, Duration statement, Duration lock, Duration socket) {
    private static final Duration MAX_CONNECT = Duration.ofSeconds(10);
    private static final Duration MAX_STATEMENT = Duration.ofSeconds(5);
    private static final Duration LOCK = Duration.ofSeconds(1);
    private static final Duration ONE_SECOND = Duration.ofSeconds(1);

    /**
     * Returns the timeouts for a check timeout: connect within a quarter of it (at most 10s), statements
     * within a sixth (at most 5s), locks 1s, and a socket timeout a little longer than the statement
     * timeout so that the server's own cancellation is seen first.
     *
     * @param checkTimeout the check's timeout
     * @return the timeouts
     */
    public static Timeouts fittedInto(final Duration checkTimeout) {
        Duration connect = clamp(checkTimeout.dividedBy(4), ONE_SECOND, MAX_CONNECT);
        Duration statement = clamp(checkTimeout.dividedBy(6), ONE_SECOND, MAX_STATEMENT);
        Duration lock = statement.compareTo(LOCK) < 0 ? statement : LOCK;
        return new Timeouts(connect, statement, lock, statement.plusSeconds(3));
    }

    private static Duration clamp(final Duration value, final Duration min, final Duration max) {
        if (value.compareTo(min) < 0) {
            return min;
        }
        return value.compareTo(max) > 0 ? max : value;
    }

    /**
     * Returns a duration in whole seconds, rounded up, at least 1.
     *
     * @param duration the duration
     * @return the seconds
     */
    static int seconds(final Duration duration) {
        return (int) Math.max(1, (duration.toMillis() + 999) / 1000);
    }
}
