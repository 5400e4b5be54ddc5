package io.jenkins.plugins.releasegate.checks.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.jenkins.plugins.releasegate.definition.GateDefinition;
import io.jenkins.plugins.releasegate.definition.InvalidDefinitionException;
import io.jenkins.plugins.releasegate.runner.GateListener;
import io.jenkins.plugins.releasegate.runner.GateRunner;
import io.jenkins.plugins.releasegate.spi.CheckResult;
import io.jenkins.plugins.releasegate.spi.GateEnvironment;
import io.jenkins.plugins.releasegate.spi.JobBuild;
import io.jenkins.plugins.releasegate.spi.JobHistories;
import io.jenkins.plugins.releasegate.spi.JobHistory;
import io.jenkins.plugins.releasegate.spi.JobHistoryRequest;
import io.jenkins.plugins.releasegate.spi.Measurement;
import io.jenkins.plugins.releasegate.spi.Problem;
import io.jenkins.plugins.releasegate.spi.Status;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@code jenkins} source of {@code batchHealth}, judged on build histories built here as the plugin builds
 * them from Jenkins jobs.
 */
class BatchHealthJenkinsTest {
    private static final Instant NOW = Instant.parse("2026-03-10T08:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private static JobBuild completed(final int number, final String result, final Duration startedAgo) {
        return new JobBuild(
                number,
                result,
                NOW.minus(startedAgo),
                Duration.ofMinutes(5),
                "https://ci.example.com/job/nightly/job/x/" + number + "/");
    }

    private static JobBuild building(final int number, final Duration startedAgo) {
        return new JobBuild(
                number, null, NOW.minus(startedAgo), null, "https://ci.example.com/job/nightly/job/x/" + number + "/");
    }

    /** A history of builds, newest first; the last successful one is found among them. */
    private static JobHistory history(final String job, final JobBuild... builds) {
        JobBuild lastSuccess = Arrays.stream(builds)
                .filter(build -> "SUCCESS".equals(build.result()))
                .findFirst()
                .orElse(null);
        return new JobHistory(job, "https://ci.example.com/job/" + job + "/", List.of(builds), lastSuccess);
    }

    private static CheckResult run(final String checkKeys, final JobHistory... histories) throws Exception {
        GateDefinition definition = BatchGates.load("source: jenkins\n" + checkKeys);
        GateEnvironment environment = GateEnvironment.builder()
                .clock(CLOCK)
                .jobHistories(JobHistories.of(List.of(histories)))
                .build();
        return new GateRunner()
                .run(definition, environment, GateListener.none())
                .getChecks()
                .get(0)
                .result();
    }

    private static Measurement measurement(final CheckResult result, final String metric) {
        return result.getMeasurements().stream()
                .filter(measurement -> measurement.name().equals(metric))
                .findFirst()
                .orElseThrow();
    }

    private static List<String> problems(final String checkKeys) {
        InvalidDefinitionException exception = catchThrowableOfType(
                InvalidDefinitionException.class, () -> BatchGates.load("source: jenkins\n" + checkKeys));
        assertThat(exception).as("the definition should be rejected").isNotNull();
        return exception.getProblems().stream().map(Problem::toString).toList();
    }

    @Test
    void shouldPassWhenTheLatestBuildsSucceeded() throws Exception {
        // Given
        JobHistory export = history("nightly/export", completed(12, "SUCCESS", Duration.ofHours(3)));

        // When
        CheckResult result = run("jobs: [nightly/export]", export);

        // Then
        assertThat(result.getStatus()).isEqualTo(Status.PASS);
        assertThat(result.getSummary()).isEqualTo("No failed, stuck or running executions in the last 24h");
    }

