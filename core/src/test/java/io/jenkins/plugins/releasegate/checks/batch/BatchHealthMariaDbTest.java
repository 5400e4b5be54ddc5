package io.jenkins.plugins.releasegate.checks.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.releasegate.spi.CheckException;
import io.jenkins.plugins.releasegate.spi.CheckResult;
import io.jenkins.plugins.releasegate.spi.Credentials;
import io.jenkins.plugins.releasegate.spi.CredentialsResolver;
import io.jenkins.plugins.releasegate.spi.Measurement;
import io.jenkins.plugins.releasegate.spi.Secret;
import io.jenkins.plugins.releasegate.spi.Status;
import io.jenkins.plugins.releasegate.testsupport.MariaDbServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real Spring Batch writes its job repository into Debian's MariaDB; the check reads it as a user that
 * has nothing but SELECT on the tables.
 */
class BatchHealthMariaDbTest {
    private static final String MONITOR = "batch_monitor";
    private static final String MONITOR_PASSWORD = "Monitor-Pa55-word";
    private static final String READER = "batch_reader";
    private static final String READER_PASSWORD = "Reader-Pa55-word";
    private static final ZoneId BATCH_ZONE = ZoneId.of("Europe/Berlin");

    private static MariaDbServer server;
    private static Map<String, Long> executions;
    private static Instant afterRuns;

    @BeforeAll
    static void startDatabaseAndRunSpringBatch() throws Exception {
        server = MariaDbServer.start("--default-time-zone=+03:00");
        server.execute(
                "CREATE DATABASE batch",
                "CREATE USER '" + MONITOR + "'@'%' IDENTIFIED BY '" + MONITOR_PASSWORD + "'",
                "CREATE USER '" + READER + "'@'%' IDENTIFIED BY '" + READER_PASSWORD + "'",
                "GRANT SELECT ON batch.* TO '" + READER + "'@'%'");
        try (Connection connection = server.rootConnection("batch");
                Statement statement = connection.createStatement()) {
            SpringBatchRuns.createSchema(connection, "mariadb", "BATCH_");
            for (String table : List.of("BATCH_JOB_INSTANCE", "BATCH_JOB_EXECUTION", "BATCH_STEP_EXECUTION")) {
                statement.execute("GRANT SELECT ON batch." + table + " TO '" + MONITOR + "'@'%'");
            }
            statement.execute(
                    "CREATE TABLE job_runs (job VARCHAR(100), status VARCHAR(20), started_at TIMESTAMP(3) NULL,"
                            + " ended_at DATETIME(3) NULL, message TEXT)");
            statement.execute("GRANT SELECT ON batch.job_runs TO '" + MONITOR + "'@'%'");
        }
        executions = SpringBatchRuns.run(
                server.jdbcUrl("batch"),
                MariaDbServer.ROOT_USER,
                "",
                "BATCH_",
                BATCH_ZONE,
                "complete:orderExport",
                "fail:invoiceRun",
                "noop:reportJob",
                "hang:nightlyImport");
        afterRuns = Instant.now();
    }

    @AfterAll
    static void stopDatabase() {
        if (server != null) {
            server.stop();
        }
    }

    private static CredentialsResolver credentials() {
        return id -> switch (id) {
            case "batch-monitor" -> Credentials.usernamePassword(id, MONITOR, Secret.of(MONITOR_PASSWORD));
            case "batch-reader" -> Credentials.usernamePassword(id, READER, Secret.of(READER_PASSWORD));
            default -> throw new CheckException("no credentials " + id);
        };
    }

    private static String springBatch(final String... more) {
        return "url: " + server.jdbcUrl("batch") + "\ncredentials: batch-monitor\ntimeZone: " + BATCH_ZONE + "\n"
                + String.join("\n", more);
    }

    private static Clock clockAt(final Duration afterTheRuns) {
        return Clock.fixed(afterRuns.plus(afterTheRuns), ZoneOffset.UTC);
    }

