package io.jenkins.plugins.releasegate.checks.batch;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.releasegate.check.CheckContext;
import io.jenkins.plugins.releasegate.check.CheckException;
import io.jenkins.plugins.releasegate.check.Credentials;
import io.jenkins.plugins.releasegate.check.Status;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;

/**
 * Opens the read-only JDBC session of the database sources: the driver chosen from the URL, the user
 * and password from credentials, connect and statement timeouts that fit inside the check's timeout, the
 * session marked read-only, and SQL errors turned into messages that say what to do.
 */
final class JdbcConnector {
    private static final String APPLICATION_NAME = "release-gate";
    private static final Duration MIN_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration MAX_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration MAX_STATEMENT_TIMEOUT = Duration.ofSeconds(30);

    /** The databases whose drivers core ships. */
    enum Dialect {
        POSTGRESQL("jdbc:postgresql:"),
        MARIADB("jdbc:mariadb:");

        private final String prefix;

        Dialect(final String prefix) {
            this.prefix = prefix;
        }

        /**
         * Returns the dialect of a JDBC URL.
         *
         * @param url the URL
         * @return the dialect, empty if the URL is for another database
         */
        static Optional<Dialect> of(final String url) {
            for (Dialect dialect : values()) {
                if (url.regionMatches(true, 0, dialect.prefix, 0, dialect.prefix.length())) {
                    return Optional.of(dialect);
                }
            }
            return Optional.empty();
        }
    }

    private final String url;
    private final Dialect dialect;
    @CheckForNull
    private final String credentialsId;

    /**
     * Creates a connector.
     *
     * @param url the JDBC URL, already validated by {@link #problemWithUrl(String)}
     * @param credentialsId the id of user name and password credentials, {@code null} to connect without
     */
    JdbcConnector(final String url, @CheckForNull final String credentialsId) {
        this.url = url;
        this.dialect = Dialect.of(url).orElseThrow(() -> new IllegalArgumentException("not a supported JDBC URL: " + url));
        this.credentialsId = credentialsId;
    }

    /**
     * Returns what is wrong with a JDBC URL given in a gate definition.
     *
     * @param url the URL
     * @return the problem and what to do, empty if the URL is fine
     */
    static Optional<String> problemWithUrl(final String url) {
        if (url.isBlank()) {
            return Optional.empty(); // reported as missing by the settings
        }
        if (Dialect.of(url).isEmpty()) {
            return Optional.of("'" + displayUrl(url) + "' is not a supported JDBC URL: use jdbc:postgresql://host:5432/database"
                    + " or jdbc:mariadb://host:3306/database (the MariaDB driver also connects to MySQL)");
        }
        if (url.toLowerCase(Locale.ROOT).contains("password")) {
            return Optional.of("the URL must not hold a password: remove it and name the database user's credentials with 'credentials:'");
        }
        return Optional.empty();
    }

    /**
     * Returns a URL without its parameters, for messages.
     *
     * @param url the URL
     * @return the URL up to the first {@code ?} or {@code ;}
     */
    static String displayUrl(final String url) {
        int end = url.length();
        for (char separator : new char[] {'?', ';'}) {
            int index = url.indexOf(separator);
            if (index >= 0 && index < end) {
                end = index;
            }
        }
        return url.substring(0, end);
    }

    Dialect dialect() {
        return dialect;
    }

    String displayUrl() {
        return displayUrl(url);
    }

    /**
     * Returns the timeout of each statement, a third of the check's timeout between 1 and 30 seconds.
     *
     * @param checkTimeout the check's timeout
     * @return the statement timeout
     */
    static Duration statementTimeout(final Duration checkTimeout) {
        return clamp(checkTimeout.dividedBy(3), MAX_STATEMENT_TIMEOUT);
    }

    /**
     * Returns the connect timeout, a third of the check's timeout between 1 and 10 seconds.
     *
     * @param checkTimeout the check's timeout
     * @return the connect timeout
     */
    static Duration connectTimeout(final Duration checkTimeout) {
        return clamp(checkTimeout.dividedBy(3), MAX_CONNECT_TIMEOUT);
    }

    private static Duration clamp(final Duration value, final Duration max) {
        if (value.compareTo(MIN_TIMEOUT) < 0) {
            return MIN_TIMEOUT;
        }
        return value.compareTo(max) > 0 ? max : value;
    }

