package io.jenkins.plugins.releasegate.checks.jdbc;

import static org.assertj.core.api.Assertions.fail;

import io.jenkins.plugins.releasegate.spi.CheckContext;
import io.jenkins.plugins.releasegate.spi.CheckException;
import io.jenkins.plugins.releasegate.spi.Credentials;
import io.jenkins.plugins.releasegate.spi.GateEnvironment;
import io.jenkins.plugins.releasegate.spi.Secret;
import io.jenkins.plugins.releasegate.spi.Thresholds;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

/**
 * Opens sessions as a check does, with credentials named {@value #CREDENTIALS_ID}, and turns the SQL errors of
 * statements into the exceptions a check would throw.
 */
final class Sessions {
    /** The id of the credentials sessions log in with. */
    static final String CREDENTIALS_ID = "orders-db";
    /** A statement timeout of 2s, locks waited for 1s. */
    static final JdbcTimeouts TIMEOUTS = JdbcTimeouts.of(Duration.ofSeconds(5), Duration.ofSeconds(2));

    private Sessions() {}

    /**
     * Opens a session.
     *
     * @param url the URL
     * @param user the user name of the credentials
     * @param password the password of the credentials
     * @return the session
     * @throws CheckException if it cannot be opened
     */
    static JdbcSession open(final String url, final String user, final String password) throws CheckException {
        CheckContext context = new CheckContext(
                GateEnvironment.builder()
                        .credentials(id -> Credentials.usernamePassword(id, user, Secret.of(password)))
                        .build(),
                "db",
                Duration.ofSeconds(30),
                Thresholds.defaults(List.of()));
        return JdbcSession.open(
                JdbcUrl.parse(url, EnumSet.allOf(JdbcUrl.Scheme.class)).url().orElseThrow(),
                DatabaseLogin.of(context, CREDENTIALS_ID),
                TIMEOUTS,
                FailureHints.none(),
                Map.of(),
                context.hostGuard());
    }

    /**
     * Runs a statement that must fail, and returns what the session makes of its error.
     *
     * @param session the session
     * @param sql the statement
     * @return the exception a check would throw
     */
    static CheckException failure(final JdbcSession session, final String sql) {
        try (Statement statement = session.connection().createStatement()) {
            statement.execute(sql);
        } catch (SQLException exception) {
            return session.failure(exception, "Running the statement");
        }
        return fail("no SQL error from " + sql);
    }

    /**
     * Returns the first column of the first row of a query.
     *
     * @param session the session
     * @param sql the query
     * @return the value as text
     * @throws SQLException if the query fails
     */
    static String value(final JdbcSession session, final String sql) throws SQLException {
        try (Statement statement = session.connection().createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        }
    }
}
