package io.jenkins.plugins.releasegate.checks.db;

import io.jenkins.plugins.releasegate.checks.jdbc.DatabaseLogin;
import io.jenkins.plugins.releasegate.checks.jdbc.Dialect;
import io.jenkins.plugins.releasegate.checks.jdbc.FailureHints;
import io.jenkins.plugins.releasegate.checks.jdbc.FailureKind;
import io.jenkins.plugins.releasegate.checks.jdbc.JdbcSession;
import io.jenkins.plugins.releasegate.checks.jdbc.JdbcTimeouts;
import io.jenkins.plugins.releasegate.checks.jdbc.JdbcUrl;
import io.jenkins.plugins.releasegate.spi.CheckException;
import io.jenkins.plugins.releasegate.spi.HostGuard;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one connection of an evaluation: a {@link JdbcSession} that runs the monitoring statements in as few
 * round trips as possible, counts them, and says what to grant when the account may not read what it must.
 */
final class DatabaseSession implements AutoCloseable {
    private final JdbcSession session;
    private final Dialect dialect;
    private int statements;
    private int roundTrips;

    private DatabaseSession(final JdbcSession session, final Dialect dialect) {
        this.session = session;
        this.dialect = dialect;
    }

    /**
     * Connects. The session is made read-only by the readers: PostgreSQL samples run in {@code BEGIN READ ONLY}
     * transactions, and MySQL/MariaDB sessions are set read-only in the first round trip.
     *
     * @param url the database URL
     * @param login the monitoring account
     * @param timeouts the timeouts
     * @param guard the hosts the check may connect to
     * @return the session
     * @throws CheckException FAIL if the server is unreachable, refuses the login or has no free connection;
     *         ERROR if no driver is available or the settings are wrong
     */
    static DatabaseSession open(
            final JdbcUrl url, final DatabaseLogin login, final JdbcTimeouts timeouts, final HostGuard guard)
            throws CheckException {
        boolean isPostgresql = url.family() == JdbcUrl.Family.POSTGRESQL;
        JdbcSession session = JdbcSession.open(
                url,
                login,
                timeouts,
                hints(isPostgresql),
                isPostgresql ? Map.of() : Map.of("allowMultiQueries", "true"),
                guard);
        try {
            return new DatabaseSession(session, session.dialect());
        } catch (CheckException exception) {
            session.close();
            throw exception;
        }
    }

    private static FailureHints hints(final boolean isPostgresql) {
        return FailureHints.none()
                .with(
                        FailureKind.DATABASE_DENIED,
                        isPostgresql
                                ? "grant the monitoring account CONNECT on it, or name a database it may connect to"
                                : "leave the database out of the URL (jdbc:mariadb://HOST:3306/): the monitoring account needs no grant on any database")
                .with(FailureKind.STATEMENT_TIMEOUT, "the server is too slow to be measured")
                .with(FailureKind.LOCK_TIMEOUT, "look for sessions holding exclusive locks on system views or tables");
    }

    /** Returns what the monitoring account needs on this server, short enough to stay in a result's summary. */
    private FailureHints privilegeHint() {
        String privileges =
                switch (dialect) {
                    case POSTGRESQL -> "the role pg_monitor";
                    case MARIADB -> "PROCESS, REPLICATION CLIENT and (10.5.9+) REPLICA MONITOR";
                    case MYSQL -> "PROCESS, REPLICATION CLIENT and (MySQL 8) SELECT on performance_schema";
                };
        return FailureHints.none()
                .with(
                        FailureKind.PERMISSION_DENIED,
                        "grant the monitoring account " + privileges + "; see docs/checks/db-load.md");
    }

    JdbcUrl url() {
        return session.url();
    }

    JdbcTimeouts timeouts() {
        return session.timeouts();
    }

    /**
     * Returns the statements that make a MySQL or MariaDB session read-only with statement and lock timeouts.
     *
     * @return the statements
     */
    List<String> readOnlyStatements() {
        return JdbcSession.readOnlyStatements(dialect, session.timeouts());
    }

    /**
     * Returns the server's version as told at login, without a round trip.
     *
     * @return the version text, such as {@code 10.11.6-MariaDB} or {@code 15.4}
     * @throws CheckException if the driver cannot tell
     */
    String serverVersion() throws CheckException {
        return session.serverVersion();
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
        try (Statement statement = session.connection().createStatement()) {
            boolean isResultSet = statement.execute(String.join(";\n", sql));
            while (true) {
                if (isResultSet) {
                    try (ResultSet resultSet = statement.getResultSet()) {
                        results.add(rows(resultSet));
                    }
                } else if (statement.getUpdateCount() == -1) {
                    break;
                }
                isResultSet = statement.getMoreResults();
            }
            return results;
        } catch (SQLException exception) {
            throw session.failure(exception, "A monitoring query", privilegeHint());
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
                } else if (value instanceof byte[] bytes) {
                    value = new String(bytes, StandardCharsets.UTF_8);
                }
                values.put(metaData.getColumnLabel(column), value);
            }
            rows.add(Row.of(values));
        }
        return rows;
    }

    @Override
    public void close() {
        session.close();
    }
}
