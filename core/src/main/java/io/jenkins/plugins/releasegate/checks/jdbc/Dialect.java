package io.jenkins.plugins.releasegate.checks.jdbc;

import java.util.Locale;

/**
 * The SQL dialect of the server a session talks to, which decides how the session is made read-only and
 * bounded: a {@code jdbc:mariadb:} URL may reach a MySQL server, so the MySQL family is told apart on the
 * server's version.
 */
public enum Dialect {
    /** PostgreSQL. */
    POSTGRESQL,
    /** MariaDB. */
    MARIADB,
    /** MySQL. */
    MYSQL;

    /**
     * Returns the dialect of a server.
     *
     * @param family the family named by the URL
     * @param serverVersion the version the server reports, such as {@code 10.11.6-MariaDB}
     * @return the dialect
     */
    public static Dialect of(final JdbcUrl.Family family, final String serverVersion) {
        if (family == JdbcUrl.Family.POSTGRESQL) {
            return POSTGRESQL;
        }
        return serverVersion.toLowerCase(Locale.ROOT).contains("mariadb") ? MARIADB : MYSQL;
    }
}
