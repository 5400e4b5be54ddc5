package io.jenkins.plugins.releasegate.checks.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.jenkins.plugins.releasegate.checks.jdbc.JdbcUrl;
import io.jenkins.plugins.releasegate.definition.GateDefinition;
import io.jenkins.plugins.releasegate.definition.InvalidDefinitionException;
import io.jenkins.plugins.releasegate.spi.CheckContext;
import io.jenkins.plugins.releasegate.spi.CheckException;
import io.jenkins.plugins.releasegate.spi.CheckResult;
import io.jenkins.plugins.releasegate.spi.Credentials;
import io.jenkins.plugins.releasegate.spi.CredentialsResolver;
import io.jenkins.plugins.releasegate.spi.GateEnvironment;
import io.jenkins.plugins.releasegate.spi.Measurement;
import io.jenkins.plugins.releasegate.spi.Secret;
import io.jenkins.plugins.releasegate.spi.Status;
import io.jenkins.plugins.releasegate.spi.Thresholds;
import io.jenkins.plugins.releasegate.testsupport.LocalPorts;
import io.jenkins.plugins.releasegate.testsupport.PostgresPasswords;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Spring Batch writes its job repository into an embedded PostgreSQL; the check reads it as a
 * monitoring user that has nothing but SELECT on the tables, with a password that PostgreSQL verifies.
 */
class BatchHealthPostgresTest {
    private static final String MONITOR = "batch_monitor";
    private static final String MONITOR_PASSWORD = "Monitor-Pa55-word";
    private static final String OUTSIDER = "outsider";
    private static final String OUTSIDER_PASSWORD = "Outsider-Pa55-word";
    private static final ZoneId BATCH_ZONE = ZoneId.of("Asia/Tokyo");
    private static final ZoneId OPS_ZONE = ZoneId.of("Pacific/Honolulu");

    @TempDir
    static Path dataDirectory;

    private static EmbeddedPostgres postgres;
    private static Map<String, Long> batchExecutions;
    private static Instant afterRuns;

