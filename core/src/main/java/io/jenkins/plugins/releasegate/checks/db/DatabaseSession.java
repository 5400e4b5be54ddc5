package io.jenkins.plugins.releasegate.checks.db;

import io.jenkins.plugins.releasegate.check.CheckException;
import io.jenkins.plugins.releasegate.check.Redaction;
import io.jenkins.plugins.releasegate.check.Status;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The one connection of an evaluation: opened with a driver found by class name (so that the drivers can
 * come from elsewhere, such as Jenkins library plugins), running statements in as few round trips as
 * possible, counting them, and turning driver errors into the verdicts of CHECKS.md.
 */
final class DatabaseSession implements AutoCloseable {
    private final Connection connection;
    private final DatabaseUrl url;
    private final String password;
    private final Timeouts timeouts;
    private int statements;
    private int roundTrips;

    private DatabaseSession(final Connection connection, final DatabaseUrl url, final String password, final Timeouts timeouts) {
        this.connection = connection;
        this.url = url;
        this.password = password;
        this.timeouts = timeouts;
    }

    /**
     * Connects.
     *
     * @param url the database URL
     * @param user the user name
     * @param password the password, never shown
     * @param timeouts the timeouts
     * @param classLoader where to look for drivers
     * @return the session
     * @throws CheckException FAIL if the server is unreachable, refuses the login or has no free connection;
     *         ERROR if no driver is available or the settings are wrong
     */
    static DatabaseSession open(final DatabaseUrl url, final String user, final String password, final Timeouts timeouts,
            final ClassLoader classLoader) throws CheckException {
        DriverLoader.LoadedDriver loaded = DriverLoader.load(url, classLoader);
        Properties properties = properties(url, loaded, user, password, timeouts);
        try {
            Connection connection = loaded.driver().connect(loaded.url(), properties);
            if (connection == null) {
                throw new CheckException(loaded.description() + " does not accept the URL " + url.display()
                        + ": check its spelling");
            }
            return new DatabaseSession(connection, url, password, timeouts);
        }
        catch (SQLException exception) {
            throw connectFailure(url, user, password, exception);
        }
    }

    private static Properties properties(final DatabaseUrl url, final DriverLoader.LoadedDriver loaded, final String user,
            final String password, final Timeouts timeouts) {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        if (url.family() == DatabaseUrl.Family.POSTGRESQL) {
            properties.setProperty("ApplicationName", "release-gate");
            // sends application_name in the startup packet instead of a SET statement after login
            properties.setProperty("assumeMinServerVersion", "10");
            properties.setProperty("connectTimeout", String.valueOf(Timeouts.seconds(timeouts.connect())));
            properties.setProperty("loginTimeout", String.valueOf(Timeouts.seconds(timeouts.connect())));
            properties.setProperty("socketTimeout", String.valueOf(Timeouts.seconds(timeouts.socket())));
        }
        else {
            properties.setProperty("connectTimeout", String.valueOf(timeouts.connect().toMillis()));
            properties.setProperty("socketTimeout", String.valueOf(timeouts.socket().toMillis()));
            properties.setProperty("allowMultiQueries", "true");
            properties.setProperty("connectionAttributes", "program_name:release-gate");
        }
        return properties;
    }

    DatabaseUrl url() {
        return url;
    }

    Timeouts timeouts() {
        return timeouts;
    }

    /**
     * Returns the server's version as told at login, without a round trip.
     *
     * @return the version text, such as {@code 10.11.6-MariaDB} or {@code 15.4}
     * @throws CheckException if the driver cannot tell
     */
    String serverVersion() throws CheckException {
        try {
            return connection.getMetaData().getDatabaseProductVersion();
        }
        catch (SQLException exception) {
            throw queryFailure(exception);
        }
    }

    /**
     * Runs statements in one round trip and returns the rows of those that return rows, in order.
     *
     * @param sql the statements, each without a trailing semicolon
     * @return the rows of each statement that returned rows
     * @throws CheckException if a statement fails
     */
    List<List<Row>> run(final List<String> sql) throws CheckException {
        statements += sql.size();
        roundTrips++;
        List<List<Row>> results = new ArrayList<>();
        try (Statement statement = connection.createStatement()) {
            boolean isResultSet = statement.execute(String.join(";\n", sql));
            while (true) {
                if (isResultSet) {
                    try (ResultSet resultSet = statement.getResultSet()) {
                        results.add(rows(resultSet));
                    }
                }
                else if (statement.getUpdateCount() == -1) {
                    break;
                }
                isResultSet = statement.getMoreResults();
            }
            return results;
        }
        catch (SQLException exception) {
            throw queryFailure(exception);
        }
    }

    /**
     * Runs one statement that returns rows.
     *
     * @param sql the statement
     * @return its rows
     * @throws CheckException if it fails
     */
    List<Row> query(final String sql) throws CheckException {
        List<List<Row>> results = run(List.of(sql));
        return results.isEmpty() ? List.of() : results.get(0);
    }

    int statements() {
        return statements;
    }

    int roundTrips() {
        return roundTrips;
    }

