package io.jenkins.plugins.releasegate.checks.rollback;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.releasegate.checks.jdbc.DatabaseLogin;
import io.jenkins.plugins.releasegate.checks.jdbc.FailureHints;
import io.jenkins.plugins.releasegate.checks.jdbc.FailureKind;
import io.jenkins.plugins.releasegate.checks.jdbc.JdbcSession;
import io.jenkins.plugins.releasegate.checks.jdbc.JdbcTimeouts;
import io.jenkins.plugins.releasegate.checks.jdbc.JdbcUrl;
import io.jenkins.plugins.releasegate.spi.CheckContext;
import io.jenkins.plugins.releasegate.spi.CheckException;
import io.jenkins.plugins.releasegate.spi.Status;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Flyway's schema history table ({@code flyway_schema_history}) of a database: a failed migration there
 * means the database is half-migrated, and neither the release nor its rollback can be trusted. Read
 * with one read-only connection and one query, within half the check's timeout.
 */
final class SchemaHistory {
    /** The URL schemes of the databases whose history is read. */
    static final Set<JdbcUrl.Scheme> SCHEMES = EnumSet.allOf(JdbcUrl.Scheme.class);

    private static final String RULE = "schemaHistory";
    private static final Duration MAX_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration MAX_STATEMENT_TIMEOUT = Duration.ofSeconds(30);

    private SchemaHistory() {}

    /**
     * Reads the history.
     *
     * @param options where the table is
     * @param context the check's context, for credentials and the timeout
     * @return the rows, or the finding that says why they could not be read: FAIL if the database is
     *         unreachable or refuses the login, ERROR if the table cannot be read
     * @throws CheckException if the credentials are unknown or have no user name
     * @throws InterruptedException if interrupted
     */
    static Reading read(final Options options, final CheckContext context) throws CheckException, InterruptedException {
        DatabaseLogin login = DatabaseLogin.of(context, options.credentialsId());
        try (JdbcSession session = JdbcSession.open(
                options.url(), login, timeouts(context.timeout()), hints(options), Map.of(), context.hostGuard())) {
            session.makeReadOnly();
            return new Reading(rows(session, options), null);
        } catch (CheckException exception) {
            return new Reading(List.of(), new PlanFinding(exception.getStatus(), RULE, exception.getMessage()));
        }
    }

    private static List<Row> rows(final JdbcSession session, final Options options)
            throws CheckException, InterruptedException {
        String query = "SELECT installed_rank, version, description, type, script, success FROM " + options.table()
                + " ORDER BY installed_rank";
        try (Statement statement = session.connection().createStatement()) {
            statement.setQueryTimeout(session.queryTimeoutSeconds());
            try (ResultSet result = statement.executeQuery(query)) {
                List<Row> rows = new ArrayList<>();
                while (result.next()) {
                    if (Thread.interrupted()) {
                        throw new InterruptedException("interrupted while reading " + options.table());
                    }
                    rows.add(new Row(
                            result.getInt(1),
                            result.getString(2),
                            Objects.toString(result.getString(3), ""),
                            Objects.toString(result.getString(4), ""),
                            Objects.toString(result.getString(5), ""),
                            result.getBoolean(6)));
                }
                return rows;
            }
        } catch (SQLException exception) {
            throw session.failure(
                    exception,
                    "Reading " + options.table() + " at " + options.url().display());
        }
    }

    /**
     * Returns the timeouts: connecting and the query may each take a quarter of the check's timeout (at most
     * 10 and 30 seconds), so that reading the history takes at most about half of it and the previous
     * artifact's request the other half.
     *
     * @param checkTimeout the check's timeout
     * @return the timeouts
     */
    static JdbcTimeouts timeouts(final Duration checkTimeout) {
        return JdbcTimeouts.of(
                JdbcTimeouts.share(checkTimeout, 4, MAX_CONNECT_TIMEOUT),
                JdbcTimeouts.share(checkTimeout, 4, MAX_STATEMENT_TIMEOUT));
    }

