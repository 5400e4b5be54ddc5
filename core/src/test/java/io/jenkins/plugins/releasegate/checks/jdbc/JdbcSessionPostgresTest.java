package io.jenkins.plugins.releasegate.checks.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.jenkins.plugins.releasegate.spi.CheckException;
import io.jenkins.plugins.releasegate.spi.Status;
import io.jenkins.plugins.releasegate.testsupport.LocalPorts;
import io.jenkins.plugins.releasegate.testsupport.PostgresPasswords;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sessions on a real PostgreSQL that asks every role but its superuser for a password: read-only and
 * bounded by their timeouts, and every kind of failure produced for real, judged FAIL or ERROR and worded
 * without the password.
 */
class JdbcSessionPostgresTest {
    private static final String READER = "reader";
    private static final String READER_PASSWORD = "Reader-Pa55word-never-shown";
    private static final int USABLE_CONNECTIONS = 5;

    @TempDir
    static Path directory;

    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void startServer() throws Exception {
        Path data = directory.resolve("data");
        postgres = EmbeddedPostgres.builder()
                .setDataDirectory(data)
                .setServerConfig("max_connections", String.valueOf(USABLE_CONNECTIONS + 3))
                .setServerConfig("superuser_reserved_connections", "3")
                .start();
        PostgresPasswords.require(postgres, data);
        admin(
                "CREATE ROLE " + READER + " LOGIN PASSWORD '" + READER_PASSWORD + "'",
                "CREATE DATABASE locked",
                "REVOKE CONNECT ON DATABASE locked FROM PUBLIC",
                "CREATE TABLE orders (id int PRIMARY KEY)",
                "GRANT SELECT ON orders TO " + READER,
                "CREATE TABLE salaries (id int PRIMARY KEY)");
    }

    @AfterAll
    static void stopServer() throws IOException {
        postgres.close();
    }

    @Test
    void shouldOpenAReadOnlySessionBoundedByItsTimeoutsAndNamedReleaseGate() throws Exception {
        // Given
        try (JdbcSession session = open(url("postgres"), READER_PASSWORD)) {
            // When
            session.makeReadOnly();

            // Then
            assertThat(session.dialect()).isEqualTo(Dialect.POSTGRESQL);
            assertThat(show(session, "transaction_read_only")).isEqualTo("on");
            assertThat(show(session, "statement_timeout")).isEqualTo("2s");
            assertThat(show(session, "lock_timeout")).isEqualTo("1s");
            assertThat(show(session, "application_name")).isEqualTo(JdbcSession.APPLICATION_NAME);
            assertThat(session.queryTimeoutSeconds()).isEqualTo(2);
            CheckException write = Sessions.failure(session, "CREATE TABLE intruder (id int)");
            assertThat(write.getStatus()).isEqualTo(Status.ERROR);
            assertThat(write)
                    .hasMessage(
                            "Running the statement failed: the statement tried to write in the read-only session: "
                                    + "ERROR: cannot execute CREATE TABLE in a read-only transaction (SQLSTATE 25006) — the query must be a plain SELECT");
        }
    }

    @Test
    void shouldGiveErrorForMissingTablesPrivilegesAndStatementTimeouts() throws Exception {
        // Given
        try (JdbcSession session = open(url("postgres"), READER_PASSWORD)) {
            session.makeReadOnly();

            // When
            CheckException missing = Sessions.failure(session, "SELECT * FROM no_such_table");
            CheckException denied = Sessions.failure(session, "SELECT * FROM salaries");
            CheckException slow = Sessions.failure(session, "SELECT pg_sleep(30)");

            // Then
            assertThat(List.of(missing, denied, slow))
                    .extracting(CheckException::getStatus)
                    .containsOnly(Status.ERROR);
            assertThat(missing)
                    .hasMessage(
                            "Running the statement failed: a table is missing: ERROR: relation \"no_such_table\" does not "
                                    + "exist (SQLSTATE 42P01) — check the table names and the database in the URL");
            assertThat(denied)
                    .hasMessage(
                            "Running the statement failed: permission denied: ERROR: permission denied for table salaries "
                                    + "(SQLSTATE 42501) — grant the account SELECT on the tables read");
            assertThat(slow)
                    .hasMessage(
                            "Running the statement failed: the statement did not finish within its timeout of 2s: ERROR: "
                                    + "canceling statement due to statement timeout (SQLSTATE 57014) — raise the check's 'timeout' or make the query cheaper");
        }
    }

    @Test
    void shouldGiveErrorWhenAStatementWaitsLongerThanTheLockTimeoutAndTakeTheCheckHints() throws Exception {
        // Given another session holding an exclusive lock on a table the session reads
        try (Connection locker = postgres.getPostgresDatabase().getConnection();
                Statement lock = locker.createStatement();
                JdbcSession session = open(url("postgres"), READER_PASSWORD)) {
            locker.setAutoCommit(false);
            lock.execute("LOCK TABLE orders IN ACCESS EXCLUSIVE MODE");
            session.makeReadOnly();

            // When
            CheckException waited;
            try (Statement statement = session.connection().createStatement()) {
                statement.executeQuery("SELECT * FROM orders");
                waited = fail("the lock did not stop the statement");
            } catch (SQLException exception) {
                waited = session.failure(
                        exception,
                        "Reading orders",
                        FailureHints.none().with(FailureKind.LOCK_TIMEOUT, "find who locks orders"));
            }
            locker.rollback();

            // Then
            assertThat(waited.getStatus()).isEqualTo(Status.ERROR);
            assertThat(waited)
                    .hasMessage(
                            "Reading orders failed: the statement waited longer than the lock timeout of 1s for a lock held "
                                    + "by another session: ERROR: canceling statement due to lock timeout (SQLSTATE 55P03) — find who locks orders");
        }
    }

