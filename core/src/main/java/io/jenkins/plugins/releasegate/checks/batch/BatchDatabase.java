package io.jenkins.plugins.releasegate.checks.batch;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.releasegate.checks.jdbc.DatabaseLogin;
import io.jenkins.plugins.releasegate.checks.jdbc.FailureHints;
import io.jenkins.plugins.releasegate.checks.jdbc.FailureKind;
import io.jenkins.plugins.releasegate.checks.jdbc.JdbcSession;
import io.jenkins.plugins.releasegate.checks.jdbc.JdbcTimeouts;
import io.jenkins.plugins.releasegate.checks.jdbc.JdbcUrl;
import io.jenkins.plugins.releasegate.spi.CheckContext;
import io.jenkins.plugins.releasegate.spi.CheckException;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The database of the {@code springBatch} and {@code sql} sources: its URL and credentials, and read-only
 * sessions on it whose statements may take a third of the check's timeout, with times of MySQL and MariaDB
 * sessions in UTC.
 */
final class BatchDatabase {
    /** The URL schemes the database sources accept. */
    static final Set<JdbcUrl.Scheme> SCHEMES = EnumSet.of(JdbcUrl.Scheme.POSTGRESQL, JdbcUrl.Scheme.MARIADB);

    private static final Duration MAX_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration MAX_STATEMENT_TIMEOUT = Duration.ofSeconds(30);

    private final JdbcUrl url;

    @CheckForNull
    private final String credentialsId;

    /**
     * Creates the database.
     *
     * @param url the JDBC URL
     * @param credentialsId the id of user name and password credentials, {@code null} to connect without
     */
    BatchDatabase(final JdbcUrl url, @CheckForNull final String credentialsId) {
        this.url = url;
        this.credentialsId = credentialsId;
    }

    JdbcUrl url() {
        return url;
    }

    /**
     * Returns whether the database is MySQL or MariaDB, whose {@code TIMESTAMP} values come in the session's
     * zone, set to UTC.
     *
     * @return {@code true} for MySQL and MariaDB
     */
    boolean isMySqlFamily() {
        return url.family() == JdbcUrl.Family.MYSQL;
    }

    /**
     * Returns the timeouts: connecting and each statement may take a third of the check's timeout, at
     * least a second and at most 10 and 30 seconds.
     *
     * @param checkTimeout the check's timeout
     * @return the timeouts
     */
    static JdbcTimeouts timeouts(final Duration checkTimeout) {
        return JdbcTimeouts.of(
                JdbcTimeouts.share(checkTimeout, 3, MAX_CONNECT_TIMEOUT),
                JdbcTimeouts.share(checkTimeout, 3, MAX_STATEMENT_TIMEOUT));
    }

    /**
     * Connects and makes the session read-only with statement and lock timeouts.
     *
     * @param context the check's context, for credentials and the timeout
     * @return the session; close it
     * @throws CheckException FAIL if the database cannot be reached or refuses the login, ERROR if the
     *         credentials are unusable or the session cannot be prepared
     */
    JdbcSession open(final CheckContext context) throws CheckException {
        JdbcSession session = JdbcSession.open(
                url,
                DatabaseLogin.of(context, credentialsId),
                timeouts(context.timeout()),
                hints("check the database in 'url' and the table names"),
                Map.of(),
                context.hostGuard());
        try {
            session.makeReadOnly();
            if (isMySqlFamily()) {
                try (Statement statement = session.connection().createStatement()) {
                    statement.execute("SET time_zone = '+00:00'");
                }
            }
            return session;
        } catch (SQLException exception) {
            session.close();
            throw session.failure(exception, "Preparing the read-only session on " + url.display());
        } catch (CheckException exception) {
            session.close();
            throw exception;
        }
    }

    /**
     * Returns what to tell the user about missing tables and privileges.
     *
     * @param missingTableHint what to check when a table is missing
     * @return the hints
     */
    FailureHints hints(final String missingTableHint) {
        return FailureHints.none()
                .with(
                        FailureKind.MISSING_TABLE,
                        missingTableHint + (isMySqlFamily() ? " (names are case-sensitive)" : ""))
                .with(
                        FailureKind.PERMISSION_DENIED,
                        "grant SELECT on the tables"
                                + (isMySqlFamily()
                                        ? " and check their names: a table that does not exist is denied too"
                                        : ""));
    }
}
