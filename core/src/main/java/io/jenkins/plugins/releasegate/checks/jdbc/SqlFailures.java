package io.jenkins.plugins.releasegate.checks.jdbc;

import io.jenkins.plugins.releasegate.spi.Quantity;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.util.Locale;

/**
 * Tells what an {@link SQLException} of PostgreSQL, MySQL or MariaDB means, by SQLSTATE, vendor error
 * code and cause, and words the driver's message for a report.
 */
final class SqlFailures {
    private SqlFailures() {}

    /**
     * What an exception means.
     *
     * @param kind the kind of failure
     * @param problem what went wrong, in the words of a message; empty if the driver's message says it best
     */
    record Classification(FailureKind kind, String problem) {
        Classification(final FailureKind kind) {
            this(kind, kind.problem());
        }
    }

    /**
     * Classifies an exception.
     *
     * @param exception the exception
     * @param isConnecting whether it was thrown while connecting and logging in
     * @param timeouts the session's timeouts, named in the problem of timeouts
     * @return what it means
     */
    static Classification classify(
            final SQLException exception, final boolean isConnecting, final JdbcTimeouts timeouts) {
        String state = sqlState(exception);
        int code = exception.getErrorCode();
        String message =
                exception.getMessage() == null ? "" : exception.getMessage().toLowerCase(Locale.ROOT);
        if (isConnecting) {
            return classifyConnecting(exception, state, code, message, timeouts);
        }
        if ("55P03".equals(state) || code == 1205 || message.contains("lock wait timeout")) {
            return new Classification(
                    FailureKind.LOCK_TIMEOUT,
                    "the statement waited longer than the lock timeout of " + Quantity.format(timeouts.lock())
                            + " for a lock held by another session");
        }
        if ("57014".equals(state)
                || "70100".equals(state)
                || code == 1969
                || code == 3024
                || exception instanceof SQLTimeoutException
                || message.contains("max_statement_time")
                || message.contains("maximum statement execution time")) {
            return new Classification(
                    FailureKind.STATEMENT_TIMEOUT,
                    "the statement did not finish within its timeout of " + Quantity.format(timeouts.statement()));
        }
        if ("42P01".equals(state) || "42S02".equals(state) || code == 1146) {
            return new Classification(FailureKind.MISSING_TABLE);
        }
        if ("42501".equals(state)
                || code == 1142
                || code == 1143
                || code == 1044
                || code == 1227
                || message.contains("permission denied")
                || message.contains("access denied")) {
            return new Classification(FailureKind.PERMISSION_DENIED);
        }
        if ("25006".equals(state) || code == 1792) {
            return new Classification(FailureKind.WRITE_IN_READ_ONLY_SESSION);
        }
        if ("3D000".equals(state) || code == 1049) {
            return new Classification(FailureKind.UNKNOWN_DATABASE);
        }
        if (state.startsWith("08") || state.startsWith("57P") || hasCause(exception, SocketTimeoutException.class)) {
            // 57P01-57P05: the server ended the session (shutdown, termination by an administrator, idle timeout)
            return new Classification(FailureKind.LOST_CONNECTION);
        }
        return new Classification(FailureKind.QUERY_FAILED);
    }

    private static Classification classifyConnecting(
            final SQLException exception,
            final String state,
            final int code,
            final String message,
            final JdbcTimeouts timeouts) {
        if ("53300".equals(state)
                || code == 1040
                || message.contains("too many connections")
                || message.contains("too many clients")) {
            return new Classification(FailureKind.CONNECTIONS_EXHAUSTED);
        }
        if (state.startsWith("28") || code == 1045) {
            return new Classification(FailureKind.LOGIN_REFUSED);
        }
        if ("3D000".equals(state) || code == 1049) {
            return new Classification(FailureKind.UNKNOWN_DATABASE);
        }
        if ("42501".equals(state) || code == 1044) {
            return new Classification(FailureKind.DATABASE_DENIED);
        }
        if (hasCause(exception, SocketTimeoutException.class)
                || message.contains("timed out")
                || message.contains("timeout")) {
            return new Classification(
                    FailureKind.UNREACHABLE,
                    "the database did not answer within the connect timeout of " + Quantity.format(timeouts.connect()));
        }
        if (hasCause(exception, UnknownHostException.class)) {
            return new Classification(FailureKind.UNREACHABLE, "the host of the URL is unknown");
        }
        if (state.startsWith("08") || state.startsWith("57P") || hasCause(exception, ConnectException.class)) {
            // 57P03: the server is starting up or shutting down
            return new Classification(FailureKind.UNREACHABLE);
        }
        return new Classification(FailureKind.CONNECT_FAILED);
    }

    /**
     * Returns the driver's message for a report: its first line, without the MariaDB connection number, and
     * with the SQLSTATE.
     *
     * @param exception the exception
     * @return the reason
     */
    static String reason(final SQLException exception) {
        String message = exception.getMessage();
        String line = message == null || message.isBlank()
                ? exception.getClass().getSimpleName()
                : message.strip()
                        .lines()
                        .findFirst()
                        .orElse(message)
                        .replaceFirst("^\\(conn=\\d+\\)\\s*", "")
                        .strip();
        String state = sqlState(exception);
        return state.isEmpty() ? line : line + " (SQLSTATE " + state + ")";
    }

    private static String sqlState(final SQLException exception) {
        return exception.getSQLState() == null ? "" : exception.getSQLState();
    }

    private static boolean hasCause(final Throwable throwable, final Class<? extends Throwable> type) {
        for (Throwable cause = throwable; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }
}
