package io.jenkins.plugins.releasegate.checks.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.releasegate.spi.CheckException;
import io.jenkins.plugins.releasegate.spi.Status;
import io.jenkins.plugins.releasegate.testsupport.MariaDbServer;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Sessions on Debian's MariaDB: read-only with MariaDB's own statement and lock timeouts, and its error
 * codes judged like PostgreSQL's SQLSTATEs.
 */
class JdbcSessionMariaDbTest {
    private static final String READER = "reader";
    private static final String READER_PASSWORD = "Reader-Pa55word-never-shown";

    private static MariaDbServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = MariaDbServer.start();
        server.execute(
                "CREATE DATABASE shop",
                "CREATE DATABASE payroll",
                "CREATE TABLE shop.orders (id INT PRIMARY KEY)",
                "CREATE TABLE payroll.salaries (id INT PRIMARY KEY)",
                "CREATE USER '" + READER + "'@'%' IDENTIFIED BY '" + READER_PASSWORD + "'",
                "GRANT SELECT, INSERT ON shop.* TO '" + READER + "'@'%'");
    }

    @AfterAll
    static void stopServer() {
        server.stop();
    }

    @Test
    void shouldOpenAReadOnlySessionBoundedByItsTimeouts() throws Exception {
        // Given
        try (JdbcSession session = Sessions.open(server.jdbcUrl("shop"), READER, READER_PASSWORD)) {
            // When
            session.makeReadOnly();

            // Then
            assertThat(session.dialect()).isEqualTo(Dialect.MARIADB);
            assertThat(
                            Sessions.value(
                                    session,
                                    "SELECT CONCAT_WS(' ', @@max_statement_time, @@lock_wait_timeout, @@innodb_lock_wait_timeout)"))
                    .isEqualTo("2.000000 1 1");
            CheckException write = Sessions.failure(session, "INSERT INTO orders VALUES (1)");
            assertThat(write.getStatus()).isEqualTo(Status.ERROR);
            assertThat(write.getMessage())
                    .startsWith("Running the statement failed: the statement tried to write in the read-only session: ")
                    .endsWith(" — the query must be a plain SELECT");
        }
    }

    @Test
    void shouldGiveErrorForMissingTablesPrivilegesAndTimeouts() throws Exception {
        // Given
        try (Connection root = server.rootConnection();
                Statement lock = root.createStatement();
                JdbcSession session = Sessions.open(server.jdbcUrl("shop"), READER, READER_PASSWORD)) {
            session.makeReadOnly();

            // When
            CheckException missing = Sessions.failure(session, "SELECT * FROM no_such_table");
            CheckException denied = Sessions.failure(session, "SELECT * FROM payroll.salaries");
            CheckException slow = Sessions.failure(session, "SELECT SLEEP(30)");
            lock.execute("LOCK TABLES shop.orders WRITE");
            CheckException waited = Sessions.failure(session, "SELECT * FROM orders");
            lock.execute("UNLOCK TABLES");

            // Then
            assertThat(List.of(missing, denied, slow, waited))
                    .extracting(CheckException::getStatus)
                    .containsOnly(Status.ERROR);
            assertThat(missing)
                    .hasMessage(
                            "Running the statement failed: a table is missing: Table 'shop.no_such_table' doesn't exist "
                                    + "(SQLSTATE 42S02) — check the table names and the database in the URL");
            assertThat(denied.getMessage())
                    .startsWith("Running the statement failed: permission denied: SELECT command denied to user "
                            + "'reader'@")
                    .endsWith(" (SQLSTATE 42000) — grant the account SELECT on the tables read");
            assertThat(slow.getMessage())
                    .startsWith("Running the statement failed: the statement did not finish within its timeout of 2s: ")
                    .contains("max_statement_time");
            assertThat(waited.getMessage())
                    .startsWith("Running the statement failed: the statement waited longer than the lock timeout "
                            + "of 1s for a lock held by another session: Lock wait timeout exceeded");
        }
    }

    @Test
    void shouldFailWithoutThePasswordWhenTheLoginIsRefused() {
        // Given
        String wrongPassword = "Wrong-Pa55word-never-shown";

        // When / Then
        assertThatThrownBy(() -> Sessions.open(server.jdbcUrl("shop"), READER, wrongPassword))
                .isInstanceOfSatisfying(CheckException.class, exception -> {
                    assertThat(exception.getStatus()).isEqualTo(Status.FAIL);
                    assertThat(exception.getMessage())
                            .startsWith("Connecting to " + server.jdbcUrl("shop") + " as reader failed: the "
                                    + "database refused the login: Access denied for user 'reader'@")
                            .contains("(SQLSTATE 28000)")
                            .endsWith(" — check the user name and password of the credentials 'orders-db'")
                            .doesNotContain(wrongPassword)
                            .doesNotContain(READER_PASSWORD);
                });
    }

    @Test
    void shouldGiveErrorForADatabaseTheAccountMayNotUse() {
        // When / Then
        assertThatThrownBy(() -> Sessions.open(server.jdbcUrl("payroll"), READER, READER_PASSWORD))
                .isInstanceOfSatisfying(CheckException.class, exception -> {
                    assertThat(exception.getStatus()).isEqualTo(Status.ERROR);
                    assertThat(exception.getMessage())
                            .startsWith(
                                    "Connecting to " + server.jdbcUrl("payroll") + " as reader failed: the "
                                            + "account may not use the database named in the URL: Access denied for user 'reader'@");
                });
    }
}
