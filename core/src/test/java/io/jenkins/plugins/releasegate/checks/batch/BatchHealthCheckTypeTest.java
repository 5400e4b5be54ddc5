package io.jenkins.plugins.releasegate.checks.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.jenkins.plugins.releasegate.definition.GateDefinition;
import io.jenkins.plugins.releasegate.definition.InvalidDefinitionException;
import io.jenkins.plugins.releasegate.spi.Problem;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class BatchHealthCheckTypeTest {
    private static final String SPRING_BATCH =
            "url: jdbc:postgresql://db:5432/batch\ncredentials: batch-monitor\ntimeZone: Europe/Berlin\n";

    private static List<String> problems(final String checkKeys) {
        InvalidDefinitionException exception =
                catchThrowableOfType(InvalidDefinitionException.class, () -> BatchGates.load(checkKeys));
        assertThat(exception).as("the definition should be rejected").isNotNull();
        return exception.getProblems().stream().map(Problem::toString).toList();
    }

    @Test
    void shouldLoadASpringBatchCheckWithEveryKey() throws Exception {
        // When
        GateDefinition definition = BatchGates.load(SPRING_BATCH + """
                source: springBatch
                tablePrefix: batch.BATCH_
                window: 12h
                maxRuntime: {default: 4h, orderExport: 8h}
                maxSilence: 30m
                grace: 2h
                requiredJobs:
                  orderExport: 24h
                  invoiceRun: {period: 7d, grace: 12h}
                """);

        // Then
        assertThat(definition.getChecks()).singleElement().satisfies(check -> {
            assertThat(check.getType().name()).isEqualTo("batchHealth");
            assertThat(check.getCheck())
                    .hasToString(
                            "batchHealth on Spring Batch job repository jdbc:postgresql://db:5432/batch (tables batch.BATCH_*)");
        });
    }

    @Test
    void shouldRequireUrlAndTimeZone() {
        // When
        List<String> problems = problems("credentials: batch-monitor");

        // Then
        assertThat(problems)
                .containsExactly(
                        "gate.yaml:4:5: checks[0].url: is required: add 'url:' with the JDBC URL of the database, such as jdbc:postgresql://db:5432/batch",
                        "gate.yaml:4:5: checks[0].timeZone: is required: add 'timeZone:' with the zone the batch application writes its times in,"
                                + " such as Europe/Berlin or UTC (the times in the database carry no zone)");
    }

    @Test
    void shouldRejectAnUnknownSource() {
        // When
        List<String> problems = problems(SPRING_BATCH + "source: kafka");

        // Then
        assertThat(problems)
                .containsExactly(
                        "gate.yaml:9:13: checks[0].source: 'kafka' is not allowed: use one of springBatch, sql, http, jenkins");
    }

    @Test
    void shouldRejectUnsupportedJdbcUrlsAndPasswordsInUrls() {
        // When
        List<String> oracle = problems("url: jdbc:oracle:thin:@db:1521/batch\ntimeZone: UTC");
        List<String> password = problems("url: jdbc:postgresql://db/batch?user=monitor&password=secret\ntimeZone: UTC");

        // Then
        assertThat(oracle)
                .singleElement()
                .asString()
                .endsWith("checks[0].url: 'jdbc:oracle:thin:@db:1521/batch' is not a supported JDBC URL:"
                        + " write jdbc:postgresql://HOST:5432/DATABASE or jdbc:mariadb://HOST:3306/DATABASE");
        assertThat(password)
                .singleElement()
                .asString()
                .endsWith("checks[0].url: the URL holds a password: remove it and name the"
                        + " database account under 'credentials'; the URL is shown in reports, a password must not be")
                .doesNotContain("secret");
    }

    @Test
    void shouldRejectATablePrefixThatIsNoIdentifier() {
        // When
        List<String> problems = problems(SPRING_BATCH + "tablePrefix: \"BATCH_; DROP TABLE x; --\"");

        // Then
        assertThat(problems)
                .singleElement()
                .asString()
                .contains("checks[0].tablePrefix: 'BATCH_; DROP TABLE x; --' is not a table prefix");
    }

    @Test
    void shouldRejectAnUnknownTimeZone() {
        // When
        List<String> problems = problems("url: jdbc:mariadb://db:3306/batch\ntimeZone: Europe/Berln");

        // Then
        assertThat(problems)
                .containsExactly("gate.yaml:7:15: checks[0].timeZone: 'Europe/Berln' is not a time zone:"
                        + " use a region such as Europe/Berlin, America/New_York or UTC");
    }

    @Test
    void shouldRejectKeysOfAnotherSourceAndSayWhichSourceTheyBelongTo() {
        // When
        List<String> problems = problems(SPRING_BATCH + "query: SELECT 1\njobs: {a: {status: /a}}");

        // Then
        assertThat(problems)
                .containsExactly(
                        "gate.yaml:9:12: checks[0].query: applies to source sql only, and this check reads source springBatch: remove 'query' or change 'source'",
                        "gate.yaml:10:11: checks[0].jobs: applies to source http and jenkins only, and this check reads source springBatch: remove 'jobs' or change 'source'");
    }

    @Test
    void shouldReportAMisspelledKeyWithTheClosestKnownOne() {
        // When
        List<String> problems = problems(SPRING_BATCH + "maxSilense: 1h");

        // Then
        assertThat(problems)
                .singleElement()
                .asString()
                .contains("checks[0].maxSilense: unknown key; did you mean 'maxSilence'?");
    }

    @Test
    void shouldValidateRequiredJobsAndLimits() {
        // When
        List<String> problems = problems(SPRING_BATCH + """
                window: 0s
                maxRuntime: {default: 4h, orderExport: soon}
                requiredJobs:
                  orderExport: 0h
                  invoiceRun: {grace: 1h}
                  payrollRun:
                """);

        // Then
        assertThat(problems)
                .containsExactly(
                        "gate.yaml:9:13: checks[0].window: must be longer than zero, such as 1h",
                        "gate.yaml:10:44: checks[0].maxRuntime.orderExport: 'soon' is not a duration: write a number with a unit, such as 500ms, 30s, 5m, 4h or 2d",
                        "gate.yaml:12:20: checks[0].requiredJobs.orderExport: must be longer than zero, such as 1h",
                        "gate.yaml:13:19: checks[0].requiredJobs.invoiceRun.period: is required: add 'period:' with how often the job runs, such as 24h",
                        "gate.yaml:14:18: checks[0].requiredJobs.payrollRun: needs a period: write 'payrollRun: 24h' or 'payrollRun: {period: 24h, grace: 2h}'");
    }

    @Test
    void shouldLoadASqlCheck() throws Exception {
        // When
        GateDefinition definition = BatchGates.load("""
                source: sql
                url: jdbc:mariadb://db:3306/ops
                credentials: ops-monitor
                timeZone: UTC
                query: |
                  -- the last week of runs
                  SELECT name AS job, state AS status, started AS started_at, finished AS ended_at FROM job_runs;
                statuses: {success: [OK], failure: [ERROR, KILLED], running: RUNNING, ignored: [QUEUED]}
                requiredJobs: {settlement: 24h}
                """);

        // Then
        assertThat(definition.getChecks().get(0).getCheck())
                .hasToString("batchHealth on status query on jdbc:mariadb://db:3306/ops");
    }

    @Test
    void shouldAcceptOnlyASingleSelectAsStatusQuery() {
        // When
        List<String> delete =
                problems("source: sql\nurl: jdbc:mariadb://db/ops\ntimeZone: UTC\nquery: DELETE FROM job_runs\n"
                        + "statuses: {success: [OK], failure: [ERROR]}");
        List<String> twoStatements = problems("source: sql\nurl: jdbc:mariadb://db/ops\ntimeZone: UTC\n"
                + "query: SELECT 1; DROP TABLE job_runs\nstatuses: {success: [OK], failure: [ERROR]}");

        // Then
        assertThat(delete)
                .singleElement()
                .asString()
                .endsWith("checks[0].query: must be a single SELECT (or WITH ... SELECT) returning"
                        + " job, status, started_at and ended_at; it starts with 'DELETE'");
        assertThat(twoStatements)
                .singleElement()
                .asString()
                .endsWith("checks[0].query: must be a single statement: remove the ';' inside it");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '~',
            value = {
                "SELECT lo_from_bytea(0, 'x') AS job | lo_from_bytea",
                "SELECT PG_CATALOG . LO_IMPORT ('/etc/passwd') AS job | LO_IMPORT",
                "SELECT lo_export(1, '/tmp/x') AS job | lo_export",
                "SELECT \"lo_unlink\"(1) AS job | lo_unlink",
                "SELECT lo_put /* hidden */ (1, 0, 'x') AS job | lo_put",
                "SELECT * FROM dblink_exec('host=x', 'DELETE FROM t') | dblink_exec",
                "SELECT pg_notify('c', 'x') AS job | pg_notify",
                "SELECT set_config('a.b', 'c', false) AS job | set_config",
                "SELECT nextval('s') AS job | nextval",
                "SELECT public.setval('s', 1) AS job | setval",
                "SELECT pg_try_advisory_xact_lock(1) AS job | pg_try_advisory_xact_lock",
                "SELECT pg_advisory_lock_shared(1) AS job | pg_advisory_lock_shared",
                "SELECT pg_terminate_backend(1) AS job | pg_terminate_backend",
                "SELECT pg_cancel_backend(1) AS job | pg_cancel_backend",
                "SELECT pg_read_file('x') AS job | pg_read_file",
                "SELECT * FROM pg_ls_dir('.') | pg_ls_dir",
                "SELECT query_to_xml('SELECT lo_from_bytea(0, ''x'')', true, false, '') AS job | query_to_xml",
                "WITH r AS (SELECT get_lock('x', 1) AS job) SELECT * FROM r | get_lock",
                "SELECT load_file('/etc/passwd') AS job | load_file",
            })
    void shouldRefuseAStatusQueryThatCallsAFunctionWithSideEffects(final String query, final String function) {
        // When
        List<String> problems = problems("source: sql\nurl: jdbc:postgresql://db/ops\ntimeZone: UTC\nquery: \""
                + query.replace("\"", "\\\"") + "\"\nstatuses: {success: [OK], failure: [ERROR]}");

        // Then
        assertThat(problems)
                .singleElement()
                .asString()
                .startsWith("gate.yaml:9:12: checks[0].query: calls " + function + "(), a function with side effects");
    }

    @Test
    void shouldRefuseAStatusQueryThatSelectsIntoAFile() {
        // When
        List<String> problems = problems("source: sql\nurl: jdbc:mariadb://db/ops\ntimeZone: UTC\n"
                + "query: SELECT job, status, started_at, ended_at INTO OUTFILE '/tmp/runs' FROM runs\n"
                + "statuses: {success: [OK], failure: [ERROR]}");

        // Then
        assertThat(problems)
                .singleElement()
                .asString()
                .isEqualTo("gate.yaml:9:12: checks[0].query: selects INTO a table or a file: remove INTO,"
                        + " the status query may only read");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "SELECT 'lo_from_bytea(0, x)' AS job, status, started_at, ended_at FROM runs",
                "SELECT job, status, started_at, ended_at FROM runs -- lo_import('/etc/passwd')",
                "SELECT job, status, started_at, ended_at /* nextval('s') */ FROM runs",
                "SELECT job, $$pg_notify('c')$$ AS status, started_at, ended_at FROM runs",
                "SELECT job, E'it''s \\' set_config(' AS status, started_at, ended_at FROM runs",
                "SELECT job, status, lo_count AS started_at, nextval_at AS ended_at FROM runs",
                "SELECT job, status, started_at, ended_at FROM runs WHERE \"lo_export\" = 1",
            })
    void shouldAcceptAStatusQueryThatOnlyMentionsSuchFunctionsInTextOrNames(final String query) throws Exception {
        // When
        GateDefinition definition = BatchGates.load("source: sql\nurl: jdbc:postgresql://db/ops\ntimeZone: UTC\n"
                + "query: \"" + query.replace("\\", "\\\\").replace("\"", "\\\"")
                + "\"\nstatuses: {success: [OK], failure: [ERROR]}");

        // Then
        assertThat(definition.getChecks()).hasSize(1);
    }

    @Test
    void shouldRequireStatusValuesThatMeanOneThingEach() {
        // When
        List<String> missing = problems("source: sql\nurl: jdbc:mariadb://db/ops\ntimeZone: UTC\nquery: SELECT 1");
        List<String> twice = problems("source: sql\nurl: jdbc:mariadb://db/ops\ntimeZone: UTC\nquery: SELECT 1\n"
                + "statuses: {success: [OK, done], failure: [DONE]}");

        // Then
        assertThat(missing)
                .singleElement()
                .asString()
                .contains("checks[0].statuses: is required: say which status values mean what");
        assertThat(twice)
                .singleElement()
                .asString()
                .contains("checks[0].statuses.failure: 'DONE' is also listed under success:"
                        + " a status value can mean only one thing");
    }

    @Test
    void shouldLoadAnHttpCheck() throws Exception {
        // When
        GateDefinition definition = BatchGates.load("""
                source: http
                url: https://batch.example.com/api/status?view=jobs
                credentials: batch-api-token
                timeZone: Europe/Berlin
                jobs:
                  orderExport:
                    status: /jobs/orderExport/state
                    expected: [COMPLETED]
                    running: [RUNNING]
                    lastSuccess: /jobs/orderExport/lastSuccess
                    maxAge: 25h
                  "billing/eu":
                    status: /jobs/billing~1eu/state
                    expected: OK
                """);

        // Then
        assertThat(definition.getChecks().get(0).getCheck())
                .hasToString("batchHealth on status endpoint https://batch.example.com/api/status");
    }

    @Test
    void shouldValidateHttpJobs() {
        // When
        List<String> problems = problems("""
                source: http
                url: https://user:pass@batch.example.com/status
                window: 24h
                jobs:
                  orderExport:
                    status: jobs/orderExport/state
                    maxAge: 25h
                  invoiceRun: {expected: [OK], lastSuccess: ""}
                """);

        // Then
        assertThat(problems)
                .containsExactly(
                        "gate.yaml:7:10: checks[0].url: the URL must not hold a user name or password: remove it and name credentials with 'credentials:'",
                        "gate.yaml:8:13: checks[0].window: applies to source springBatch, sql and jenkins only, and this check reads source http:"
                                + " remove 'window' or change 'source'",
                        "gate.yaml:11:9: checks[0].jobs.orderExport.expected: is required: list the status values that mean the job succeeded, such as [COMPLETED]",
                        "gate.yaml:11:17: checks[0].jobs.orderExport.status: 'jobs/orderExport/state' is not a JSON pointer: write it like"
                                + " /jobs/orderExport/status (a '/' before each name, '~1' for a '/' inside a name)",
                        "gate.yaml:12:17: checks[0].jobs.orderExport.maxAge: needs 'lastSuccess:', the JSON pointer to the time of the job's last success",
                        "gate.yaml:13:19: checks[0].jobs.invoiceRun.status: is required: give the JSON pointer to the value, such as /jobs/orderExport/status",
                        "gate.yaml:13:49: checks[0].jobs.invoiceRun.lastSuccess: '' points at the whole document: point at the value, such as"
                                + " /jobs/orderExport/lastSuccess");
    }

    @Test
    void shouldRejectThresholdsBecauseLimitsAreKeysOfTheirOwn() {
        // When
        List<String> problems = problems(SPRING_BATCH + "thresholds: {stuckExecutions: {fail: 1}}");

        // Then
        assertThat(problems)
                .singleElement()
                .asString()
                .contains("checks[0].thresholds: this check type has no thresholds to set");
    }

    @Test
    void shouldNotLoadAnInvalidDefinition() {
        assertThatThrownBy(() -> BatchGates.load("url: jdbc:postgresql://db/batch"))
                .isInstanceOf(InvalidDefinitionException.class);
    }
}
