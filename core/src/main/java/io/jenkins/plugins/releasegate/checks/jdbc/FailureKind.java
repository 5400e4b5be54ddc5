package io.jenkins.plugins.releasegate.checks.jdbc;

import io.jenkins.plugins.releasegate.spi.Status;

/**
 * What went wrong in a database session, with the verdict it gives: a database that cannot be reached, that
 * refuses the login or has no free connection is a FAIL (the release would meet the same database); one
 * that was reached but could not be read as configured is an ERROR (nothing was measured).
 */
public enum FailureKind {
    /** The server cannot be reached: connection refused, no answer within the connect timeout, unknown host. */
    UNREACHABLE(
            Status.FAIL,
            "the database is unreachable",
            "check the URL, and that the database accepts connections from here"),
    /** The server refused the login: wrong user name or password, or no access for this client. */
    LOGIN_REFUSED(Status.FAIL, "the database refused the login", "check the user name and password of the credentials"),
    /** The server has no free connection (PostgreSQL "too many clients", MySQL "Too many connections"). */
    CONNECTIONS_EXHAUSTED(
            Status.FAIL,
            "connections exhausted",
            "the server accepts no more connections: free some, or raise its connection limit"),
    /** Connecting failed for another reason. */
    CONNECT_FAILED(Status.FAIL, "", ""),
    /** The connection was lost while statements ran. */
    LOST_CONNECTION(Status.FAIL, "lost the connection", ""),
    /** The database named in the URL does not exist. */
    UNKNOWN_DATABASE(Status.ERROR, "the database named in the URL does not exist", "correct the URL"),
    /** The account may not use the database named in the URL. */
    DATABASE_DENIED(
            Status.ERROR,
            "the account may not use the database named in the URL",
            "grant it access (PostgreSQL: CONNECT), or name a database it may use"),
    /** A table read does not exist. */
    MISSING_TABLE(Status.ERROR, "a table is missing", "check the table names and the database in the URL"),
    /** The account lacks a privilege. */
    PERMISSION_DENIED(Status.ERROR, "permission denied", "grant the account SELECT on the tables read"),
    /** A statement ran longer than the statement timeout. */
    STATEMENT_TIMEOUT(
            Status.ERROR,
            "the statement did not finish within its timeout",
            "raise the check's 'timeout' or make the query cheaper"),
    /** A statement waited longer than the lock timeout for a lock held by another session. */
    LOCK_TIMEOUT(
            Status.ERROR,
            "the statement waited longer than the lock timeout for a lock held by another session",
            "look for sessions holding exclusive locks on the tables read"),
    /** A statement tried to write in the read-only session. */
    WRITE_IN_READ_ONLY_SESSION(
            Status.ERROR, "the statement tried to write in the read-only session", "the query must be a plain SELECT"),
    /** A statement failed for another reason. */
    QUERY_FAILED(Status.ERROR, "", "");

    private final Status status;
    private final String problem;
    private final String hint;

    FailureKind(final Status status, final String problem, final String hint) {
        this.status = status;
        this.problem = problem;
        this.hint = hint;
    }

    /**
     * Returns the verdict of the check.
     *
     * @return FAIL or ERROR
     */
    public Status status() {
        return status;
    }

    /**
     * Returns what went wrong, in the words of a message.
     *
     * @return the problem, empty if the driver's message says it best
     */
    public String problem() {
        return problem;
    }

    /**
     * Returns what to do, unless a check says something more precise.
     *
     * @return the hint, empty for none
     */
    public String defaultHint() {
        return hint;
    }
}