    @Test
    void shouldFailWhenTheLatestCompletedBuildFailedEvenOutsideTheWindow() throws Exception {
        // Given: the job's last build failed three days ago and it has not run since
        JobHistory export = history(
                "nightly/export",
                completed(12, "FAILURE", Duration.ofDays(3)),
                completed(11, "SUCCESS", Duration.ofDays(4)));

        // When
        CheckResult result = run("jobs: [nightly/export]", export);

        // Then
        assertThat(result.getStatus()).isEqualTo(Status.FAIL);
        assertThat(result.getSummary()).isEqualTo("1 job whose latest completed execution failed (nightly/export)");
        assertThat(measurement(result, "failedExecutions").status()).isEqualTo(Status.FAIL);
        assertThat(result.getDetails())
                .containsExactly("FAIL nightly/export execution #12 (https://ci.example.com/job/nightly/job/x/12/):"
                        + " status FAILURE, started 2026-03-07T08:00:00Z, ended 2026-03-07T08:05:00Z"
                        + " — failed, and it is the job's latest completed execution");
    }

    @Test
    void shouldWarnAboutAFailureTheJobRecoveredFrom() throws Exception {
        // Given
        JobHistory export = history(
                "nightly/export",
                completed(13, "SUCCESS", Duration.ofHours(2)),
                completed(12, "FAILURE", Duration.ofHours(5)));

        // When
        CheckResult result = run("jobs: [nightly/export]", export);

        // Then
        assertThat(result.getStatus()).isEqualTo(Status.WARN);
        assertThat(result.getSummary()).isEqualTo("1 failed execution (nightly/export)");
        assertThat(result.getDetails())
                .singleElement()
                .asString()
                .endsWith("— failed; the job completed successfully since, at 2026-03-10T06:05:00Z");
    }

    @ParameterizedTest
    @ValueSource(strings = {"UNSTABLE", "ABORTED", "NOT_BUILT"})
    void shouldWarnWhenTheLatestBuildIsInconclusive(final String buildResult) throws Exception {
        // Given
        JobHistory export = history("nightly/export", completed(12, buildResult, Duration.ofHours(3)));

        // When
        CheckResult result = run("jobs: [nightly/export]", export);

        // Then
        assertThat(result.getStatus()).isEqualTo(Status.WARN);
        assertThat(result.getSummary()).isEqualTo("1 inconclusive execution (nightly/export)");
        assertThat(measurement(result, "inconclusiveExecutions").value()).isEqualTo(1);
        assertThat(result.getDetails())
                .singleElement()
                .asString()
                .contains("status " + buildResult)
                .endsWith("— did not complete successfully");
    }

    @Test
    void shouldWarnAboutABuildRunningNowAndFailOneRunningLongerThanItsMaxRuntime() throws Exception {
        // Given
        JobHistory export = history(
                "nightly/export", building(13, Duration.ofMinutes(20)), completed(12, "SUCCESS", Duration.ofHours(20)));
        JobHistory ledger = history(
                "nightly/ledger", building(8, Duration.ofHours(7)), completed(7, "SUCCESS", Duration.ofHours(22)));

        // When
        CheckResult running = run("jobs: [nightly/export]", export);
        CheckResult stuck = run("jobs: [nightly/export, nightly/ledger]\nmaxRuntime: 6h", export, ledger);

        // Then
        assertThat(running.getStatus()).isEqualTo(Status.WARN);
        assertThat(running.getDetails())
                .containsExactly("WARN nightly/export execution #13 (https://ci.example.com/job/nightly/job/x/13/):"
                        + " status building, started 2026-03-10T07:40:00Z — running at deploy time, for 20m,"
                        + " last update 20m ago");
        assertThat(stuck.getStatus()).isEqualTo(Status.FAIL);
        assertThat(stuck.getSummary())
                .isEqualTo("1 stuck execution (nightly/ledger); 1 execution running at deploy time (nightly/export)");
    }

    @Test
    void shouldFailARequiredJobWithoutSuccessWithinItsPeriod() throws Exception {
        // Given: the export succeeded 30 hours ago, the ledger never
        JobHistory export = history(
                "nightly/export",
                completed(14, "UNSTABLE", Duration.ofHours(6)),
                completed(13, "SUCCESS", Duration.ofHours(30)));
        JobHistory ledger = history("nightly/ledger", completed(3, "ABORTED", Duration.ofHours(2)));

        // When
        CheckResult result = run(
                "jobs: [nightly/export, nightly/ledger]\nrequiredJobs: {nightly/export: 24h, nightly/ledger: 7d}",
                export,
                ledger);

        // Then
        assertThat(result.getStatus()).isEqualTo(Status.FAIL);
        assertThat(measurement(result, "overdueRequiredJobs").value()).isEqualTo(2);
        assertThat(result.getDetails())
                .contains(
                        "FAIL required job nightly/ledger has never completed successfully",
                        "FAIL required job nightly/export last completed successfully at 2026-03-09T02:05:00Z,"
                                + " 29h 55m ago (allowed 24h + grace 1h)");
    }