    private static List<Row> rows(final ResultSet resultSet) throws SQLException {
        ResultSetMetaData metaData = resultSet.getMetaData();
        List<Row> rows = new ArrayList<>();
        while (resultSet.next()) {
            Map<String, Object> values = new LinkedHashMap<>();
            for (int column = 1; column <= metaData.getColumnCount(); column++) {
                Object value = resultSet.getObject(column);
                if (value instanceof Array array) {
                    value = Arrays.asList((Object[]) array.getArray());
                }
                else if (value instanceof byte[] bytes) {
                    value = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
                }
                values.put(metaData.getColumnLabel(column), value);
            }
            rows.add(Row.of(values));
        }
        return rows;
    }

    @Override
    public void close() {
        try {
            connection.close();
        }
        catch (SQLException exception) {
            // nothing to do: the connection is gone either way
        }
    }

    private static CheckException connectFailure(final DatabaseUrl url, final String user, final String password,
            final SQLException exception) {
        String state = sqlState(exception);
        String reason = describe(exception, password);
        int code = exception.getErrorCode();
        String lower = reason.toLowerCase(Locale.ROOT);
        if ("53300".equals(state) || code == 1040 || lower.contains("too many connections") || lower.contains("too many clients")) {
            return new CheckException(Status.FAIL, "Connections exhausted: " + url.display() + " refused the monitoring connection ("
                    + reason + ")", exception);
        }
        if (state.startsWith("28") || code == 1045) {
            return new CheckException(Status.FAIL, "Authentication failed for user '" + user + "' at " + url.display() + " ("
                    + reason + "): check the credentials", exception);
        }
        if (code == 1044 || "42501".equals(state)) {
            return new CheckException(Status.ERROR, "Permission denied: the monitoring account may not use the database named in "
                    + url.display() + " (" + reason + "): leave the database out of a MySQL/MariaDB URL (jdbc:mariadb://HOST:3306/) "
                    + "or grant the account CONNECT (PostgreSQL)", exception);
        }
        if ("3D000".equals(state) || code == 1049) {
            return new CheckException(Status.ERROR, "The database in " + url.display() + " does not exist (" + reason
                    + "): correct the URL", exception);
        }
        if (hasCause(exception, SocketTimeoutException.class) || lower.contains("timed out") || lower.contains("timeout")) {
            return new CheckException(Status.FAIL, "Unreachable: " + url.display() + " did not answer within the connect timeout ("
                    + reason + ")", exception);
        }
        if (hasCause(exception, UnknownHostException.class)) {
            return new CheckException(Status.FAIL, "Unreachable: the host of " + url.display() + " is unknown (" + reason + ")", exception);
        }
        if (state.startsWith("08") || hasCause(exception, ConnectException.class)) {
            return new CheckException(Status.FAIL, "Unreachable: cannot connect to " + url.display() + " (" + reason + ")", exception);
        }
        return new CheckException(Status.FAIL, "Cannot connect to " + url.display() + " (" + reason + ")", exception);
    }

    private CheckException queryFailure(final SQLException exception) {
        String state = sqlState(exception);
        String reason = describe(exception, password);
        int code = exception.getErrorCode();
        String lower = reason.toLowerCase(Locale.ROOT);
        if ("55P03".equals(state) || code == 1205 || code == 1213 || lower.contains("lock wait timeout")) {
            return new CheckException("A monitoring query waited longer than the lock timeout of "
                    + Timeouts.seconds(timeouts.lock()) + "s for a lock held by another session (" + reason
                    + "); nothing was measured: look for sessions holding exclusive locks on system views or tables", exception);
        }
        if ("57014".equals(state) || code == 1969 || code == 3024 || exception instanceof SQLTimeoutException
                || lower.contains("max_statement_time") || lower.contains("maximum statement execution time")) {
            return new CheckException("A monitoring query did not finish within the statement timeout of "
                    + timeouts.statement().toMillis() / 1000.0 + "s (" + reason + "): the server is too slow to be measured", exception);
        }
        if ("42501".equals(state) || code == 1227 || code == 1142 || code == 1044 || lower.contains("permission denied")
                || lower.contains("access denied")) {
            return new CheckException("Permission denied (" + reason + "): grant the monitoring account "
                    + (url.family() == DatabaseUrl.Family.POSTGRESQL ? "the role pg_monitor" : "PROCESS, REPLICATION CLIENT and, on MariaDB 10.5.9+, "
                    + "REPLICA MONITOR (MySQL 8: SELECT on performance_schema)") + "; see docs/checks/db-load.md", exception);
        }
        if (state.startsWith("08") || hasCause(exception, SocketTimeoutException.class)) {
            return new CheckException("Lost the connection to " + url.display() + " while measuring (" + reason + ")", exception);
        }
        return new CheckException("A monitoring query failed on " + url.display() + " (" + reason + ")", exception);
    }

    private static String sqlState(final SQLException exception) {
        return exception.getSQLState() == null ? "" : exception.getSQLState();
    }

    private static String describe(final SQLException exception, final String password) {
        String message = exception.getMessage() == null ? exception.getClass().getSimpleName() : exception.getMessage();
        message = message.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
        String state = sqlState(exception);
        String text = state.isEmpty() ? message : message + "; SQLSTATE " + state;
        return password.isEmpty() ? text : Redaction.redact(text, List.of(password));
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
