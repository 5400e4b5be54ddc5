package io.jenkins.plugins.releasegate.checks.db;

import static io.jenkins.plugins.releasegate.checks.db.GateHarness.measurement;
import static io.jenkins.plugins.releasegate.checks.db.GateHarness.value;
import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.releasegate.spi.CheckResult;
import io.jenkins.plugins.releasegate.spi.Status;
import io.jenkins.plugins.releasegate.testsupport.MariaDbServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * dbLoad against a real MariaDB (Debian's mariadbd started by {@link MariaDbServer}, one for the class).
 * Every condition is created for real.
 */
class DbLoadMariaDbTest {
    private static final String MONITOR_PASSWORD = "Monitor-Secret-0042";
    private static final String APP_PASSWORD = "app-password";
    private static MariaDbServer server;
    private BackgroundSessions sessions;

    @BeforeAll
    static void startServer() throws Exception {
        server = MariaDbServer.start();
        server.execute(
                "CREATE DATABASE orders",
                "CREATE TABLE orders.accounts (id INT PRIMARY KEY, balance INT NOT NULL) ENGINE=InnoDB",
                "INSERT INTO orders.accounts VALUES (1, 100), (2, 200)",
                "CREATE USER monitor@'%' IDENTIFIED BY '" + MONITOR_PASSWORD + "'",
                "GRANT PROCESS, REPLICATION CLIENT, REPLICA MONITOR ON *.* TO monitor@'%'",
                "CREATE USER noprocess@'%' IDENTIFIED BY '" + MONITOR_PASSWORD + "'",
                "GRANT REPLICATION CLIENT, REPLICA MONITOR ON *.* TO noprocess@'%'",
                "CREATE USER app@'%' IDENTIFIED BY '" + APP_PASSWORD + "'",
                "GRANT SELECT, UPDATE ON orders.* TO app@'%'");
    }

    @AfterAll
    static void stopServer() {
        server.stop();
    }

    @BeforeEach
    void openSessions() {
        sessions = new BackgroundSessions(() -> server.connection("orders", "app", APP_PASSWORD));
    }

    @AfterEach
    void endSessions() throws Exception {
        try (Connection root = server.rootConnection();
                Statement statement = root.createStatement();
                ResultSet rows =
                        statement.executeQuery("SELECT ID FROM information_schema.PROCESSLIST WHERE USER = 'app'")) {
            while (rows.next()) {
                try (Statement kill = root.createStatement()) {
                    kill.execute("KILL " + rows.getLong(1));
                } catch (SQLException exception) {
                    // already gone
                }
            }
        }
        sessions.close();
        server.execute("SET GLOBAL max_connections = 151");
        Await.until(
                "the test's sessions are gone",
                () -> count("SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE USER = 'app'") == 0);
    }

    @Test
    void shouldPassOnAnIdleServer() throws Exception {
        // Given an idle server

        // When
        CheckResult result = GateHarness.create().run(check("sampleInterval: 400ms"), "monitor", MONITOR_PASSWORD);

        // Then
        assertThat(result.getStatus())
                .as(result.getSummary() + result.getDetails())
                .isEqualTo(Status.PASS);
        assertThat(result.getSummary())
                .startsWith("MariaDB 10.")
                .contains("primary")
                .contains("within limits");
        assertThat(result.getMeasurements())
                .extracting("name")
                .containsExactlyInAnyOrder(
                        Metrics.CONNECTIONS_USED,
                        Metrics.THREADS_RUNNING,
                        Metrics.LONGEST_STATEMENT,
                        Metrics.OLDEST_TRANSACTION,
                        Metrics.LOCK_WAITERS,
                        Metrics.LOCK_WAIT_TIME,
                        Metrics.IDLE_BLOCKER,
                        Metrics.QUESTIONS_PER_SECOND);
        assertThat(value(result, Metrics.THREADS_RUNNING)).isZero();
        assertThat(value(result, Metrics.CONNECTIONS_USED)).isZero();
        assertThat(measurement(result, Metrics.THREADS_RUNNING).orElseThrow().formattedThresholds())
                .isEqualTo("warn ≥ 25, fail ≥ 50");
        assertThat(result.getDetails())
                .anyMatch(
                        line -> line.startsWith("note: Threads_running of other sessions in 5 samples: 0, 0, 0, 0, 0"))
                .anyMatch(line -> line.matches("measured over 1 connection with 13 statements in 6 round trips .*"));
    }

    @Test
    void shouldReportLongStatementsWithTheirSessions() throws Exception {
        // Given two sessions running SELECT SLEEP for over a second
        sessions.runInBackground("SELECT SLEEP(60) AS report_me");
        sessions.runInBackground("SELECT SLEEP(60) AS report_me");
        Await.until(
                "both statements run for over a second",
                () -> count("SELECT COUNT(*) FROM information_schema.PROCESSLIST"
                                + " WHERE USER = 'app' AND INFO LIKE 'SELECT SLEEP%' AND TIME >= 1")
                        == 2);

        // When
        CheckResult result = GateHarness.create()
                .run(
                        check("sampleInterval: 0", "thresholds: {longestStatement: {warn: 1s, fail: 1h}}"),
                        "monitor",
                        MONITOR_PASSWORD);

        // Then
        assertThat(result.getStatus()).as(result.getSummary()).isEqualTo(Status.WARN);
        assertThat(value(result, Metrics.LONGEST_STATEMENT)).isGreaterThanOrEqualTo(1);
        assertThat(value(result, Metrics.THREADS_RUNNING)).isEqualTo(2);
        assertThat(result.getSummary()).contains("longestStatement");
        assertThat(result.getDetails().stream().filter(line -> line.contains("SELECT SLEEP(60) AS report_me")))
                .hasSize(2)
                .allMatch(
                        line -> line.matches(
                                "thread \\d+, user app, from 127\\.0\\.0\\.1:\\d+, database orders, Query for [0-9.]+s \\(User sleep\\): .*"));
    }

    @Test
    void shouldNameTheWaitingAndTheIdleBlockingTransactionOfARowLockWait() throws Exception {
        // Given a transaction holding a row lock, idle, and another waiting for the row
        Connection blocker = sessions.open();
        long blockerThread = threadId(blocker);
        try (Statement statement = blocker.createStatement()) {
            statement.execute("START TRANSACTION");
            statement.execute("UPDATE accounts SET balance = 0 WHERE id = 1");
        }
        sessions.runInBackground(
                "SET SESSION innodb_lock_wait_timeout = 60", "UPDATE accounts SET balance = 1 WHERE id = 1");
        Await.until(
                "the second transaction waits for the row and the blocker is idle for over a second",
                () -> count("SELECT COUNT(*) FROM information_schema.INNODB_TRX WHERE trx_state = 'LOCK WAIT'"
                                        + " AND trx_wait_started <= NOW() - INTERVAL 1 SECOND")
                                == 1
                        && count("SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE ID = " + blockerThread
                                        + " AND TIME >= 1")
                                == 1,
                () -> rows(
                                "SELECT trx_mysql_thread_id, trx_state, trx_started, trx_wait_started, NOW() FROM information_schema.INNODB_TRX")
                        + " "
                        + rows(
                                "SELECT ID, USER, COMMAND, TIME, STATE, INFO FROM information_schema.PROCESSLIST WHERE USER = 'app'"));

        // When
        CheckResult result = GateHarness.create()
                .run(check("sampleInterval: 0", "thresholds: {idleBlocker: {warn: 1s}}"), "monitor", MONITOR_PASSWORD);

        // Then
        assertThat(result.getStatus()).as(result.getSummary()).isEqualTo(Status.WARN);
        assertThat(value(result, Metrics.LOCK_WAITERS)).isEqualTo(1);
        assertThat(value(result, Metrics.IDLE_BLOCKER)).isGreaterThanOrEqualTo(1);
        assertThat(value(result, Metrics.OLDEST_TRANSACTION)).isGreaterThanOrEqualTo(1);
        assertThat(measurement(result, Metrics.LOCK_WAITERS).orElseThrow().status())
                .isEqualTo(Status.WARN);
        assertThat(result.getDetails())
                .anyMatch(line -> line.matches("thread \\d+, user app from 127\\.0\\.0\\.1:\\d+, Query for [0-9.]+m?s, "
                        + "transaction open [0-9.]+m?s, waiting for a row lock for [0-9.]+m?s, blocked by thread "
                        + blockerThread
                        + ": UPDATE accounts SET balance = 1 WHERE id = 1"));
        assertThat(result.getDetails())
                .anyMatch(line -> line.matches("thread " + blockerThread + ", user app from 127\\.0\\.0\\.1:\\d+, "
                        + "idle for [0-9.]+s, transaction open [0-9.]+m?s, blocking thread \\d+"));
    }

    @Test
    void shouldWarnAndFailAsThreadsConnectedNearMaxConnectionsAndFailWhenExhausted() throws Exception {
        // Given max_connections 10 and 8 other connections (80%)
        server.execute("SET GLOBAL max_connections = 10");
        sessions.openIdle(8);

        // When
        CheckResult warned = GateHarness.create().run(check("sampleInterval: 0"), "monitor", MONITOR_PASSWORD);

        // Then
        assertThat(warned.getStatus()).as(warned.getSummary()).isEqualTo(Status.WARN);
        assertThat(value(warned, Metrics.CONNECTIONS_USED)).isCloseTo(80.0, Offset.offset(0.01));

        // Given 9 (90%)
        sessions.openIdle(1);

        // When
        CheckResult failed = GateHarness.create().run(check("sampleInterval: 0"), "monitor", MONITOR_PASSWORD);

        // Then
        assertThat(failed.getStatus()).as(failed.getSummary()).isEqualTo(Status.FAIL);
        assertThat(failed.getDetails())
                .anyMatch(line -> line.equals("note: 9 of 10 connections in use by other sessions"));

        // Given all 10
        sessions.openIdle(1);

        // When
        CheckResult exhausted = GateHarness.create().run(check("sampleInterval: 0"), "monitor", MONITOR_PASSWORD);

        // Then
        assertThat(exhausted.getStatus()).isEqualTo(Status.FAIL);
        assertThat(exhausted.getSummary())
                .startsWith("Connecting to " + server.jdbcUrl("") + " as monitor failed: connections exhausted: ")
                .contains("Too many connections")
                .doesNotContain(MONITOR_PASSWORD);
    }

    @Test
    void shouldGiveErrorWhenTheAccountLacksProcess() throws Exception {
        // Given an account without PROCESS, which would see only its own sessions

        // When
        CheckResult result = GateHarness.create().run(check("sampleInterval: 0"), "noprocess", MONITOR_PASSWORD);

        // Then
        assertThat(result.getStatus()).isEqualTo(Status.ERROR);
        assertThat(result.getSummary())
                .startsWith("A monitoring query failed: permission denied: ")
                .contains("PROCESS")
                .endsWith("; see docs/checks/db-load.md");
        assertThat(result.getMeasurements()).isEmpty();
    }

    @Test
    void shouldGiveErrorWhenTheAccountMayNotUseTheDatabaseInTheUrl() throws Exception {
        // Given a URL naming a database the monitoring account has no grant on
        String yaml = "    url: " + server.jdbcUrl("orders") + "\n    credentials: monitor\n    sampleInterval: 0\n";

        // When
        CheckResult result = GateHarness.create().run(yaml, "monitor", MONITOR_PASSWORD);

        // Then
        assertThat(result.getStatus()).isEqualTo(Status.ERROR);
        assertThat(result.getSummary())
                .startsWith("Connecting to " + server.jdbcUrl("orders") + " as monitor failed: "
                        + "the account may not use the database named in the URL: ")
                .contains("leave the database out");
    }

    @Test
    void shouldFailWithoutThePasswordWhenAuthenticationFails() throws Exception {
        // Given a wrong password
        String wrongPassword = "Wrong-Password-1234";

        // When
        CheckResult result = GateHarness.create().run(check("sampleInterval: 0"), "monitor", wrongPassword);

        // Then
        assertThat(result.getStatus()).isEqualTo(Status.FAIL);
        assertThat(result.getSummary())
                .startsWith(
                        "Connecting to " + server.jdbcUrl("") + " as monitor failed: the database refused the login: ")
                .contains("Access denied");
        assertThat(result.toString() + result.getDetails()).doesNotContain(wrongPassword);
    }

    @Test
    void shouldAcceptMySqlUrlsThroughTheMariaDbDriver() throws Exception {
        // Given a jdbc:mysql URL
        String yaml = "    url: jdbc:mysql://127.0.0.1:" + server.port()
                + "/\n    credentials: monitor\n    sampleInterval: 0\n";

        // When
        CheckResult result = GateHarness.create().run(yaml, "monitor", MONITOR_PASSWORD);

        // Then
        assertThat(result.getStatus()).as(result.getSummary()).isEqualTo(Status.PASS);
    }

    private static String check(final String... lines) {
        StringBuilder yaml = new StringBuilder("    url: " + server.jdbcUrl("") + "\n    credentials: monitor\n");
        for (String line : lines) {
            yaml.append("    ").append(line).append('\n');
        }
        return yaml.toString();
    }

    private static String rows(final String query) throws SQLException {
        StringBuilder text = new StringBuilder("[");
        try (Connection root = server.rootConnection();
                Statement statement = root.createStatement();
                ResultSet rows = statement.executeQuery(query)) {
            int columns = rows.getMetaData().getColumnCount();
            while (rows.next()) {
                text.append('(');
                for (int column = 1; column <= columns; column++) {
                    text.append(column == 1 ? "" : ", ").append(rows.getString(column));
                }
                text.append(')');
            }
        }
        return text.append(']').toString();
    }

    private static long count(final String sql) throws SQLException {
        try (Connection connection = server.rootConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static long threadId(final Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT CONNECTION_ID()")) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