    @Test
    void shouldGiveTheSameErrorForAJobThatIsMissingWhateverTheReason() throws Exception {
        // Given: the host found nightly/export and not nightly/secret (missing, or hidden from the build's user)
        JobHistory export = history("nightly/export", completed(12, "SUCCESS", Duration.ofHours(3)));

        // When
        CheckResult result = run("jobs: [nightly/export, nightly/secret]\nrequiredJobs: {nightly/secret: 24h}", export);

        // Then
        assertThat(result.getStatus()).isEqualTo(Status.ERROR);
        assertThat(result.getSummary()).isEqualTo("1 job not found or not readable (nightly/secret)");
        assertThat(measurement(result, "unreadableJobs").status()).isEqualTo(Status.ERROR);
        assertThat(result.getDetails())
                .containsExactly("ERROR job nightly/secret was not found, or the user the build runs as may not read"
                        + " it: check the job's full name (folders and job separated by '/', as in its URL without"
                        + " 'job/') and give that user Item/Read on the job");
    }

    @Test
    void shouldWarnAboutAJobWithoutAnyCompletedBuild() throws Exception {
        // Given
        JobHistory fresh = history("nightly/fresh");

        // When
        CheckResult result = run("jobs: [nightly/fresh]", fresh);

        // Then
        assertThat(result.getStatus()).isEqualTo(Status.WARN);
        assertThat(result.getDetails())
                .containsExactly("WARN job nightly/fresh has no completed execution to judge, so nothing shows it"
                        + " works; if it must have run, list it under 'requiredJobs'");
    }

    @Test
    void shouldSayThatTheSourceWorksInJenkinsOnlyWhenTheHostReadsNoJobs() throws Exception {
        // Given: the CLI, whose environment holds no job histories
        GateDefinition definition = BatchGates.load("source: jenkins\njobs: [nightly/export]");

        // When
        CheckResult result = new GateRunner()
                .run(definition, GateEnvironment.builder().clock(CLOCK).build(), GateListener.none())
                .getChecks()
                .get(0)
                .result();

        // Then
        assertThat(result.getStatus()).isEqualTo(Status.ERROR);
        assertThat(result.getSummary())
                .isEqualTo("source: jenkins reads the builds of Jenkins jobs and works in the releaseGate step of a"
                        + " Jenkins pipeline only: run this gate there, or read the batch jobs from another source"
                        + " (springBatch, sql, http)");
    }

    @Test
    void shouldAskTheHostForEachJobWithTheWindow() throws Exception {
        // When
        GateDefinition definition =
                BatchGates.load("source: jenkins\njobs: [nightly/export, ledger]\nwindow: 48h\ntimeZone: Asia/Tokyo");

        // Then
        assertThat(definition.getChecks().get(0).getJobHistoryRequests())
                .containsExactly(
                        new JobHistoryRequest("nightly/export", Duration.ofHours(48)),
                        new JobHistoryRequest("ledger", Duration.ofHours(48)));
        assertThat(definition.getChecks().get(0).getCheck())
                .hasToString("batchHealth on the builds of Jenkins jobs nightly/export, ledger");
    }

    @Test
    void shouldCombineRequestsOfSeveralChecksWithTheLongestWindow() {
        // When
        List<JobHistoryRequest> combined = JobHistoryRequest.combine(List.of(
                new JobHistoryRequest("a", Duration.ofHours(24)),
                new JobHistoryRequest("b", Duration.ofHours(1)),
                new JobHistoryRequest("a", Duration.ofHours(48))));

        // Then
        assertThat(combined)
                .containsExactly(
                        new JobHistoryRequest("a", Duration.ofHours(48)),
                        new JobHistoryRequest("b", Duration.ofHours(1)));
    }