    @Test
    void shouldFailWithoutThePasswordWhenTheLoginIsRefused() {
        // Given
        String wrongPassword = "Wrong-Pa55word-never-shown";

        // When / Then
        assertThatThrownBy(() -> open(url("postgres"), wrongPassword))
                .isInstanceOfSatisfying(CheckException.class, exception -> {
                    assertThat(exception.getStatus()).isEqualTo(Status.FAIL);
                    assertThat(exception)
                            .hasMessage("Connecting to " + url("postgres")
                                    + " as reader failed: the database refused the login: "
                                    + "FATAL: password authentication failed for user \"reader\" (SQLSTATE 28P01) — check the user name and password of "
                                    + "the credentials 'orders-db'")
                            .hasNoCause();
                    assertThat(exception.getMessage())
                            .doesNotContain(wrongPassword)
                            .doesNotContain(READER_PASSWORD);
                });
    }

    @Test
    void shouldFailWhenNothingListensOnThePort() throws Exception {
        // Given a port nobody listens on
        String url = "jdbc:postgresql://127.0.0.1:" + LocalPorts.unused() + "/orders";

        // When / Then
        assertThatThrownBy(() -> open(url, READER_PASSWORD)).isInstanceOfSatisfying(CheckException.class, exception -> {
            assertThat(exception.getStatus()).isEqualTo(Status.FAIL);
            assertThat(exception.getMessage())
                    .startsWith("Connecting to " + url + " as reader failed: the database is unreachable: ")
                    .contains("(SQLSTATE 08001)")
                    .endsWith(" — check the URL, and that the database accepts connections from here")
                    .doesNotContain(READER_PASSWORD);
        });
    }

    @Test
    void shouldFailWhenTheServerHasNoFreeConnection() throws Exception {
        // Given every connection a role may open in use
        List<Connection> holders = new ArrayList<>();
        try {
            for (int index = 0; index < USABLE_CONNECTIONS; index++) {
                holders.add(DriverManager.getConnection(url("postgres"), READER, READER_PASSWORD));
            }

            // When / Then
            assertThatThrownBy(() -> open(url("postgres"), READER_PASSWORD))
                    .isInstanceOfSatisfying(CheckException.class, exception -> {
                        assertThat(exception.getStatus()).isEqualTo(Status.FAIL);
                        assertThat(exception.getMessage())
                                .startsWith("Connecting to " + url("postgres")
                                        + " as reader failed: connections exhausted: ")
                                .contains("(SQLSTATE 53300)")
                                .endsWith(" — the server accepts no more connections: free some, or raise its "
                                        + "connection limit");
                    });
        } finally {
            for (Connection holder : holders) {
                holder.close();
            }
        }
    }

    @Test
    void shouldGiveErrorForADatabaseThatDoesNotExistOrThatTheAccountMayNotUse() {
        // When / Then
        assertThatThrownBy(() -> open(url("no_such_database"), READER_PASSWORD))
                .isInstanceOfSatisfying(CheckException.class, exception -> {
                    assertThat(exception.getStatus()).isEqualTo(Status.ERROR);
                    assertThat(exception)
                            .hasMessage(
                                    "Connecting to " + url("no_such_database")
                                            + " as reader failed: the database named in the URL "
                                            + "does not exist: FATAL: database \"no_such_database\" does not exist (SQLSTATE 3D000) — correct the URL");
                });
        assertThatThrownBy(() -> open(url("locked"), READER_PASSWORD))
                .isInstanceOfSatisfying(CheckException.class, exception -> {
                    assertThat(exception.getStatus()).isEqualTo(Status.ERROR);
                    assertThat(exception)
                            .hasMessage("Connecting to " + url("locked")
                                    + " as reader failed: the account may not use the database "
                                    + "named in the URL: FATAL: permission denied for database \"locked\" (SQLSTATE 42501) — grant it access "
                                    + "(PostgreSQL: CONNECT), or name a database it may use");
                });
    }

    @Test
    void shouldFailWhenTheServerEndsTheSession() throws Exception {
        // Given a session that an administrator terminates
        try (JdbcSession session = open(url("postgres"), READER_PASSWORD)) {
            admin("SELECT pg_terminate_backend(" + Sessions.value(session, "SELECT pg_backend_pid()") + ")");

            // When
            CheckException lost = Sessions.failure(session, "SELECT 1");

            // Then
            assertThat(lost.getStatus()).isEqualTo(Status.FAIL);
            assertThat(lost.getMessage())
                    .startsWith("Running the statement failed: lost the connection to " + url("postgres") + ": ");
        }
    }

    private static JdbcSession open(final String url, final String password) throws CheckException {
        return Sessions.open(url, READER, password);
    }

    private static String show(final JdbcSession session, final String setting) throws SQLException {
        return Sessions.value(session, "SHOW " + setting);
    }

    private static String url(final String database) {
        return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/" + database;
    }

    private static void admin(final String... statements) throws SQLException {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }
}
