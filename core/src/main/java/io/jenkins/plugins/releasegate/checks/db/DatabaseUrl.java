package io.jenkins.plugins.releasegate.checks.db;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JDBC URL of the database to check, with the product family it names and the drivers that can
 * open it.
 *
 * @param url the URL as written
 * @param family the product family named by the scheme
 */
public record DatabaseUrl(String url, Family family) {
    private static final Pattern SCHEME = Pattern.compile("jdbc:(postgresql|mariadb|mysql)://.+", Pattern.CASE_INSENSITIVE);
    private static final Pattern PASSWORD_PARAMETER = Pattern.compile("[?&;](password|pwd)=", Pattern.CASE_INSENSITIVE);
    private static final Pattern USER_INFO = Pattern.compile("jdbc:[a-z]+://[^/?]*:[^/?@]*@.*", Pattern.CASE_INSENSITIVE);

    /** A database product family: one set of queries and judgements. */
    public enum Family {
        /** PostgreSQL 10 or later. */
        POSTGRESQL("PostgreSQL"),
        /** MySQL or MariaDB; the flavour is told apart on the server's version. */
        MYSQL("MySQL/MariaDB");

        private final String displayName;

        Family(final String displayName) {
            this.displayName = displayName;
        }

        /**
         * Returns the name shown to people.
         *
         * @return the name
         */
        public String displayName() {
            return displayName;
        }
    }

    /**
     * A JDBC driver class and the URL to give it.
     *
     * @param className the driver class
     * @param description the driver's name for messages
     * @param url the URL in the scheme this driver accepts
     */
    public record DriverCandidate(String className, String description, String url) {
    }

    /**
     * Parses a URL.
     *
     * @param text the URL
     * @return the URL, or a message saying what is wrong and how to write it
     */
    public static Result parse(final String text) {
        String trimmed = text.trim();
        Matcher matcher = SCHEME.matcher(trimmed);
        if (!matcher.matches()) {
            return new Result(Optional.empty(), Optional.of("'" + trimmed + "' is not a supported JDBC URL: write jdbc:postgresql://HOST:5432/DATABASE, "
                    + "jdbc:mariadb://HOST:3306/DATABASE or jdbc:mysql://HOST:3306/DATABASE"));
        }
        if (PASSWORD_PARAMETER.matcher(trimmed).find() || USER_INFO.matcher(trimmed).matches()) {
            return new Result(Optional.empty(), Optional.of("the URL holds a password: remove it and name the monitoring account under 'credentials'; "
                    + "the URL is shown in reports, a password must not be"));
        }
        Family family = "postgresql".equals(matcher.group(1).toLowerCase(Locale.ROOT)) ? Family.POSTGRESQL : Family.MYSQL;
        return new Result(Optional.of(new DatabaseUrl(trimmed, family)), Optional.empty());
    }

    /**
     * The outcome of parsing.
     *
     * @param url the URL if valid
     * @param problem what is wrong otherwise
     */
    public record Result(Optional<DatabaseUrl> url, Optional<String> problem) {
    }

    /**
     * Returns the drivers that can open this URL, preferred first. MySQL URLs prefer MySQL Connector/J and
     * fall back on MariaDB Connector/J; MariaDB URLs the other way round.
     *
     * @return the candidates
     */
    public List<DriverCandidate> driverCandidates() {
        String scheme = url.substring(0, url.indexOf("://")).toLowerCase(Locale.ROOT);
        String rest = url.substring(url.indexOf("://"));
        DriverCandidate mariaDb = new DriverCandidate("org.mariadb.jdbc.Driver", "MariaDB Connector/J", "jdbc:mariadb" + rest);
        DriverCandidate mySql = new DriverCandidate("com.mysql.cj.jdbc.Driver", "MySQL Connector/J", "jdbc:mysql" + rest);
        return switch (scheme) {
            case "jdbc:postgresql" -> List.of(new DriverCandidate("org.postgresql.Driver", "PostgreSQL JDBC driver", url));
            case "jdbc:mariadb" -> List.of(mariaDb, mySql);
            default -> List.of(mySql, mariaDb);
        };
    }

    /**
     * Returns the URL without its parameters, for messages and reports.
     *
     * @return the URL up to the first {@code ?}
     */
    public String display() {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }

    @Override
    public String toString() {
        return display();
    }
}
