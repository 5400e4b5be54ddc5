package io.jenkins.plugins.releasegate.checks.jdbc;

import io.jenkins.plugins.releasegate.spi.CheckException;
import io.jenkins.plugins.releasegate.spi.HostGuard;
import io.jenkins.plugins.releasegate.spi.Redaction;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * One connection of a check to its database: opened with a driver loaded by class name, logged in with the
 * check's credentials, within connect and socket timeouts fitted inside the check's timeout, named
 * {@value #APPLICATION_NAME} for the database's administrators; made read-only with statement and lock
 * timeouts; and turning SQL errors into FAIL or ERROR with messages that say what to do and hold no
 * password.
 */
public final class JdbcSession implements AutoCloseable {
    /** The name under which the session shows in the server's session lists. */
    public static final String APPLICATION_NAME = "release-gate";

    private final Connection connection;
    private final JdbcUrl url;
    private final DatabaseLogin login;
    private final JdbcTimeouts timeouts;
    private final FailureHints hints;

    private JdbcSession(
            final Connection connection,
            final JdbcUrl url,
            final DatabaseLogin login,
            final JdbcTimeouts timeouts,
            final FailureHints hints) {
        this.connection = connection;
        this.url = url;
        this.login = login;
        this.timeouts = timeouts;
        this.hints = hints;
    }

    /**
     * Connects and logs in. The session is not read-only yet: call {@link #makeReadOnly()}, or send
     * {@link #readOnlyStatements(Dialect, JdbcTimeouts)} with the first statements.
     *
     * @param url the database URL
     * @param login the user name and password
     * @param timeouts the timeouts
     * @param hints what the check tells the user to do about failures, where it knows better than the defaults
     * @param driverProperties connection properties of the check's own, such as {@code allowMultiQueries}
     * @param guard the hosts the check may connect to; where it restricts the network, a URL whose hosts
     *     cannot be told with certainty or that sets driver options beyond TLS and schema is refused too
     * @return the session; close it
     * @throws CheckException FAIL if the database is unreachable, refuses the login or has no free connection;
     *         ERROR if no driver is available, the database in the URL cannot be used, or the guard refuses
     */
    public static JdbcSession open(
            final JdbcUrl url,
            final DatabaseLogin login,
            final JdbcTimeouts timeouts,
            final FailureHints hints,
            final Map<String, String> driverProperties,
            final HostGuard guard)
            throws CheckException {
        checkAllowed(url, guard);
        DriverLoader.LoadedDriver loaded = DriverLoader.load(url, JdbcSession.class.getClassLoader());
        Properties properties = properties(url, login, timeouts);
        driverProperties.forEach(properties::setProperty);
        try {
            Connection connection = loaded.driver().connect(loaded.url(), properties);
            if (connection == null) {
                throw new CheckException(
                        loaded.description() + " does not accept the URL " + url.display() + ": check its spelling");
            }
            return new JdbcSession(connection, url, login, timeouts, hints);
        } catch (SQLException exception) {
            throw failure(
                    exception,
                    true,
                    "Connecting to " + url.display()
                            + login.user().map(user -> " as " + user).orElse(""),
                    url,
                    login,
                    timeouts,
                    hints);
        }
    }

    private static void checkAllowed(final JdbcUrl url, final HostGuard guard) throws CheckException {
        Optional<List<JdbcUrl.Endpoint>> endpoints = url.endpoints();
        if (guard.isRestricted()) {
            if (endpoints.isEmpty()) {
                throw guard.refusal("Not connecting to " + url.display()
                        + ": which hosts it names cannot be told with certainty; write a plain host list such as "
                        + url.scheme().prefix() + "//db.example.com:"
                        + (url.family() == JdbcUrl.Family.POSTGRESQL ? 5432 : 3306)
                        + "/DATABASE");
            }
            Optional<List<String>> unsafe = url.unsafeDriverOptions();
            if (unsafe.isEmpty() || !unsafe.get().isEmpty()) {
                throw guard.refusal("Not connecting to " + url.display() + ": the URL sets driver options "
                        + unsafe.map(names -> String.join(", ", names)).orElse("that cannot be told with certainty")
                        + ", which would act inside this server; here only ssl, sslmode, useSSL, requireSSL and "
                        + "currentSchema are accepted: remove the others");
            }
        }
        for (JdbcUrl.Endpoint endpoint : endpoints.orElse(List.of())) {
            guard.checkHost(endpoint.host(), endpoint.port());
        }
    }

    private static Properties properties(final JdbcUrl url, final DatabaseLogin login, final JdbcTimeouts timeouts) {
        Properties properties = new Properties();
        login.user().ifPresent(user -> {
            properties.setProperty("user", user);
            properties.setProperty("password", login.password());
        });
        if (url.family() == JdbcUrl.Family.POSTGRESQL) {
            properties.setProperty("ApplicationName", APPLICATION_NAME);
            // sends application_name in the startup packet instead of a SET statement after login
            properties.setProperty("assumeMinServerVersion", "10");
            properties.setProperty("connectTimeout", String.valueOf(JdbcTimeouts.seconds(timeouts.connect())));
            properties.setProperty("loginTimeout", String.valueOf(JdbcTimeouts.seconds(timeouts.connect())));
            properties.setProperty("socketTimeout", String.valueOf(JdbcTimeouts.seconds(timeouts.socket())));
        } else {
            properties.setProperty(
                    "connectTimeout", String.valueOf(timeouts.connect().toMillis()));
            properties.setProperty(
                    "socketTimeout", String.valueOf(timeouts.socket().toMillis()));
            properties.setProperty("connectionAttributes", "program_name:" + APPLICATION_NAME);
        }
        return properties;
    }

    /**
     * Returns the statements that make a session read-only and bound its statements and lock waits.
     *
     * @param dialect the server's dialect
     * @param timeouts the timeouts
     * @return the statements, to run in order
     */
    public static List<String> readOnlyStatements(final Dialect dialect, final JdbcTimeouts timeouts) {
        long lockSeconds = JdbcTimeouts.seconds(timeouts.lock());
        return switch (dialect) {
            case POSTGRESQL ->
                List.of(
                        "SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY",
                        "SET statement_timeout = " + timeouts.statement().toMillis(),
                        "SET lock_timeout = " + timeouts.lock().toMillis());
            case MARIADB ->
                List.of(
                        "SET SESSION TRANSACTION READ ONLY",
                        "SET SESSION max_statement_time = "
                                + timeouts.statement().toMillis() / 1000.0 + ", SESSION lock_wait_timeout = "
                                + lockSeconds
                                + ", SESSION innodb_lock_wait_timeout = " + lockSeconds);
            case MYSQL ->
                List.of(
                        "SET SESSION TRANSACTION READ ONLY",
                        "SET SESSION max_execution_time = "
                                + timeouts.statement().toMillis() + ", SESSION lock_wait_timeout = " + lockSeconds
                                + ", SESSION innodb_lock_wait_timeout = " + lockSeconds);
        };
    }

    /**
     * Makes the session read-only, with the statement and lock timeouts, one statement at a time.
     *
     * @throws CheckException if the server refuses
     */
    public void makeReadOnly() throws CheckException {
        try (Statement statement = connection.createStatement()) {
            for (String sql : readOnlyStatements(dialect(), timeouts)) {
                statement.execute(sql);
            }
            connection.setReadOnly(true);
        } catch (SQLException exception) {
            throw failure(exception, "Preparing the read-only session on " + url.display());
        }
    }

    /**
     * Returns the dialect of the server, known from the login without a round trip.
     *
     * @return the dialect
     * @throws CheckException if the driver cannot tell the server's version
     */
    public Dialect dialect() throws CheckException {
        return Dialect.of(url.family(), serverVersion());
    }

    /**
     * Returns the server's version as told at login, without a round trip.
     *
     * @return the version, such as {@code 10.11.6-MariaDB} or {@code 15.4}
     * @throws CheckException if the driver cannot tell
     */
    public String serverVersion() throws CheckException {
        try {
            return connection.getMetaData().getDatabaseProductVersion();
        } catch (SQLException exception) {
            throw failure(exception, "Reading the server version of " + url.display());
        }
    }

    /**
     * Returns the JDBC connection, for statements.
     *
     * @return the connection
     */
    public Connection connection() {
        return connection;
    }

    /**
     * Returns the URL.
     *
     * @return the URL
     */
    public JdbcUrl url() {
        return url;
    }

    /**
     * Returns the timeouts.
     *
     * @return the timeouts
     */
    public JdbcTimeouts timeouts() {
        return timeouts;
    }

    /**
     * Returns the query timeout to set on each statement, in whole seconds, as a second line of defence behind
     * the server's statement timeout.
     *
     * @return the seconds
     */
    public int queryTimeoutSeconds() {
        return JdbcTimeouts.seconds(timeouts.statement());
    }

    /**
     * Turns an SQL error into the exception of a result, worded
     * {@code WHAT failed: PROBLEM: DRIVER MESSAGE (SQLSTATE) — WHAT TO DO}.
     *
     * @param exception the error
     * @param what what was being done, such as {@code Reading BATCH_JOB_EXECUTION}
     * @return the exception to throw: FAIL for a lost connection, ERROR otherwise
     */
    public CheckException failure(final SQLException exception, final String what) {
        return failure(exception, what, FailureHints.none());
    }

    /**
     * Turns an SQL error into the exception of a result, with hints of this statement's own.
     *
     * @param exception the error
     * @param what what was being done
     * @param statementHints what to do, overriding the session's hints
     * @return the exception to throw
     */
    public CheckException failure(final SQLException exception, final String what, final FailureHints statementHints) {
        return failure(exception, false, what, url, login, timeouts, hints.with(statementHints));
    }

    private static CheckException failure(
            final SQLException exception,
            final boolean isConnecting,
            final String what,
            final JdbcUrl url,
            final DatabaseLogin login,
            final JdbcTimeouts timeouts,
            final FailureHints hints) {
        SqlFailures.Classification classification = SqlFailures.classify(exception, isConnecting, timeouts);
        FailureKind kind = classification.kind();
        String problem = kind == FailureKind.LOST_CONNECTION
                ? classification.problem() + " to " + url.display()
                : classification.problem();
        String hint = hints.hint(kind).orElseGet(() -> defaultHint(kind, login));
        String message = what + " failed: " + (problem.isEmpty() ? "" : problem + ": ") + SqlFailures.reason(exception)
                + (hint.isEmpty() ? "" : " — " + hint);
        // the driver's exception stays out: its message and causes may quote what the login sent
        return new CheckException(kind.status(), Redaction.redact(message, List.of(login.password())), null);
    }

    private static String defaultHint(final FailureKind kind, final DatabaseLogin login) {
        if (kind == FailureKind.LOGIN_REFUSED) {
            return login.credentialsId()
                    .map(id -> "check the user name and password of the credentials '" + id + "'")
                    .orElse("name the database account's credentials under 'credentials'");
        }
        return kind.defaultHint();
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException exception) {
            // nothing more to do with a connection that cannot even be closed
        }
    }

    @Override
    public String toString() {
        return "session on " + url.display();
    }
}