    /**
     * Connects and makes the session read-only with a statement timeout.
     *
     * @param context the check's context, for credentials and the timeout
     * @return the connection; close it
     * @throws CheckException FAIL if the database cannot be reached or refuses the login, ERROR if the
     *         credentials are unusable
     */
    Connection open(final CheckContext context) throws CheckException {
        Properties properties = new Properties();
        String user = null;
        if (credentialsId != null) {
            Credentials credentials = context.credentials(credentialsId);
            user = credentials.getUsername().orElseThrow(() -> new CheckException("Credentials '" + credentialsId
                    + "' have no user name: use user name and password credentials for the database"));
            properties.setProperty("user", user);
            properties.setProperty("password", credentials.getSecret().reveal());
        }
        Duration connectTimeout = connectTimeout(context.timeout());
        Duration statementTimeout = statementTimeout(context.timeout());
        Duration socketTimeout = statementTimeout.plus(connectTimeout);
        if (dialect == Dialect.POSTGRESQL) {
            properties.setProperty("connectTimeout", String.valueOf(connectTimeout.toSeconds()));
            properties.setProperty("loginTimeout", String.valueOf(connectTimeout.toSeconds()));
            properties.setProperty("socketTimeout", String.valueOf(socketTimeout.toSeconds()));
            properties.setProperty("ApplicationName", APPLICATION_NAME);
        }
        else {
            properties.setProperty("connectTimeout", String.valueOf(connectTimeout.toMillis()));
            properties.setProperty("socketTimeout", String.valueOf(socketTimeout.toMillis()));
            properties.setProperty("connectionAttributes", "program_name:" + APPLICATION_NAME);
        }
        Connection connection;
        try {
            connection = driver().connect(url, properties);
            if (connection == null) {
                throw new CheckException("The driver does not accept the URL " + displayUrl() + ": check 'url'");
            }
        }
        catch (SQLException exception) {
            throw new CheckException(Status.FAIL, "Cannot connect to " + displayUrl() + (user == null ? "" : " as " + user)
                    + ": " + firstLine(exception) + " — the database is unreachable or refused the login", null);
        }
        try {
            prepareSession(connection, statementTimeout);
            return connection;
        }
        catch (SQLException exception) {
            close(connection);
            throw failure(exception, "Preparing the read-only session");
        }
    }

    private Driver driver() {
        return dialect == Dialect.POSTGRESQL ? new org.postgresql.Driver() : new org.mariadb.jdbc.Driver();
    }

    private void prepareSession(final Connection connection, final Duration statementTimeout) throws SQLException {
        connection.setAutoCommit(true);
        try (Statement statement = connection.createStatement()) {
            if (dialect == Dialect.POSTGRESQL) {
                statement.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY");
                statement.execute("SET statement_timeout = " + statementTimeout.toMillis());
                statement.execute("SET lock_timeout = " + Math.min(statementTimeout.toMillis(), 1000));
            }
            else {
                statement.execute("SET SESSION TRANSACTION READ ONLY");
                statement.execute("SET time_zone = '+00:00'");
                if (connection.getMetaData().getDatabaseProductVersion().toLowerCase(Locale.ROOT).contains("mariadb")) {
                    statement.execute("SET SESSION max_statement_time = " + statementTimeout.toSeconds());
                }
                else {
                    statement.execute("SET SESSION max_execution_time = " + statementTimeout.toMillis());
                }
            }
        }
        connection.setReadOnly(true);
    }

    /**
     * Returns the timeout to set on each statement, as a second line of defence behind the session's.
     *
     * @param context the check's context
     * @return whole seconds
     */
    static int queryTimeoutSeconds(final CheckContext context) {
        return (int) Math.max(1, statementTimeout(context.timeout()).toSeconds());
    }

    /**
     * Turns an SQL error into the exception of a result: lost connections are FAIL, missing tables,
     * missing privileges, timeouts and other errors are ERROR, each with what to do.
     *
     * @param exception the error
     * @param what what was being done, such as "Reading BATCH_JOB_EXECUTION"
     * @return the exception to throw
     */
    CheckException failure(final SQLException exception, final String what) {
        return failure(exception, what, "check the database in 'url' and the table names");
    }

    /**
     * Turns an SQL error into the exception of a result, with a hint of the source's own for missing tables.
     *
     * @param exception the error
     * @param what what was being done
     * @param missingTableHint what to check when a table is missing
     * @return the exception to throw
     */
    CheckException failure(final SQLException exception, final String what, final String missingTableHint) {
        String state = exception.getSQLState() == null ? "" : exception.getSQLState();
        int code = exception.getErrorCode();
        String reason = firstLine(exception);
        if (state.startsWith("08")) {
            return new CheckException(Status.FAIL, what + " failed: lost the connection to " + displayUrl() + ": " + reason, null);
        }
        if ("42P01".equals(state) || "42S02".equals(state) || code == 1146) {
            return new CheckException(what + " failed: a table is missing: " + reason + " — " + missingTableHint
                    + (dialect == Dialect.MARIADB ? " (names are case-sensitive)" : ""));
        }
        if ("42501".equals(state) || code == 1142 || code == 1143 || code == 1044) {
            return new CheckException(what + " failed: permission denied: " + reason + " — grant SELECT on the tables"
                    + (dialect == Dialect.MARIADB ? " and check their names: a table that does not exist is denied too" : ""));
        }
        if (exception instanceof SQLTimeoutException || "57014".equals(state) || "70100".equals(state) || code == 1969 || code == 3024) {
            return new CheckException(what + " failed: the statement did not finish within its timeout: " + reason
                    + " — raise the check's 'timeout' or make the query cheaper");
        }
        if ("25006".equals(state) || code == 1792) {
            return new CheckException(what + " failed: the statement tried to write in the read-only session: " + reason
                    + " — the query must be a plain SELECT");
        }
        return new CheckException(what + " failed: " + reason + (state.isEmpty() ? "" : " (SQLSTATE " + state + ")"));
    }

    private static String firstLine(final SQLException exception) {
        String message = exception.getMessage();
        if (message == null || message.isBlank()) {
            return exception.getClass().getSimpleName();
        }
        return message.strip().lines().findFirst().orElse(message).replaceFirst("^\\(conn=\\d+\\)\\s*", "").strip();
    }

    static void close(final Connection connection) {
        try {
            connection.close();
        }
        catch (SQLException exception) {
            // nothing more to do with a connection that cannot even be closed
        }
    }
}