    private static FailureHints hints(final Options options) {
        return FailureHints.none()
                .with(
                        FailureKind.MISSING_TABLE,
                        "Flyway has not migrated this database, or its history table has another name: "
                                + "correct schemaHistory.url or schemaHistory.table")
                .with(FailureKind.PERMISSION_DENIED, "grant the user SELECT on " + options.table())
                .with(
                        FailureKind.UNREACHABLE,
                        "check schemaHistory.url, and that the database accepts connections from here")
                .with(FailureKind.UNKNOWN_DATABASE, "correct schemaHistory.url");
    }

    /**
     * Judges the history.
     *
     * @param rows the rows
     * @param options where the table is, for messages
     * @return the findings
     */
    static List<PlanFinding> judge(final List<Row> rows, final Options options) {
        List<PlanFinding> findings = new ArrayList<>();
        String where = options.table() + " at " + options.url().display();
        List<Row> failed = rows.stream().filter(row -> !row.isSuccess()).toList();
        for (Row row : failed) {
            findings.add(new PlanFinding(
                    Status.FAIL,
                    RULE,
                    where + " records a failed migration: "
                            + (row.version() == null ? "repeatable" : "version " + row.version()) + " '"
                            + row.description() + "' ("
                            + row.script()
                            + "): the database is half-migrated; repair it (complete or undo the partial change, then "
                            + "run flyway repair) before releasing or rolling back"));
        }
        if (failed.isEmpty()) {
            Optional<MigrationVersion> current = currentVersion(rows);
            findings.add(new PlanFinding(
                    Status.PASS,
                    RULE,
                    where + ": " + rows.size() + " migrations recorded, none failed"
                            + current.map(version -> "; current version " + version)
                                    .orElse("")));
        }
        return findings;
    }

    /**
     * Returns the version the database is at: the highest successfully applied version that was not
     * undone since.
     *
     * @param rows the rows, in installation order
     * @return the version, empty if no versioned migration is applied
     */
    static Optional<MigrationVersion> currentVersion(final List<Row> rows) {
        Set<MigrationVersion> applied = new HashSet<>();
        for (Row row : rows) {
            String rowVersion = row.version();
            if (!row.isSuccess() || rowVersion == null) {
                continue;
            }
            Optional<MigrationVersion> version = MigrationVersion.parse(rowVersion);
            if (version.isEmpty()) {
                continue;
            }
            String type = row.type().toUpperCase(Locale.ROOT);
            if (type.startsWith("UNDO")) {
                applied.remove(version.get());
            } else if (!"DELETE".equals(type)) {
                applied.add(version.get());
            }
        }
        return applied.stream().max(Comparator.naturalOrder());
    }

    /**
     * Where the schema history is.
     *
     * @param url the JDBC URL
     * @param credentialsId the credentials id, {@code null} if the URL needs none
     * @param table the table, optionally with its schema
     */
    record Options(JdbcUrl url, @CheckForNull String credentialsId, String table) {
        /** Flyway's default table name. */
        static final String DEFAULT_TABLE = "flyway_schema_history";

        Options {
            Objects.requireNonNull(url);
            Objects.requireNonNull(table);
        }
    }

    /**
     * One row of the history.
     *
     * @param rank the installed rank
     * @param version the version, {@code null} for repeatable migrations
     * @param description the description
     * @param type the type, such as {@code SQL}, {@code BASELINE} or {@code UNDO_SQL}
     * @param script the script
     * @param isSuccess whether it succeeded
     */
    record Row(
            int rank,
            @CheckForNull String version,
            String description,
            String type,
            String script,
            boolean isSuccess) {}

    /**
     * What reading the history gave.
     *
     * @param rows the rows, empty if they could not be read
     * @param error why they could not be read, {@code null} if they were
     */
    record Reading(List<Row> rows, @CheckForNull PlanFinding error) {
        Reading {
            rows = List.copyOf(rows);
        }
    }
}
