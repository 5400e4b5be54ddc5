package io.jenkins.plugins.releasegate.checks.jdbc;

import io.jenkins.plugins.releasegate.spi.Urls;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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

    /** What a host list may hold: names, IPv4 and IPv6 addresses, ports, brackets and commas; no '(', '=' or '@'. */
    private static final Pattern HOST_LIST = Pattern.compile("[A-Za-z0-9._\\-:\\[\\],]+");

    private static final Pattern PORT = Pattern.compile("\\d{1,5}");

    /** Driver options that only choose TLS or a schema, and so may come from a definition anywhere. */
    private static final Set<String> HARMLESS_OPTIONS =
            Set.of("ssl", "sslmode", "usessl", "requiressl", "currentschema");

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
     * A host and port a URL connects to.
     *
     * @param host the host name or IP address, without brackets
     * @param port the port, the scheme's default if the URL names none
     */
    public record Endpoint(String host, int port) {}

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
     * Returns the hosts and ports this URL connects to, read as the drivers read a plain host list
     * ({@code //host1:port1,host2,[2001:db8::1]:5432/database}), with the scheme's default port where none is
     * written.
     *
     * @return the endpoints; empty if they cannot be told with certainty, such as for an empty host, for
     *     MySQL's {@code address=(host=...)} forms or for anything else a plain host list does not hold
     */
    public Optional<List<Endpoint>> endpoints() {
        String rest = url.substring(scheme.prefix.length() + 2);
        int end = rest.length();
        for (char separator : new char[] {'/', '?', ';', '#'}) {
            int index = rest.indexOf(separator);
            if (index >= 0 && index < end) {
                end = index;
            }
        }
        String hosts = rest.substring(0, end);
        if (!HOST_LIST.matcher(hosts).matches()) {
            return Optional.empty();
        }
        int defaultPort = scheme == Scheme.POSTGRESQL ? 5432 : 3306;
        List<Endpoint> endpoints = new ArrayList<>();
        for (String host : hosts.split(",", -1)) {
            Optional<Endpoint> endpoint = endpoint(host, defaultPort);
            if (endpoint.isEmpty()) {
                return Optional.empty();
            }
            endpoints.add(endpoint.get());
        }
        return Optional.of(List.copyOf(endpoints));
    }

    private static Optional<Endpoint> endpoint(final String text, final int defaultPort) {
        String host;
        String port;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0 || close != text.lastIndexOf(']') || text.lastIndexOf('[') != 0) {
                return Optional.empty();
            }
            host = text.substring(1, close);
            String after = text.substring(close + 1);
            if (!after.isEmpty() && !after.startsWith(":")) {
                return Optional.empty();
            }
            port = after.isEmpty() ? null : after.substring(1);
        } else {
            if (text.contains("[") || text.contains("]") || text.indexOf(':') != text.lastIndexOf(':')) {
                return Optional.empty();
            }
            int colon = text.indexOf(':');
            host = colon < 0 ? text : text.substring(0, colon);
            port = colon < 0 ? null : text.substring(colon + 1);
        }
        if (host.isEmpty()) {
            return Optional.empty();
        }
        if (port == null) {
            return Optional.of(new Endpoint(host, defaultPort));
        }
        if (!PORT.matcher(port).matches() || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65_535) {
            return Optional.empty();
        }
        return Optional.of(new Endpoint(host, Integer.parseInt(port)));
    }

    /**
     * Returns the driver options this URL sets that could make the driver do more than choose TLS or a
     * schema, such as load classes, read or write local files or deserialize what the server sends.
     *
     * @return their names as written; empty if there are none; {@code Optional.empty()} if the URL's options
     *     cannot be told with certainty (a {@code ;} or {@code #} anywhere)
     */
    public Optional<List<String>> unsafeDriverOptions() {
        if (url.indexOf(';') >= 0 || url.indexOf('#') >= 0) {
            return Optional.empty();
        }
        int query = url.indexOf('?');
        if (query < 0) {
            return Optional.of(List.of());
        }
        List<String> unsafe = new ArrayList<>();
        for (String parameter : url.substring(query + 1).split("&")) {
            if (parameter.isEmpty()) {
                continue;
            }
            int equals = parameter.indexOf('=');
            String name = equals < 0 ? parameter : parameter.substring(0, equals);
            if (!HARMLESS_OPTIONS.contains(name.toLowerCase(Locale.ROOT))) {
                unsafe.add(name);
            }
        }
        return Optional.of(List.copyOf(unsafe));
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