    private static String berlin(final Instant time) {
        return ZonedDateTime.ofInstant(time, BATCH_ZONE).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }

    private static Measurement measurement(final CheckResult result, final String metric) {
        return result.getMeasurements().stream()
                .filter(measurement -> measurement.name().equals(metric))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void shouldReportFailuresNoopsRunningAndMissingRequiredJobsOfARealJobRepository() throws Exception {
        // When
        CheckResult result = BatchGates.run(
                springBatch("requiredJobs: {orderExport: 24h, payrollRun: 24h}"),
                clockAt(Duration.ofMinutes(1)),
                credentials());

        // Then
        assertThat(result.getStatus()).isEqualTo(Status.FAIL);
        assertThat(result.getSummary())
                .isEqualTo("1 required job never completed (payrollRun); 1 failed execution (invoiceRun);"
                        + " 1 execution running at deploy time (nightlyImport); 1 NOOP completion (reportJob)");
        assertThat(result.getDetails())
                .anySatisfy(line -> assertThat(line)
                        .startsWith(
                                "WARN invoiceRun execution " + executions.get("invoiceRun")
                                        + ": status FAILED, exit code FAILED,"
                                        + " message \"java.lang.IllegalStateException: Order file orders-invoiceRun.csv is missing\", created ")
                        .endsWith("— failed"));
        assertThat(result.getDetails())
                .anySatisfy(line -> assertThat(line)
                        .startsWith("WARN reportJob execution " + executions.get("reportJob")
                                + ": status COMPLETED, exit code NOOP"));
        assertThat(result.getDetails())
                .anySatisfy(line -> assertThat(line)
                        .startsWith("OK required job orderExport last completed successfully at ")
                        .containsPattern(", 1m( \\d+s)? ago"));
    }

    @Test
    void shouldDetectTheExecutionLeftStartedByAKilledJvmAsStuck() throws Exception {
        // When
        CheckResult result = BatchGates.run(springBatch("maxSilence: 1h"), clockAt(Duration.ofHours(2)), credentials());

        // Then
        assertThat(measurement(result, "stuckExecutions").value()).isEqualTo(1);
        assertThat(result.getDetails())
                .anySatisfy(
                        line -> assertThat(line)
                                .startsWith("FAIL nightlyImport execution " + executions.get("nightlyImport")
                                        + ": status STARTED")
                                .containsPattern(
                                        "stuck: no update of the execution or its steps for 2h( \\d+m)?, longer than its maxSilence of 1h"));
    }

    @Test
    void shouldGiveErrorWhenTheTableNamesDifferInCase() throws Exception {
        // Given a user with SELECT on the whole database, to whom missing tables are missing

        // When
        CheckResult result = BatchGates.run(
                springBatch("tablePrefix: batch_").replace("batch-monitor", "batch-reader"),
                clockAt(Duration.ZERO),
                credentials());

        // Then
        assertThat(result.getStatus()).isEqualTo(Status.ERROR);
        assertThat(result.getSummary())
                .isEqualTo("Reading batch_JOB_EXECUTION failed: a table is missing:"
                        + " Table 'batch.batch_JOB_EXECUTION' doesn't exist (SQLSTATE 42S02) — check 'tablePrefix' (now batch_) and the database in 'url'"
                        + " (names are case-sensitive)");
    }

    @Test
    void shouldGiveErrorWhenATableIsNeitherGrantedNorThere() throws Exception {
        // Given the monitoring user with SELECT on the three tables only, to whom other tables are denied

        // When
        CheckResult result = BatchGates.run(springBatch("tablePrefix: batch_"), clockAt(Duration.ZERO), credentials());

        // Then
        assertThat(result.getStatus()).isEqualTo(Status.ERROR);
        assertThat(result.getSummary())
                .startsWith(
                        "Reading batch_JOB_EXECUTION failed: permission denied: SELECT command denied to user 'batch_monitor'")
                .endsWith(
                        " — grant SELECT on the tables and check their names: a table that does not exist is denied too");
    }

    @Test
    void shouldFailWithoutRevealingThePasswordWhenTheLoginIsRefused() throws Exception {
        // Given
        String wrongPassword = "Wrong-Pa55-word-4711";

        // When
        CheckResult result = BatchGates.run(
                springBatch(),
                clockAt(Duration.ZERO),
                id -> Credentials.usernamePassword(id, MONITOR, Secret.of(wrongPassword)));

        // Then
        assertThat(result.getStatus()).isEqualTo(Status.FAIL);
        assertThat(result.getSummary())
                .startsWith("Connecting to " + server.jdbcUrl("batch") + " as " + MONITOR
                        + " failed: the database refused the login: ")
                .contains("Access denied")
                .doesNotContain(wrongPassword);
    }

    @Test
    void shouldReadTimestampAndDatetimeColumnsOfAStatusQuery() throws Exception {
        // Given started_at as TIMESTAMP (an instant, given in the server's default zone +03:00) and ended_at as
        // DATETIME in the batch application's zone
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        ZoneOffset serverZone = ZoneOffset.ofHours(3);
        try (Connection connection = server.rootConnection("batch");
                Statement statement = connection.createStatement()) {
            statement.execute("DELETE FROM job_runs");
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO job_runs VALUES ('settlement', 'OK', ?, ?, NULL), ('settlement', 'ERROR', ?, ?, 'Timeout talking to the bank')")) {
                insert.setObject(1, LocalDateTime.ofInstant(now.minus(Duration.ofHours(3)), serverZone));
                insert.setObject(2, LocalDateTime.ofInstant(now.minus(Duration.ofMinutes(170)), BATCH_ZONE));
                insert.setObject(3, LocalDateTime.ofInstant(now.minus(Duration.ofHours(1)), serverZone));
                insert.setObject(4, LocalDateTime.ofInstant(now.minus(Duration.ofMinutes(50)), BATCH_ZONE));
                insert.executeUpdate();
            }
        }

        // When
        CheckResult result = BatchGates.run(
                "source: sql\nurl: " + server.jdbcUrl("batch") + "\ncredentials: batch-monitor\n"
                        + "timeZone: " + BATCH_ZONE
                        + "\nquery: SELECT job, status, started_at, ended_at, message FROM job_runs\n"
                        + "statuses: {success: [OK], failure: [ERROR]}\nrequiredJobs: {settlement: 24h}",
                Clock.fixed(now, ZoneOffset.UTC),
                credentials());

        // Then
        assertThat(result.getStatus()).isEqualTo(Status.FAIL);
        assertThat(result.getDetails())
                .containsExactly(
                        "FAIL settlement: status ERROR, message \"Timeout talking to the bank\", started "
                                + berlin(now.minus(Duration.ofHours(1))) + ", ended "
                                + berlin(now.minus(Duration.ofMinutes(50)))
                                + " — failed, and this required job has not completed successfully since",
                        "OK required job settlement last completed successfully at "
                                + berlin(now.minus(Duration.ofMinutes(170))) + ", 2h 50m ago (allowed 24h + grace 1h)");
    }

    @Test
    void shouldRunTheStatusQueryInAReadOnlySessionWithAStatementTimeout() throws Exception {
        // When the query reports its own session's settings as the message of a failed run
        CheckResult result = BatchGates.run(
                "source: sql\nurl: " + server.jdbcUrl("batch") + "\ncredentials: batch-monitor\n"
                        + "timeZone: UTC\ntimeout: 30s\nquery: SELECT 'probe' AS job, 'ERROR' AS status, UTC_TIMESTAMP() AS started_at, NULL AS ended_at,"
                        + " CONCAT('read only ', @@session.tx_read_only, ', limit ', @@session.max_statement_time) AS message\n"
                        + "statuses: {success: [OK], failure: [ERROR]}",
                Clock.systemUTC(),
                credentials());

        // Then
        assertThat(result.getDetails())
                .as(result.getSummary())
                .singleElement()
                .asString()
                .contains("message \"read only ON, limit 10.000000\"");
    }
}
