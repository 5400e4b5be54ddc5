package io.jenkins.plugins.releasegate.checks.jdbc;

import io.jenkins.plugins.releasegate.spi.Urls;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The JDBC URL of a database named in a gate definition: validated, with the scheme it names, the drivers
 * that can open it and the form shown in reports.
 *
 * @param url the URL as written, without surrounding blanks
 * @param scheme the scheme it names
 */
public record JdbcUrl(String url, Scheme scheme) {
    /**
     * A password given as a parameter ({@code ?password=}, {@code ;password=}), as one of MySQL Connector/J's
     * multi-factor passwords ({@code password1=}) or inside a host specification
     * ({@code address=(host=db)(password=...)}, {@code (host=db,password=...)}).
     */
    private static final Pattern SECRET_PARAMETER =
            Pattern.compile("[?&;(,]\\s*([a-z._-]*(password|passwd|pwd)\\d*|pass)\\s*=", Pattern.CASE_INSENSITIVE);

    private static final Pattern USER_INFO = Pattern.compile("//[^/?#@]*@");

    /**
     * Creates a URL; use {@link #parse(String, Set)} for URLs from gate definitions.
     *
     * @throws IllegalArgumentException if the URL is not of the scheme
     */
    public JdbcUrl {
        if (Scheme.of(url).filter(scheme::equals).isEmpty()) {
            throw new IllegalArgumentException("not a " + scheme.prefix + "// URL: " + display(url));
        }
    }

    /** A database product family: one way of reading, judging and setting up a session. */
    public enum Family {
        /** PostgreSQL. */
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

    /** A URL scheme a check may accept. */
    public enum Scheme {
        /** {@code jdbc:postgresql:}. */
        POSTGRESQL("jdbc:postgresql:", "jdbc:postgresql://HOST:5432/DATABASE", Family.POSTGRESQL),
        /** {@code jdbc:mariadb:}, which also reaches MySQL servers. */
        MARIADB("jdbc:mariadb:", "jdbc:mariadb://HOST:3306/DATABASE", Family.MYSQL),
        /** {@code jdbc:mysql:}. */
        MYSQL("jdbc:mysql:", "jdbc:mysql://HOST:3306/DATABASE", Family.MYSQL);

        private final String prefix;
        private final String example;
        private final Family family;

        Scheme(final String prefix, final String example, final Family family) {
            this.prefix = prefix;
            this.example = example;
            this.family = family;
        }

        /**
         * Returns the start of the URLs of this scheme.
         *
         * @return the prefix, such as {@code jdbc:postgresql:}
         */
        public String prefix() {
            return prefix;
        }

        /**
         * Returns the family of the databases this scheme names.
         *
         * @return the family
         */
        public Family family() {
            return family;
        }

        private static Optional<Scheme> of(final String url) {
            for (Scheme scheme : values()) {
                if (url.regionMatches(true, 0, scheme.prefix + "//", 0, scheme.prefix.length() + 2)
                        && url.length() > scheme.prefix.length() + 2) {
                    return Optional.of(scheme);
                }
            }
            return Optional.empty();
        }
    }

    /**
     * A JDBC driver class and the URL to give it.
     *
     * @param className the driver class
     * @param description the driver's name for messages
     * @param url the URL in the scheme this driver accepts
     */
    public record DriverCandidate(String className, String description, String url) {}

    /**
     * The outcome of parsing.
     *
     * @param url the URL if valid
     * @param problem what is wrong otherwise, and what to do
     */
    public record Result(Optional<JdbcUrl> url, Optional<String> problem) {}

    /**
     * Parses a URL from a gate definition.
     *
     * @param text the URL
     * @param supported the schemes the check supports
     * @return the URL, or a message saying what is wrong and how to write it; neither shows a secret
     */
    public static Result parse(final String text, final Set<Scheme> supported) {
        String trimmed = text.trim();
        Optional<Scheme> scheme = Scheme.of(trimmed).filter(supported::contains);
        if (scheme.isEmpty()) {
            return problem("'" + display(trimmed) + "' is not a supported JDBC URL: write " + examples(supported));
        }
        if (SECRET_PARAMETER.matcher(trimmed).find()) {
            return problem("the URL holds a password: remove it and name the database account under 'credentials'; "
                    + "the URL is shown in reports, a password must not be");
        }
        if (USER_INFO.matcher(trimmed).find()) {
            return problem(
                    "the URL holds a user name or password before the host: remove it and name the database account under "
                            + "'credentials'; the URL is shown in reports, a password must not be");
        }
        return new Result(Optional.of(new JdbcUrl(trimmed, scheme.get())), Optional.empty());
    }

    private static Result problem(final String message) {
        return new Result(Optional.empty(), Optional.of(message));
    }

    private static String examples(final Set<Scheme> supported) {
        List<String> examples = new ArrayList<>();
        for (Scheme scheme : Scheme.values()) {
            if (supported.contains(scheme)) {
                examples.add(scheme.example);
            }
        }
        if (examples.size() == 1) {
            return examples.get(0);
        }
        return String.join(", ", examples.subList(0, examples.size() - 1)) + " or " + examples.get(examples.size() - 1);
    }

    /**
     * Returns any text given as a JDBC URL in the form shown in messages: without its parameters and with
     * a user name or password before the host masked.
     *
     * @param text the text
     * @return the text up to the first {@code ?} or {@code ;}, user information masked
     */
    public static String display(final String text) {
        String masked = Urls.withoutSecrets(text);
        int end = masked.length();
        for (char separator : new char[] {'?', ';'}) {
            int index = masked.indexOf(separator);
            if (index >= 0 && index < end) {
                end = index;
            }
        }
        return masked.substring(0, end);
    }

    /**
     * Returns the family of the database.
     *
     * @return the family
     */
    public Family family() {
        return scheme.family();
    }

    /**
     * Returns the drivers that can open this URL, preferred first. MySQL URLs prefer MySQL Connector/J and
     * fall back on MariaDB Connector/J; MariaDB URLs the other way round.
     *
     * @return the candidates
     */
    public List<DriverCandidate> driverCandidates() {
        String rest = url.substring(url.indexOf("://"));
        DriverCandidate mariaDb =
                new DriverCandidate("org.mariadb.jdbc.Driver", "MariaDB Connector/J", "jdbc:mariadb" + rest);
        DriverCandidate mySql =
                new DriverCandidate("com.mysql.cj.jdbc.Driver", "MySQL Connector/J", "jdbc:mysql" + rest);
        return switch (scheme) {
            case POSTGRESQL -> List.of(new DriverCandidate("org.postgresql.Driver", "PostgreSQL JDBC driver", url));
            case MARIADB -> List.of(mariaDb, mySql);
            case MYSQL -> List.of(mySql, mariaDb);
        };
    }

    /**
     * Returns the URL as shown in messages and reports.
     *
     * @return the URL without its parameters
     */
    public String display() {
        return display(url);
    }

    @Override
    public String toString() {
        return display();
    }
}
