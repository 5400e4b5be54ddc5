package io.jenkins.plugins.releasegate.checks.jdbc;

import java.time.Duration;

/**
 * The timeouts of one database session, fitted inside the check's timeout so that the check ends with its
 * own verdict rather than being interrupted by the runner.
 *
 * @param connect how long connecting and logging in may take
 * @param statement how long one statement may run on the server
 * @param lock how long a statement may wait for a lock held by another session
 * @param socket how long the driver waits for any answer of the server
 */
public record JdbcTimeouts(Duration connect, Duration statement, Duration lock, Duration socket) {
    private static final Duration ONE_SECOND = Duration.ofSeconds(1);
    private static final Duration SOCKET_MARGIN = Duration.ofSeconds(3);

    /**
     * Returns the timeouts for a connect and a statement timeout: locks are waited for at most a second
     * (never longer than a statement may run), and the socket timeout is a little longer than the statement
     * timeout so that the server's own cancellation is seen first.
     *
     * @param connect the connect timeout
     * @param statement the statement timeout
     * @return the timeouts
     */
    public static JdbcTimeouts of(final Duration connect, final Duration statement) {
        Duration lock = statement.compareTo(ONE_SECOND) < 0 ? statement : ONE_SECOND;
        return new JdbcTimeouts(connect, statement, lock, statement.plus(SOCKET_MARGIN));
    }

    /**
     * Returns a share of the check's timeout: the given fraction of it, at least a second and at most the
     * given maximum.
     *
     * @param checkTimeout the check's timeout
     * @param parts into how many parts the check's timeout is divided
     * @param max the longest share
     * @return the share
     */
    public static Duration share(final Duration checkTimeout, final int parts, final Duration max) {
        Duration value = checkTimeout.dividedBy(parts);
        if (value.compareTo(ONE_SECOND) < 0) {
            return ONE_SECOND;
        }
        return value.compareTo(max) > 0 ? max : value;
    }

    /**
     * Returns a duration in whole seconds, rounded up, at least 1, as drivers and servers that count in
     * seconds need it.
     *
     * @param duration the duration
     * @return the seconds
     */
    public static int seconds(final Duration duration) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, (duration.toMillis() + 999) / 1000));
    }
}