    @Test
    void shouldKeepHistoriesWhenSerialized() throws Exception {
        // Given: histories travel with the checks as bytes
        JobHistories histories = JobHistories.of(List.of(history(
                "nightly/export", building(13, Duration.ofMinutes(1)), completed(12, "SUCCESS", Duration.ofHours(3)))));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream output = new ObjectOutputStream(bytes)) {
            output.writeObject(histories);
        }

        // When
        JobHistories read;
        try (ObjectInputStream input = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            read = (JobHistories) input.readObject();
        }

        // Then
        assertThat(read.find("nightly/export")).isEqualTo(histories.find("nightly/export"));
        assertThat(read.find("nightly/other")).isEmpty();
    }

    @Test
    void shouldRequireANonEmptyListOfJobs() {
        // When
        List<String> missing = problems("window: 24h");
        List<String> empty = problems("jobs: []");

        // Then
        assertThat(missing)
                .singleElement()
                .asString()
                .endsWith("checks[0].jobs: is required: list the full names of the Jenkins jobs to judge, such as"
                        + " [nightly/orderExport, nightly/invoiceRun]");
        assertThat(empty)
                .singleElement()
                .asString()
                .endsWith("checks[0].jobs: is empty: list at least one job's full name, such as nightly/orderExport");
    }

    @Test
    void shouldRejectNamesThatAreNoFullNames() {
        // When
        List<String> problems = problems("""
                jobs:
                  - https://ci.example.com/job/nightly/job/export/
                  - job/nightly/job/export
                  - /nightly/export
                  - nightly//export
                  - "nightly/export?"
                  - nightly/ledger
                  - nightly/ledger
                """);

        // Then
        assertThat(problems)
                .containsExactly(
                        "gate.yaml:8:9: checks[0].jobs[0]: 'https://ci.example.com/job/nightly/job/export/' is a URL:"
                                + " write the job's full name instead, such as nightly/orderExport (the folders and"
                                + " the job, separated by '/')",
                        "gate.yaml:9:9: checks[0].jobs[1]: 'job/nightly/job/export' is a URL path: write the job's"
                                + " full name without 'job/', such as nightly/orderExport",
                        "gate.yaml:10:9: checks[0].jobs[2]: '/nightly/export' is not a job's full name: write the"
                                + " folders and the job separated by single '/', with none at the start or end,"
                                + " such as nightly/orderExport",
                        "gate.yaml:11:9: checks[0].jobs[3]: 'nightly//export' is not a job's full name: write the"
                                + " folders and the job separated by single '/', with none at the start or end,"
                                + " such as nightly/orderExport",
                        "gate.yaml:12:9: checks[0].jobs[4]: 'nightly/export?' is not a job's full name: Jenkins"
                                + " names contain none of ?*\\%!@#$^&|<>[]:;, such as nightly/orderExport",
                        "gate.yaml:13:9: checks[0].jobs[5]: 'nightly/ledger' is listed twice: remove one");
    }

    @Test
    void shouldRejectKeysOfOtherSourcesUnknownKeysAndJobsNotListed() {
        // When
        List<String> problems = new ArrayList<>(problems("""
                jobs: [nightly/export]
                url: https://ci.example.com/
                maxSilence: 1h
                maxRuntim: 4h
                requiredJobs: {nightly/exprot: 24h}
                """));

        // Then
        assertThat(problems)
                .containsExactly(
                        "gate.yaml:8:10: checks[0].url: applies to source springBatch, sql and http only, and this"
                                + " check reads source jenkins: remove 'url' or change 'source'",
                        "gate.yaml:9:17: checks[0].maxSilence: applies to source springBatch and sql only, and this"
                                + " check reads source jenkins: remove 'maxSilence' or change 'source'",
                        "gate.yaml:10:5: checks[0].maxRuntim: unknown key; did you mean 'maxRuntime'? Remove it or"
                                + " correct its spelling: an unknown key is never ignored.",
                        "gate.yaml:11:36: checks[0].requiredJobs.nightly/exprot: 'nightly/exprot' is not listed under"
                                + " 'jobs': add it there; did you mean 'nightly/export'?");
    }
}
