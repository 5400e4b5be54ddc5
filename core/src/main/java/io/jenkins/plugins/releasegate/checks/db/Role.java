package io.jenkins.plugins.releasegate.checks.db;

/**
 * The replication role of a database server.
 */
public enum Role {
    /** Accepts writes; standbys (replicas) stream from it. */
    PRIMARY,
    /** Replays the changes of a primary: a PostgreSQL standby or a MySQL/MariaDB replica. */
    STANDBY;

    /**
     * Returns the role as written in gate definitions and reports.
     *
     * @return {@code primary} or {@code standby}
     */
    public String displayName() {
        return this == PRIMARY ? "primary" : "standby";
    }
}
