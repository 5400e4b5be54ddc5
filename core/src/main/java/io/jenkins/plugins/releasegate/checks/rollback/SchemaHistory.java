package io.jenkins.plugins.releasegate.checks.rollback;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.releasegate.check.CheckContext;
import io.jenkins.plugins.releasegate.check.CheckException;
import io.jenkins.plugins.releasegate.check.Credentials;
import io.jenkins.plugins.releasegate.check.Status;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Flyway's schema history table ({@code flyway_schema_history}) of a database: a failed migration there
 * means the database is half-migrated, and neither the release nor its rollback can be trusted. Read
 * with one read-only connection and one query, within the check's timeout.
 */
final class SchemaHistory {
    private static final String RULE = "schemaHistory";
    private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)((?:password|pass|pwd)=)[^&;]*");
    private static final Pattern USER_INFO = Pattern.compile("//[^/@]*@");

    private SchemaHistory() {
    }

    /**
     * Reads the history.
     *
     * @param options where the table is
     * @param context the check's context, for credentials and the timeout
     * @return the rows, or the finding that says why they could not be read
     * @throws CheckException if the credentials are unknown
     * @throws InterruptedException if interrupted
     */
    static Reading read(final Options options, final CheckContext context) throws CheckException, InterruptedException {
        Properties properties = new Properties();
        if (options.credentialsId() != null) {
            Credentials credentials = context.credentials(options.credentialsId());
            credentials.getUsername().ifPresent(user -> properties.setProperty("user", user));
            properties.setProperty("password", credentials.getSecret().reveal());
        }
        Duration timeout = context.timeout();
        long seconds = Math.max(1, timeout.toSeconds() / 2);
        String url = options.url();
        if (url.startsWith("jdbc:postgresql:")) {
            properties.setProperty("connectTimeout", Long.toString(seconds));
            properties.setProperty("socketTimeout", Long.toString(seconds));
            properties.setProperty("loginTimeout", Long.toString(seconds));
            properties.setProperty("readOnly", "true");
            properties.setProperty("ApplicationName", "release-gate rollbackPlan");
        }
        else if (url.startsWith("jdbc:mariadb:") || url.startsWith("jdbc:mysql:")) {
            properties.setProperty("connectTimeout", Long.toString(seconds * 1000));
            properties.setProperty("socketTimeout", Long.toString(seconds * 1000));
        }
        String query = "SELECT installed_rank, version, description, type, script, success FROM " + options.table()
                + " ORDER BY installed_rank";
        try (Connection connection = connect(url, properties)) {
            connection.setReadOnly(true);
            try (Statement statement = connection.createStatement()) {
                statement.setQueryTimeout((int) Math.min(Integer.MAX_VALUE, seconds));
                try (ResultSet result = statement.executeQuery(query)) {
                    List<Row> rows = new ArrayList<>();
                    while (result.next()) {
                        if (Thread.interrupted()) {
                            throw new InterruptedException("interrupted while reading " + options.table());
                        }
                        rows.add(new Row(result.getInt(1), result.getString(2), Objects.toString(result.getString(3), ""),
                                Objects.toString(result.getString(4), ""), Objects.toString(result.getString(5), ""), result.getBoolean(6)));
                    }
                    return new Reading(rows, null);
                }
            }
        }
        catch (SQLException exception) {
            return new Reading(List.of(), new PlanFinding(Status.ERROR, RULE, describe(exception, options)));
        }
    }

    private static Connection connect(final String url, final Properties properties) throws SQLException {
        for (Driver driver : ServiceLoader.load(Driver.class, SchemaHistory.class.getClassLoader())) {
            if (driver.acceptsURL(url)) {
                Connection connection = driver.connect(url, properties);
                if (connection != null) {
                    return connection;
                }
            }
        }
        return DriverManager.getConnection(url, properties);
    }

    private static String describe(final SQLException exception, final Options options) {
        String state = Objects.toString(exception.getSQLState(), "");
        String where = " at " + displayUrl(options.url());
        if ("42P01".equals(state) || "42S02".equals(state)) {
            return "There is no table " + options.table() + where + ": Flyway has not migrated this database, or its history "
                    + "table has another name; correct schemaHistory.url or schemaHistory.table";
        }
        if (state.startsWith("28")) {
            return "The database" + where + " refused the login: check the credentials '" + options.credentialsId()
                    + "' named in schemaHistory.credentials";
        }
        if (state.startsWith("08")) {
            return "Cannot connect to the database" + where + ": " + exception.getMessage() + "; check schemaHistory.url and "
                    + "that the database accepts connections from here";
        }
        if ("42501".equals(state) || "42000".equals(state)) {
            return "Cannot read " + options.table() + where + ": " + exception.getMessage() + "; grant the user SELECT on it";
        }
        return "Cannot read " + options.table() + where + ": " + exception.getMessage();
    }

    /**
     * Returns a JDBC URL without the passwords it may hold, for messages.
     *
     * @param url the URL
     * @return the URL with passwords masked
     */
    static String displayUrl(final String url) {
        return USER_INFO.matcher(PASSWORD_PARAMETER.matcher(url).replaceAll("$1****")).replaceAll("//****@");
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
        String where = options.table() + " at " + displayUrl(options.url());
        List<Row> failed = rows.stream().filter(row -> !row.isSuccess()).toList();
        for (Row row : failed) {
            findings.add(new PlanFinding(Status.FAIL, RULE, where + " records a failed migration: "
                    + (row.version() == null ? "repeatable" : "version " + row.version()) + " '" + row.description() + "' ("
                    + row.script() + "): the database is half-migrated; repair it (complete or undo the partial change, then "
                    + "run flyway repair) before releasing or rolling back"));
        }
        if (failed.isEmpty()) {
            Optional<MigrationVersion> current = currentVersion(rows);
            findings.add(new PlanFinding(Status.PASS, RULE, where + ": " + rows.size() + " migrations recorded, none failed"
                    + current.map(version -> "; current version " + version).orElse("")));
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
            if (!row.isSuccess() || row.version() == null) {
                continue;
            }
            Optional<MigrationVersion> version = MigrationVersion.parse(row.version());
            if (version.isEmpty()) {
                continue;
            }
            String type = row.type().toUpperCase(Locale.ROOT);
            if (type.startsWith("UNDO")) {
                applied.remove(version.get());
            }
            else if (!"DELETE".equals(type)) {
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
    record Options(String url, @CheckForNull String credentialsId, String table) {
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
    record Row(int rank, @CheckForNull String version, String description, String type, String script, boolean isSuccess) {
    }

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