    @BeforeAll
    static void startDatabaseAndRunSpringBatch() throws Exception {
        postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory.resolve("data"))
                .start();
        PostgresPasswords.require(postgres, dataDirectory.resolve("data"));
        try (Connection connection = superuser("postgres");
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE batch");
            statement.execute("CREATE DATABASE ops");
            statement.execute("CREATE ROLE " + MONITOR + " LOGIN PASSWORD '" + MONITOR_PASSWORD + "'");
            statement.execute("CREATE ROLE " + OUTSIDER + " LOGIN PASSWORD '" + OUTSIDER_PASSWORD + "'");
        }
        try (Connection connection = superuser("batch")) {
            SpringBatchRuns.createSchema(connection, "postgresql", "BATCH_");
            grantSelect(connection, "BATCH_");
        }
        try (Connection connection = superuser("ops");
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA reporting");
            SpringBatchRuns.createSchema(connection, "postgresql", "reporting.OPS_");
            grantSelect(connection, "reporting.OPS_");
            statement.execute("GRANT USAGE ON SCHEMA reporting TO " + MONITOR);
            statement.execute(
                    "CREATE TABLE reporting.job_runs (job_name text, state text, started timestamptz, finished timestamp,"
                            + " note text, run_id bigint)");
            statement.execute("GRANT SELECT ON reporting.job_runs TO " + MONITOR);
            statement.execute("CREATE SEQUENCE reporting.run_ids");
            statement.execute("GRANT USAGE, SELECT ON reporting.run_ids TO " + MONITOR);
        }
        batchExecutions = SpringBatchRuns.run(
                url("batch"),
                "postgres",
                "",
                "BATCH_",
                BATCH_ZONE,
                "complete:orderExport",
                "fail:invoiceRun",
                "noop:reportJob",
                "hang:nightlyImport");
        SpringBatchRuns.run(url("ops"), "postgres", "", "reporting.OPS_", OPS_ZONE, "complete:opsReport");
        afterRuns = Instant.now();
    }

    @AfterAll
    static void stopDatabase() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    private static void grantSelect(final Connection connection, final String prefix) throws Exception {
        try (Statement statement = connection.createStatement()) {
            for (String table : List.of("JOB_INSTANCE", "JOB_EXECUTION", "STEP_EXECUTION")) {
                statement.execute("GRANT SELECT ON " + prefix + table + " TO " + MONITOR);
            }
        }
    }

    private static Connection superuser(final String database) throws Exception {
        return DriverManager.getConnection(url(database), "postgres", "");
    }

    private static String url(final String database) {
        return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/" + database;
    }

    private static Clock clockAt(final Duration afterTheRuns) {
        return Clock.fixed(afterRuns.plus(afterTheRuns), ZoneOffset.UTC);
    }

    private static CredentialsResolver credentials() {
        return id -> switch (id) {
            case "batch-monitor" -> Credentials.usernamePassword(id, MONITOR, Secret.of(MONITOR_PASSWORD));
            case "outsider" -> Credentials.usernamePassword(id, OUTSIDER, Secret.of(OUTSIDER_PASSWORD));
            default -> throw new CheckException("no credentials " + id);
        };
    }

    private static String springBatch(final String database, final String... more) {
        return "url: " + url(database) + "\ncredentials: batch-monitor\ntimeZone: " + BATCH_ZONE + "\n"
                + String.join("\n", more);
    }

    private static Measurement measurement(final CheckResult result, final String metric) {
        return result.getMeasurements().stream()
                .filter(measurement -> measurement.name().equals(metric))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void shouldReportFailuresNoopsRunningAndMissingRequiredJobsOfARealJobRepository() throws Exception {
        // Given Spring Batch's executions: orderExport completed, invoiceRun failed, reportJob NOOP,
        // nightlyImport left STARTED by a killed JVM a moment ago, and payrollRun never ran
        List<String> log = new ArrayList<>();

        // When
        CheckResult result = BatchGates.run(
                springBatch("batch", "requiredJobs: {orderExport: 24h, invoiceRun: 24h, payrollRun: 24h}"),
                clockAt(Duration.ofMinutes(1)),
                credentials(),
                log);

        // Then
        assertThat(result.getStatus()).isEqualTo(Status.FAIL);
        assertThat(result.getSummary())
                .isEqualTo("1 failed execution of a required job without a success since (invoiceRun);"
                        + " 2 required jobs never completed (invoiceRun, payrollRun);"
                        + " 1 execution running at deploy time (nightlyImport); 1 NOOP completion (reportJob)");
        assertThat(measurement(result, "failedExecutions").value()).isEqualTo(1);
        assertThat(measurement(result, "runningExecutions").value()).isEqualTo(1);
        assertThat(measurement(result, "stuckExecutions").value()).isZero();
        assertThat(measurement(result, "noopCompletions").value()).isEqualTo(1);
        assertThat(measurement(result, "overdueRequiredJobs").value()).isEqualTo(2);
        assertThat(result.getDetails())
                .anySatisfy(line -> assertThat(line)
                        .startsWith(
                                "FAIL invoiceRun execution " + batchExecutions.get("invoiceRun")
                                        + ": status FAILED, exit code FAILED,"
                                        + " message \"java.lang.IllegalStateException: Order file orders-invoiceRun.csv is missing\", created ")
                        .contains("+09:00, started ")
                        .contains(", ended ")
                        .endsWith("— failed, and this required job has not completed successfully since"));
        assertThat(result.getDetails())
                .anySatisfy(line -> assertThat(line)
                        .startsWith("WARN nightlyImport execution " + batchExecutions.get("nightlyImport")
                                + ": status STARTED, exit code UNKNOWN")
                        .contains("— running at deploy time"));
        assertThat(result.getDetails())
                .anySatisfy(line -> assertThat(line)
                        .startsWith("WARN reportJob execution " + batchExecutions.get("reportJob")
                                + ": status COMPLETED, exit code NOOP"));
        assertThat(result.getDetails())
                .anySatisfy(line ->
                        assertThat(line).isEqualTo("FAIL required job payrollRun has never completed successfully"));
        assertThat(result.getDetails())
                .anySatisfy(line -> assertThat(line)
                        .startsWith("OK required job orderExport last completed successfully at ")
                        .contains("+09:00"));
        assertThat(log)
                .anySatisfy(
                        line -> assertThat(line).contains("Spring Batch job repository jdbc:postgresql://127.0.0.1:"));
    }

    @Test
    void shouldDetectTheExecutionLeftStartedByAKilledJvmAsStuckOnceSilentTooLong() throws Exception {
        // Given two hours later: nothing has updated the execution or its step since the process died

        // When
        CheckResult result =
                BatchGates.run(springBatch("batch", "maxSilence: 1h"), clockAt(Duration.ofHours(2)), credentials());

        // Then
        assertThat(result.getStatus()).isEqualTo(Status.FAIL);
        assertThat(measurement(result, "stuckExecutions").value()).isEqualTo(1);
        assertThat(measurement(result, "runningExecutions").value()).isZero();
        assertThat(result.getDetails())
                .anySatisfy(
                        line -> assertThat(line)
                                .startsWith("FAIL nightlyImport execution " + batchExecutions.get("nightlyImport")
                                        + ": status STARTED")
                                .contains("last update ")
                                .containsPattern(
                                        "stuck: no update of the execution or its steps for 2h( \\d+m)?, longer than its maxSilence of 1h"));
    }

    @Test
    void shouldDetectAnExecutionRunningLongerThanItsJobsMaxRuntime() throws Exception {
        // Given half an hour later: still within maxSilence, past the job's own maxRuntime

        // When
        CheckResult result = BatchGates.run(
                springBatch("batch", "maxSilence: 1h", "maxRuntime: {default: 4h, nightlyImport: 10m}"),
                clockAt(Duration.ofMinutes(30)),
                credentials());

        // Then
        assertThat(measurement(result, "stuckExecutions").value()).isEqualTo(1);
        assertThat(result.getDetails())
                .anySatisfy(line -> assertThat(line)
                        .startsWith("FAIL nightlyImport")
                        .containsPattern("stuck: running for 30m( \\d+s)?, longer than its maxRuntime of 10m")
                        .doesNotContain("maxSilence"));
    }

    @Test
    void shouldFailARequiredJobThatCompletedTooLongAgo() throws Exception {
        // Given two days later

        // When
        CheckResult result = BatchGates.run(
                springBatch("batch", "requiredJobs: {orderExport: {period: 24h, grace: 2h}}"),
                clockAt(Duration.ofDays(2)),
                credentials());

        // Then
        assertThat(result.getStatus()).isEqualTo(Status.FAIL);
        assertThat(measurement(result, "overdueRequiredJobs").value()).isEqualTo(1);
        assertThat(result.getDetails())
                .anySatisfy(line -> assertThat(line)
                        .startsWith("FAIL required job orderExport last completed successfully at ")
                        .containsPattern(", 2d( \\d+h)? ago \\(allowed 24h \\+ grace 2h\\)$"));
    }

    @Test
    void shouldLeaveFailuresBeforeTheWindowOut() throws Exception {
        // Given two days later, with the default window of 24 hours

        // When
        CheckResult result =
                BatchGates.run(springBatch("batch", "maxSilence: 3d"), clockAt(Duration.ofDays(2)), credentials());

        // Then
        assertThat(measurement(result, "failedExecutions").value()).isZero();
        assertThat(measurement(result, "noopCompletions").value()).isZero();
        assertThat(measurement(result, "runningExecutions").value()).isEqualTo(1);
        assertThat(result.getStatus()).isEqualTo(Status.WARN);
    }

    @Test
    void shouldReadPrefixedTablesInAnotherSchemaInTheBatchApplicationsZone() throws Exception {
        // Given opsReport completed a moment ago, written in Honolulu time into reporting.OPS_* tables

        // When
        CheckResult result = BatchGates.run(
                "url: " + url("ops") + "\ncredentials: batch-monitor\ntimeZone: Pacific/Honolulu\n"
                        + "tablePrefix: reporting.OPS_\nrequiredJobs: {opsReport: 1h}",
                clockAt(Duration.ofMinutes(1)),
                credentials());

        // Then
        assertThat(result.getStatus()).isEqualTo(Status.PASS);
        assertThat(result.getSummary())
                .isEqualTo("No failed, stuck or running executions in the last 24h; 1 required job completed on time");
        assertThat(result.getDetails())
                .singleElement()
                .asString()
                .startsWith("OK required job opsReport last completed successfully at ")
                .contains("-10:00");
    }

    @Test
    void shouldMisjudgeTimesWhenTheTimeZoneIsNotTheBatchApplicationsOne() throws Exception {
        // Given the same repository read as if its times were UTC: ten hours off

        // When
        CheckResult result = BatchGates.run(
                "url: " + url("ops") + "\ncredentials: batch-monitor\ntimeZone: UTC\n"
                        + "tablePrefix: reporting.OPS_\nrequiredJobs: {opsReport: 1h}",
                clockAt(Duration.ofMinutes(1)),
                credentials());

        // Then
        assertThat(result.getStatus()).isEqualTo(Status.FAIL);
        assertThat(result.getDetails())
                .singleElement()
                .asString()
                .startsWith("FAIL required job opsReport")
                .contains(", 10h");
    }

    @Test
    void shouldWarnWhenRowLevelSecurityHidesEveryRowFromTheMonitoringRole() throws Exception {
        // Given a copy of the real job repository in schema "hidden", whose rows give WARN when visible,
        // then a row-level security policy that hides every row from the monitoring role
        try (Connection connection = superuser("batch");
                Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS hidden CASCADE");
            statement.execute("CREATE SCHEMA hidden");
            statement.execute("GRANT USAGE ON SCHEMA hidden TO " + MONITOR);
            for (String table : List.of("JOB_INSTANCE", "JOB_EXECUTION", "STEP_EXECUTION")) {
                statement.execute("CREATE TABLE hidden.BATCH_" + table + " AS SELECT * FROM BATCH_" + table);
                statement.execute("GRANT SELECT ON hidden.BATCH_" + table + " TO " + MONITOR);
            }
        }
        String check = springBatch("batch", "tablePrefix: hidden.BATCH_");
        CheckResult visible = BatchGates.run(check, clockAt(Duration.ofMinutes(1)), credentials());
        assertThat(visible.getStatus()).isEqualTo(Status.WARN);
        assertThat(measurement(visible, "failedExecutions").value()).isEqualTo(1);
        try (Connection connection = superuser("batch");
                Statement statement = connection.createStatement()) {
            for (String table : List.of("JOB_INSTANCE", "JOB_EXECUTION", "STEP_EXECUTION")) {
                statement.execute("ALTER TABLE hidden.BATCH_" + table + " ENABLE ROW LEVEL SECURITY");
                statement.execute("CREATE POLICY hide_all ON hidden.BATCH_" + table + " FOR SELECT TO " + MONITOR
                        + " USING (false)");
            }
        }

        // When
        CheckResult hidden = BatchGates.run(check, clockAt(Duration.ofMinutes(1)), credentials());

        // Then
        assertThat(hidden.getStatus()).isEqualTo(Status.WARN);
        assertThat(hidden.getSummary())
                .isEqualTo("The source returned no rows at all, so nothing shows the batch jobs are healthy: check "
                        + "that the account can see the rows (row-level security, grants, schema and table names, the "
                        + "database in 'url') and that the batch application writes there; list the jobs that must "
                        + "run under 'requiredJobs'");
        assertThat(hidden.getDetails()).containsExactly("WARN " + hidden.getSummary());
    }

    @Test
    void shouldGiveErrorWhenTheTablesAreMissing() throws Exception {
        // Given a prefix under which Spring Batch created nothing

        // When
        CheckResult result =
                BatchGates.run(springBatch("batch", "tablePrefix: JOBS_"), clockAt(Duration.ZERO), credentials());

        // Then
        assertThat(result.getStatus()).isEqualTo(Status.ERROR);
        assertThat(result.getSummary())
                .isEqualTo(
                        "Reading JOBS_JOB_EXECUTION failed: a table is missing:"
                                + " ERROR: relation \"jobs_job_execution\" does not exist (SQLSTATE 42P01) — check 'tablePrefix' (now JOBS_) and the database in 'url'");
    }

    @Test
    void shouldGiveErrorWithoutSelectPrivilege() throws Exception {
        // Given a user that may log in but was granted nothing

        // When
        CheckResult result = BatchGates.run(
                "url: " + url("batch") + "\ncredentials: outsider\ntimeZone: UTC",
                clockAt(Duration.ZERO),
                credentials());

        // Then
        assertThat(result.getStatus()).isEqualTo(Status.ERROR);
        assertThat(result.getSummary())
                .isEqualTo(
                        "Reading BATCH_JOB_EXECUTION failed: permission denied:"
                                + " ERROR: permission denied for table batch_job_execution (SQLSTATE 42501) — grant SELECT on the tables");
    }

    @Test
    void shouldFailWithoutRevealingThePasswordWhenTheLoginIsRefused() throws Exception {
        // Given a wrong password, which PostgreSQL verifies
        String wrongPassword = "Wrong-Pa55-word-4711";
        CredentialsResolver wrong = id -> Credentials.usernamePassword(id, MONITOR, Secret.of(wrongPassword));
        GateDefinition definition = BatchGates.load(springBatch("batch"));
        CheckContext context = new CheckContext(
                GateEnvironment.builder().credentials(wrong).build(),
                "batch",
                Duration.ofSeconds(20),
                Thresholds.defaults(List.of()));

        // When the check runs on its own, without the runner's scrubbing
        // Then
        assertThatThrownBy(() -> definition.getChecks().get(0).getCheck().run(context))
                .isInstanceOfSatisfying(CheckException.class, exception -> {
                    assertThat(exception.getStatus()).isEqualTo(Status.FAIL);
                    assertThat(exception.getMessage())
                            .startsWith("Connecting to " + url("batch") + " as " + MONITOR
                                    + " failed: the database refused the login: ")
                            .contains("password authentication failed")
                            .doesNotContain(wrongPassword);
                    assertThat(exception.getCause()).isNull();
                });
    }

    @Test
    void shouldFailWithoutRevealingThePasswordWhenTheDatabaseIsUnreachable() throws Exception {
        // Given a port nobody listens on
        int closedPort = LocalPorts.unused();

        // When
        CheckResult result = BatchGates.run(
                "url: jdbc:postgresql://127.0.0.1:" + closedPort + "/batch\ncredentials: batch-monitor\n"
                        + "timeZone: UTC",
                clockAt(Duration.ZERO),
                credentials());

        // Then
        assertThat(result.getStatus()).isEqualTo(Status.FAIL);
        assertThat(result.getSummary())
                .startsWith("Connecting to jdbc:postgresql://127.0.0.1:" + closedPort + "/batch as batch_monitor"
                        + " failed: the database is unreachable: ")
                .doesNotContain(MONITOR_PASSWORD);
    }

    @Test
    void shouldJudgeTheRowsOfAStatusQueryWithTheSameRules() throws Exception {
        // Given the ops team's own status table: started is timestamptz, finished a timestamp in Honolulu time
        Instant databaseNow;
        try (Connection connection = superuser("ops");
                Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            statement.execute("TRUNCATE reporting.job_runs");
            statement.execute("INSERT INTO reporting.job_runs VALUES"
                    + " ('settlement', 'OK', now() - interval '3 hours', (now() - interval '170 minutes') AT TIME ZONE 'Pacific/Honolulu', null, 1),"
                    + " ('settlement', 'ERROR', now() - interval '1 hour', (now() - interval '50 minutes') AT TIME ZONE 'Pacific/Honolulu',"
                    + " E'Timeout talking to the bank\\nretry later', 2),"
                    + " ('archive', 'RUNNING', now() - interval '5 hours', null, null, 3),"
                    + " ('statement', 'QUEUED', now(), null, null, 4)");
            try (var now = statement.executeQuery("SELECT now()")) {
                now.next();
                databaseNow = now.getObject(1, OffsetDateTime.class).toInstant();
            }
            connection.commit();
        }
        String query =
                "SELECT job_name AS job, state AS status, started AS started_at, finished AS ended_at, note AS message,"
                        + " run_id AS execution_id FROM reporting.job_runs WHERE started > now() - interval '7 days'";

        // When
        CheckResult result = BatchGates.run(
                "source: sql\nurl: " + url("ops") + "\ncredentials: batch-monitor\ntimeZone: Pacific/Honolulu\n"
                        + "query: \"" + query + "\"\n"
                        + "statuses: {success: [OK], failure: [ERROR], running: [RUNNING], ignored: [QUEUED]}\n"
                        + "maxRuntime: 4h\nrequiredJobs: {settlement: 24h}",
                Clock.fixed(databaseNow, ZoneOffset.UTC),
                credentials());

        // Then
        assertThat(result.getStatus()).isEqualTo(Status.FAIL);
        assertThat(result.getSummary())
                .isEqualTo("1 failed execution of a required job without a success since (settlement);"
                        + " 1 stuck execution (archive)");
        assertThat(result.getDetails())
                .anySatisfy(line -> assertThat(line)
                        .startsWith(
                                "FAIL settlement execution 2: status ERROR, message \"Timeout talking to the bank\", started ")
                        .contains("-10:00, ended "));
        assertThat(result.getDetails())
                .anySatisfy(line -> assertThat(line)
                        .startsWith("FAIL archive execution 3: status RUNNING")
                        .contains("running for 5h, longer than its maxRuntime of 4h"));
        assertThat(result.getDetails())
                .anySatisfy(line -> assertThat(line)
                        .startsWith("OK required job settlement last completed successfully at ")
                        .contains(", 2h 50m ago"));
    }

    @Test
    void shouldRunTheStatusQueryInAReadOnlySession() throws Exception {
        // Given a query whose data-modifying WITH would delete rows

        // When
        CheckResult result = BatchGates.run(
                "source: sql\nurl: " + url("ops") + "\ncredentials: batch-monitor\ntimeZone: UTC\n"
                        + "query: WITH gone AS (DELETE FROM reporting.job_runs RETURNING job_name) SELECT job_name AS job,"
                        + " 'OK' AS status, now() AS started_at, now() AS ended_at FROM gone\n"
                        + "statuses: {success: [OK], failure: [ERROR]}",
                clockAt(Duration.ZERO),
                credentials());

        // Then
        assertThat(result.getStatus()).isEqualTo(Status.ERROR);
        assertThat(result.getSummary()).contains("tried to write in the read-only session");
    }

    @Test
    void shouldRefuseAStatusQueryThatCreatesALargeObjectAndCreateNone() throws Exception {
        // Given a query that the read-only session would let create a large object owned by the monitor role
        String query = "SELECT 'x' AS job, 'OK' AS status, now() AS started_at, now() AS ended_at,"
                + " lo_from_bytea(0, 'x'::bytea)::text AS execution_id";
        String check = "source: sql\nurl: " + url("ops") + "\ncredentials: batch-monitor\ntimeZone: UTC\n" + "query: "
                + query + "\nstatuses: {success: [OK], failure: [ERROR]}";
        SqlQueryReader reader = new SqlQueryReader(
                new BatchDatabase(
                        JdbcUrl.parse(url("ops"), BatchDatabase.SCHEMES).url().orElseThrow(), "batch-monitor"),
                query,
                StatusValues.springBatch(),
                ZoneOffset.UTC);
        CheckContext context = new CheckContext(
                GateEnvironment.builder().credentials(credentials()).build(),
                "batch",
                Duration.ofSeconds(20),
                Thresholds.defaults(List.of()));

        // When the definition is loaded, and when the query reaches the reader anyway
        Throwable atLoad = catchThrowable(() -> BatchGates.load(check));
        Throwable atRun = catchThrowable(() -> reader.read(context, Instant.now()));

        // Then
        assertThat(atLoad)
                .isInstanceOf(InvalidDefinitionException.class)
                .hasMessageContaining(
                        "gate.yaml:10:12: checks[0].query: calls lo_from_bytea(), a function with side" + " effects");
        assertThat(atRun)
                .isInstanceOfSatisfying(
                        CheckException.class,
                        exception -> assertThat(exception.getStatus()).isEqualTo(Status.ERROR))
                .hasMessageContaining("calls lo_from_bytea(), a function with side effects");
        try (Connection connection = superuser("ops");
                Statement statement = connection.createStatement();
                var count = statement.executeQuery("SELECT count(*) FROM pg_largeobject_metadata")) {
            count.next();
            assertThat(count.getLong(1)).isZero();
        }
    }

    @Test
    void shouldStopAStatusQueryAtItsStatementTimeout() throws Exception {
        // Given a check timeout of 3s, so a statement timeout of 1s, and a query that sleeps for 20s

        // When
        CheckResult result = BatchGates.run(
                "source: sql\nurl: " + url("ops") + "\ncredentials: batch-monitor\ntimeZone: UTC\ntimeout: 3s\n"
                        + "query: SELECT 'x' AS job, 'OK' AS status, now() AS started_at, now() AS ended_at FROM pg_sleep(20)\n"
                        + "statuses: {success: [OK], failure: [ERROR]}",
                clockAt(Duration.ZERO),
                credentials());

        // Then
        assertThat(result.getStatus()).isEqualTo(Status.ERROR);
        assertThat(result.getSummary()).contains("did not finish within its timeout");
    }

    @Test
    void shouldGiveErrorWhenTheStatusQueryLacksAColumn() throws Exception {
        // When
        CheckResult result = BatchGates.run(
                "source: sql\nurl: " + url("ops") + "\ncredentials: batch-monitor\ntimeZone: UTC\n"
                        + "query: SELECT job_name AS job, state AS status, started AS started_at, note AS mesage FROM reporting.job_runs\n"
                        + "statuses: {success: [OK], failure: [ERROR]}",
                clockAt(Duration.ZERO),
                credentials());

        // Then
        assertThat(result.getStatus()).isEqualTo(Status.ERROR);
        assertThat(result.getSummary())
                .startsWith("The status query returns no column ended_at and unknown columns mesage: return job,");
    }
}
